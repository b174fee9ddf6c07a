/**
 * A copy of a string that does not keep its source alive. V8 takes substrings as views on the
 * whole string they come from: a sample cell or a header kept in a result would hold the entire
 * decoded attachment (megabytes) for the rest of the run, once per message of an mbox.
 */
export function detach(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
