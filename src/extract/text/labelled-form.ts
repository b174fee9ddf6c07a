/**
 * "Nom : DUPONT", "Tél. : 04 65 71 12 34": a short label, a colon, a value. Explicit Latin letters
 * rather than \p{L}, as everywhere in the scanner; a URL ("https://") is no label.
 */
const LABELLED_CELL = /^[A-Za-zÀ-ÖØ-öø-ÿŒœ][A-Za-zÀ-ÖØ-öø-ÿŒœ°'’.()\s-]{0,29}:\s*[^\s/]/;

/** Rows looked at: a form is short, and a table's first rows tell as much as all of them. */
export const LABELLED_FORM_SAMPLE = 20;

/**
 * A block of label-value pairs laid out side by side (a one-person form, a letter's reference
 * box) has rows and columns, but its columns hold labels and values of different fields: read as
 * a table, its values lose their labels, which text scoring uses. It is one when at least half of
 * the filled cells of its first rows are labelled.
 */
export function isLabelledForm(rows: readonly (readonly string[])[]): boolean {
  let filled = 0;
  let labelled = 0;
  for (const row of rows.slice(0, LABELLED_FORM_SAMPLE)) {
    for (const cell of row) {
      if (!cell) continue;
      filled++;
      if (LABELLED_CELL.test(cell)) labelled++;
    }
  }
  return filled > 0 && labelled * 2 >= filled;
}
