/** An error's message as one short line for an issue's detail: never a stack trace. SheetJS throws strings too. */
export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0].slice(0, 200);
}
