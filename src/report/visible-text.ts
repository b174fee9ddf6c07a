/**
 * Characters a report must never print raw: C0 controls (line breaks and tabs included: every
 * value is shown on one line), DEL, C1 controls, the Unicode bidi marks, embeddings, overrides and
 * isolates, and the line and paragraph separators. File names, header values and cell contents
 * come from the sender: raw, they can clear a terminal and print a forged "OK" line, reverse a
 * name (`cod.exe` shown as `exe.doc`), or break a line-based format.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One such character as a visible escape: `\x1b`, `\u202e`. */
function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The string with every control and bidi character replaced by its visible escape. */
export function visibleText(text: string): string {
  INVISIBLE.lastIndex = 0;
  return INVISIBLE.test(text) ? text.replace(INVISIBLE, escapeChar) : text;
}

/**
 * A copy of a plain JSON-like value (objects, arrays, strings, numbers) with every string, keys
 * included, made visible: the one place where report data from the input is cleaned, before any
 * reporter sees it, so that no format can forget it.
 */
export function visibleStrings<T>(value: T): T {
  if (typeof value === 'string') return visibleText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => visibleStrings(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[visibleText(k)] = visibleStrings(v);
    return out as T;
  }
  return value;
}
