/**
 * Content units: what extractors hand to the detectors. Tables keep their columns because the
 * column is the strongest evidence there is (a column headed "Email" full of personal addresses).
 */
export interface TableUnit {
  kind: 'table';
  where: string;
  /** The header row when the format or the content gives one; found again by score/find-header-row. */
  header: string[] | null;
  rows: string[][];
  /** Rows in the source, which can exceed rows.length when a row limit stopped reading. */
  totalRows: number;
}

export interface TextUnit {
  kind: 'text';
  where: string;
  text: string;
}

export type Unit = TableUnit | TextUnit;
