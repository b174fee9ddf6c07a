/**
 * White-space clean-up of extracted text by plain scans. The regexes these replace
 * (`[ \t\u00a0]*\n\s*` replaced globally, `(?:\n[ \t\u00a0]*)+$`) retried every position of a run
 * of spaces or of empty lines before failing: quadratic on a page of `&nbsp;` or a document of
 * empty paragraphs.
 */

/** Spaces within a line: space, tab, no-break space. */
const isLineSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0xa0;

/** What `\s` matches in a JavaScript regex. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Each line end with the spaces before it and all the white space after it (blank lines
 * included) made one `\n`, in one pass: what replacing `[ \t\u00a0]*\n\s*` with `\n` everywhere gives.
 */
export function collapseLineSpace(text: string): string {
  const out: string[] = [];
  let from = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
    let before = nl;
    while (before > from && isLineSpace(text.charCodeAt(before - 1))) before--;
    let after = nl + 1;
    while (after < text.length && isSpace(text.charCodeAt(after))) after++;
    out.push(text.slice(from, before), '\n');
    from = after;
  }
  if (from === 0) return text;
  out.push(text.slice(from));
  return out.join('');
}

/**
 * The text without its leading and trailing blank lines (lines of spaces, tabs and no-break spaces
 * only); the first and last lines that hold text keep their own spaces. What
 * `text.replace(/^(?:[ \t\u00a0]*\n)+|(?:\n[ \t\u00a0]*)+$/g, '')` gives, in one pass.
 */
export function trimBlankLines(text: string): string {
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) start = i + 1;
    else if (!isLineSpace(c)) break;
  }
  let end = text.length;
  for (let i = text.length - 1; i >= start; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) end = i;
    else if (!isLineSpace(c)) break;
  }
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
