/** A French address's last line: the postcode, then the town (AFNOR NF Z10-011). */
const TOWN_LINE = /^\s*(?:F-)?\d{5}\s+\S/;

/** Whether a line is a French address's last line ("83000 Toulon", "F-83000 TOULON CEDEX"). */
export function isTownLine(line: string): boolean {
  return TOWN_LINE.test(line);
}

/**
 * Whether columns of lines are labels side by side (a sheet of labels printed to PDF, 2 to 4
 * across): every column has town lines, the end of each label, a few in ten of its lines. A customer table's "CP Ville" column is all town lines, and its other columns have none.
 */
export function areLabelColumns(columns: readonly (readonly string[])[]): boolean {
  if (columns.length === 0) return false;
  for (const lines of columns) {
    let filled = 0;
    let towns = 0;
    for (const line of lines) {
      if (!line || !line.trim()) continue;
      filled++;
      if (isTownLine(line)) towns++;
    }
    if (filled === 0 || towns * 6 < filled || towns * 5 > filled * 3) return false;
  }
  return true;
}
