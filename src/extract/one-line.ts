/**
 * An error's message as one short line for an issue's detail: never a stack trace. SheetJS throws
 * strings, pdf.js objects with a message.
 */
export function oneLine(err: unknown): string {
  const carried = (err as { message?: unknown } | null)?.message;
  const message = typeof carried === 'string' ? carried : String(err);
  return message.split('\n')[0].slice(0, 200);
}
