/**
 * Text of a cell that holds a nested table: pieces with the separator that joins them, joined
 * into one string once, by the outermost cell. Joining at every level cost the depth of the nest
 * times the size of its text (a table in a cell in a table... 50 levels down).
 */
export class JoinedText {
  constructor(
    /** Never empty, nor any of them. */
    readonly pieces: readonly Text[],
    readonly separator: string,
  ) {}
}

export type Text = string | JoinedText;

/** Non-empty pieces joined by `separator`: '' for none, the piece itself for one. */
export function joinText(pieces: readonly Text[], separator: string): Text {
  if (pieces.length === 0) return '';
  return pieces.length === 1 ? pieces[0] : new JoinedText(pieces, separator);
}

/** The text as one string, without recursion (a nest may be thousands of levels deep). */
export function flatText(text: Text): string {
  if (typeof text === 'string') return text;
  const out: string[] = [];
  const stack: { joined: JoinedText; next: number }[] = [{ joined: text, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const { pieces, separator } = top.joined;
    if (top.next === pieces.length) {
      stack.pop();
      continue;
    }
    if (top.next > 0) out.push(separator);
    const piece = pieces[top.next++];
    if (typeof piece === 'string') out.push(piece);
    else stack.push({ joined: piece, next: 0 });
  }
  return out.join('');
}

const isFlatRow = (row: readonly Text[]): row is string[] => row.every((cell) => typeof cell === 'string');

/** Rows as strings: the same arrays when they are already (rows repeated by reference stay shared). */
export function flatRows(rows: Text[][]): string[][] {
  return rows.every(isFlatRow) ? rows : rows.map((row) => row.map(flatText));
}
