import type { PersonKeySet } from './person-key-set.js';
import { defaultDetection } from '../detect/detection-settings.js';
import type { DetectionSettings } from '../detect/detection-settings.js';
import type { Detector } from '../detect/detector.js';
import { findInWindows } from '../detect/find-in-windows.js';
import { detach } from '../model/detach.js';
import type { Entity } from '../model/entities.js';
import type { Finding } from '../model/findings.js';
import type { TableUnit } from '../model/units.js';
import { findHeaderRow } from './find-header-row.js';
import { cellTest, profileColumns, trimmed } from './profile-columns.js';
import { PeopleTally } from './people-tally.js';
import { findingFromTally } from './finding-from-tally.js';

/** Entities looked for inside cells of columns that no header or profile named (a "Notes" column). */
const LOOSE_CELL_ENTITIES: readonly Entity[] = ['email', 'phone', 'nir', 'iban', 'payment-card'];

/** The table's header and data rows: the format's header, or the row that reads as one. */
function splitHeader(unit: TableUnit, detection: DetectionSettings): { header: string[] | null; rows: string[][]; headerOffset: number } {
  if (unit.header) return { header: unit.header, rows: unit.rows, headerOffset: 0 };
  const at = findHeaderRow(unit.rows, detection.headers);
  if (at < 0) return { header: null, rows: unit.rows, headerOffset: 0 };
  return { header: unit.rows[at], rows: unit.rows.slice(at + 1), headerOffset: at + 1 };
}

/**
 * Scores a table by its columns: profile each column, then count the rows that are people
 * (two person fields, one an anchor). Returns null when nothing personal is in it. Role addresses
 * and allowlisted values are not counted. `onEmail` sees each personal e-mail counted (the
 * mass-mailing check).
 */
export function scoreTable(unit: TableUnit, inAttachment: boolean, detection: DetectionSettings = defaultDetection(), onEmail?: (value: string) => void): { finding: Finding; keys: PersonKeySet } | null {
  const { header, rows, headerOffset } = splitHeader(unit, detection);
  const profiles = profileColumns(header, rows, detection);
  const tally = new PeopleTally(onEmail);
  const allowlist = detection.allowlist;
  const ignoresEmail = detection.ignoresEmail;
  // Every profiled column is known: its rows are checked as such (see cellTest).
  const checks = profiles.map((p) => ({
    index: p.index,
    isEmail: p.entity === 'email',
    slot: tally.slot(p.entity),
    test: cellTest(p.entity, true, detection),
    // Null without allowlisted values: the loop then tests nothing more than before.
    allowed: p.entity !== 'email' && allowlist?.hasValues ? allowlist : null,
  }));
  const profiled: boolean[] = [];
  for (const p of profiles) profiled[p.index] = true;
  const loose = LOOSE_CELL_ENTITIES.map((e) => detection.detectorFor(e)).filter((d) => d !== undefined);
  const matchedColumns: boolean[] = [];

  for (const row of rows) {
    let found = false;
    for (const col of checks) {
      const cell = trimmed(row[col.index]);
      if (!cell || !col.test(cell) || (col.isEmail && ignoresEmail(cell)) || (col.allowed !== null && col.allowed.hasValue(cell))) continue;
      tally.add(col.slot, cell);
      matchedColumns[col.index] = found = true;
    }
    if (addLooseValues(row, profiled, loose, tally, detection)) found = true;
    if (found) tally.endRecord();
  }

  const columns = profiles
    .filter((p) => matchedColumns[p.index])
    .map((p) => ({ header: p.header !== null ? detach(p.header) : `#${p.index + 1}`, entity: p.entity }));
  const totalRows = Math.max(0, unit.totalRows - headerOffset);
  const finding = findingFromTally(tally, { where: unit.where, rows: totalRows, columns, inAttachment });
  return finding ? { finding, keys: tally.keys } : null;
}

/** Adds the identifiers found inside the row's unprofiled cells; true when there was one. */
function addLooseValues(row: string[], profiled: boolean[], loose: readonly Detector[], tally: PeopleTally, detection: DetectionSettings): boolean {
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
