import type { PersonKeySet } from './person-key-set.js';
import { defaultDetection } from '../detect/detection-settings.js';
import type { DetectionSettings } from '../detect/detection-settings.js';
import type { Allowlist } from '../detect/allowlist.js';
import type { Detector } from '../detect/detector.js';
import { findInWindows } from '../detect/find-in-windows.js';
import { detach } from '../model/detach.js';
import type { Entity } from '../model/entities.js';
import type { Finding } from '../model/findings.js';
import type { TableUnit } from '../model/units.js';
import { findHeaderRow } from './find-header-row.js';
import type { SeenMatches } from '../detect/seen-matches.js';
import { cellTest, profileColumns, trimmed } from './profile-columns.js';
import { PeopleTally } from './people-tally.js';
import { findingFromTally } from './finding-from-tally.js';

/** Entities looked for inside cells of columns that no header or profile named (a "Notes" column). */
const LOOSE_CELL_ENTITIES: readonly Entity[] = ['email', 'phone', 'nir', 'iban', 'payment-card'];

/** The table's header and data rows: the format's header, or the row that reads as one. */
function splitHeader(unit: TableUnit, detection: DetectionSettings, seen?: SeenMatches): { header: string[] | null; rows: string[][]; headerOffset: number } {
  if (unit.header) return { header: unit.header, rows: unit.rows, headerOffset: 0 };
  const at = findHeaderRow(unit.rows, detection.headers);
  seen?.table(unit.rows, at);
  if (at < 0) return { header: null, rows: unit.rows, headerOffset: 0 };
  return { header: unit.rows[at], rows: unit.rows.slice(at + 1), headerOffset: at + 1 };
}

/**
 * Scores a table by its columns: profile each column, then count the rows that are people
 * (two person fields, one an anchor). Returns null when nothing personal is in it. Role addresses
 * and allowlisted values are not counted. `onEmail` sees each personal e-mail counted (the
 * mass-mailing check).
 */
export function scoreTable(
  unit: TableUnit,
  inAttachment: boolean,
  detection: DetectionSettings = defaultDetection(),
  onEmail?: (value: string) => void,
  seen?: SeenMatches,
): { finding: Finding; keys: PersonKeySet } | null {
  const { header, rows, headerOffset } = splitHeader(unit, detection, seen);
  const companies = companyColumns(header, rows, detection);
  // A company column's values are the company's name, not a person's, whatever else its header says.
  const profiles = profileColumns(header, rows, detection).filter((p) => !companies.named.has(p.index));
  const tally = new PeopleTally(onEmail);
  tally.reserve(rows.length);
  const allowlist = detection.allowlist;
  // Every profiled column is known: its rows are checked as such (see cellTest).
  const checks: ColumnCheck[] = profiles.map((p) => ({
    index: p.index,
    isEmail: p.entity === 'email',
    isCompanyId: p.entity === 'siren' || p.entity === 'siret' || p.entity === 'vat-fr',
    slot: tally.slot(p.entity),
    test: cellTest(p.entity, true, detection),
    // Null without allowlisted values: the loop then tests nothing more than before.
    allowed: p.entity !== 'email' && allowlist?.hasValues ? allowlist : null,
  }));
  const profiled: boolean[] = [];
  for (const p of profiles) profiled[p.index] = true;
  const loose = LOOSE_CELL_ENTITIES.map((e) => detection.detectorFor(e)).filter((d) => d !== undefined);
  const matchedColumns = tallyRows(rows, { companies, checks, profiled, loose }, tally, detection);

  const columns = profiles
    .filter((p) => matchedColumns[p.index])
    .map((p) => ({ header: p.header !== null ? detach(p.header) : `#${p.index + 1}`, entity: p.entity }));
  const totalRows = Math.max(0, unit.totalRows - headerOffset);
  const finding = findingFromTally(tally, { where: unit.where, rows: totalRows, columns, inAttachment });
  return finding ? { finding, keys: tally.keys } : null;
}

/** What scoreTable reads each row with: the columns it checks and how. */
interface TableChecks {
  companies: CompanyColumns;
  checks: readonly ColumnCheck[];
  /** Columns a header or a profile named: their cells are not searched for loose values. */
  profiled: readonly boolean[];
  loose: readonly Detector[];
}

/** A profiled column as scoreTable checks its cells. */
interface ColumnCheck {
  index: number;
  isEmail: boolean;
  isCompanyId: boolean;
  slot: number;
  test: (cell: string) => boolean;
  allowed: Allowlist | null;
}

/**
 * Counts the people of a table's rows into `tally`; returns the columns that held a value counted.
 * Apart from scoreTable's profiling of the columns: this loop is what the optimising compiler
 * makes fast, and compiles again whenever a table shows it something new (a sheet's sparse rows,
 * another column test); kept small, each compilation costs less (on the 100 MB corpus mailbox
 * scoreTable took 11 compilations, more than any other function).
 */
function tallyRows(rows: readonly string[][], table: TableChecks, tally: PeopleTally, detection: DetectionSettings): boolean[] {
  const { companies, checks, profiled, loose } = table;
  const ignoresEmail = detection.ignoresEmail;
  const matchedColumns: boolean[] = [];
  for (const row of rows) {
    let found = false;
    // A company's row: a value under a company header, a company identifier, a legal form where the column has them.
    let company = false;
    for (const c of companies.named) if (trimmed(row[c])) company = true;
    for (const c of companies.legalForm) if (LEGAL_FORM.test(row[c] ?? '')) company = true;
    for (const col of checks) {
      const cell = trimmed(row[col.index]);
      if (!cell || !col.test(cell) || (col.isEmail && ignoresEmail(cell)) || (col.allowed !== null && col.allowed.hasValue(cell))) continue;
      if (col.isCompanyId) company = true;
      // "Boulangerie Martin SARL" under Nom is the company, no contact's name.
      if (company && companies.legalForm.has(col.index) && LEGAL_FORM.test(cell)) continue;
      tally.add(col.slot, cell);
      matchedColumns[col.index] = found = true;
    }
    if (addLooseValues(row, profiled, loose, tally, detection)) found = true;
    if (found) tally.endRecord(company);
  }

  return matchedColumns;
}

/**
 * A company's legal form, as a word: SARL, SAS, EURL... in capitals, or a name that says it
 * (Association, Société, Mutuelle). "SA" alone is one only after a name ("Dupont SA").
 */
const LEGAL_FORM = /(?:^|[\s,.(])(?:SARL|SASU|SAS|EURL|SCI|SCOP|SCP|SNC|GIE|SELARL|SELAS|SEM|SPL|EARL|GAEC|SCEA|EIRL|Ltd|GmbH|Inc)\.?(?=$|[\s,.)])|\S\s+S\.?A\.?$|^(?:Association|Société|Mutuelle|Fondation|Syndicat|Coopérative|Groupement)\b/;
/** A column is one of legal forms when this share of its sample shows one. */
const LEGAL_FORM_SHARE = 0.2;
const COMPANY_SAMPLE = 100;

/** Columns of company names (by their header), and columns where company names show their legal form. */
interface CompanyColumns {
  named: Set<number>;
  legalForm: Set<number>;
}

/**
 * The columns that make a row a company's: `named` by a company header (Raison sociale,
 * Fournisseur: any value there), `legalForm` where a fifth of the sampled cells carry a legal form
 * (then a cell with one). A supplier directory's rows are companies, not people; a named contact
 * in one is a person.
 */
function companyColumns(header: string[] | null, rows: string[][], detection: DetectionSettings): CompanyColumns {
  const named = new Set<number>();
  const legalForm = new Set<number>();
  const width = Math.max(header?.length ?? 0, rows[0]?.length ?? 0);
  for (let c = 0; c < width; c++) {
    const h = header?.[c];
    if (h && detection.headers.isCompany(h)) {
      named.add(c);
      continue;
    }
    const step = Math.max(1, Math.floor(rows.length / COMPANY_SAMPLE));
    let filled = 0;
    let forms = 0;
    for (let r = 0; r < rows.length; r += step) {
      const cell = rows[r][c];
      if (!cell) continue;
      filled++;
      if (LEGAL_FORM.test(cell)) forms++;
    }
    if (forms > 0 && forms >= filled * LEGAL_FORM_SHARE) legalForm.add(c);
  }
  return { named, legalForm };
}

/** Adds the identifiers found inside the row's unprofiled cells; true when there was one. */
function addLooseValues(row: string[], profiled: readonly boolean[], loose: readonly Detector[], tally: PeopleTally, detection: DetectionSettings): boolean {
  let found = false;
  for (let c = 0; c < row.length; c++) {
    const cell = row[c];
    if (profiled[c] || !cell || !/[@\d]/.test(cell)) continue;
    for (const d of loose) {
      findInWindows(d, cell, (m) => {
        if (m.entity === 'email' ? detection.ignoresEmail(m.value) : detection.allowlist?.hasValue(m.value)) return;
        tally.add(tally.slot(m.entity), m.value);
        found = true;
      });
    }
  }
  return found;
}
