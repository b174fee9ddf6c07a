/**
 * pdf.js runs its "worker" in this thread under Node, and on some damaged files (a bad flate stream,
 * then broken cross-references) it caches promises that reject with nobody listening: Node then
 * kills the process after the report was written, with a stack trace and exit code 1, which reads
 * as "blocked". The page that failed is already reported as an issue by the extractor, so these
 * late rejections carry no news.
 */

/** Exceptions pdf.js defines (BaseException subclasses); their prototype's stack names the worker file. */
const PDFJS_EXCEPTIONS = new Set([
  'AbortException', 'FormatError', 'InvalidPDFException', 'MissingDataException', 'ParserEOFException',
  'PasswordException', 'ResponseException', 'UnknownErrorException', 'XRefEntryException', 'XRefParseException',
]);

function isPdfjsException(reason: unknown): boolean {
  const e = reason as { name?: unknown; stack?: unknown } | null;
  return typeof e?.name === 'string' && PDFJS_EXCEPTIONS.has(e.name) && typeof e.stack === 'string' && /pdf\.worker|pdfjs-dist/.test(e.stack);
}

let installed = false;

/**
 * Ignores unhandled rejections that come from pdf.js, once per process. Any other rejection
 * behaves as without this listener: when it is the only one, it rethrows, and Node reports an
 * uncaught exception as it would have.
 */
export function ignorePdfjsRejections(): void {
  if (installed) return;
  installed = true;
  const listener = (reason: unknown) => {
    if (isPdfjsException(reason)) return;
    if (process.listenerCount('unhandledRejection') === 1) throw reason;
  };
  process.on('unhandledRejection', listener);
}
