import type { PersonKeySet } from './person-key-set.js';
import { detectorFor } from '../detect/detectors/index.js';
import { isRoleAddress } from '../detect/detectors/email.js';
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


/**
 * Scores a table by its columns: profile each column, then count the rows that are people
 * (two person fields, one an anchor). Returns null when nothing personal is in it. `onEmail`
 * sees each personal e-mail counted (the mass-mailing check).
 */
export function scoreTable(unit: TableUnit, inAttachment: boolean, onEmail?: (value: string) => void): { finding: Finding; keys: PersonKeySet } | null {
  let { header, rows } = unit;
  let headerOffset = 0;
  if (!header) {
    const at = findHeaderRow(rows);
    if (at >= 0) {
      header = rows[at];
      rows = rows.slice(at + 1);
      headerOffset = at + 1;
    }
  }
  const profiles = profileColumns(header, rows);
  const tally = new PeopleTally(onEmail);
  // Every profiled column is known: its rows are checked as such (see cellTest).
  const checks = profiles.map((p) => ({ index: p.index, isEmail: p.entity === 'email', slot: tally.slot(p.entity), test: cellTest(p.entity, true) }));
  const profiled: boolean[] = [];
  for (const p of profiles) profiled[p.index] = true;
  const loose = LOOSE_CELL_ENTITIES.map((e) => detectorFor(e)).filter((d) => d !== undefined);
  const matchedColumns: boolean[] = [];

  for (const row of rows) {
    let found = false;
    for (const col of checks) {
      const cell = trimmed(row[col.index]);
      if (!cell || !col.test(cell) || (col.isEmail && isRoleAddress(cell))) continue;
      tally.add(col.slot, cell);
      matchedColumns[col.index] = found = true;
    }
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (profiled[c] || !cell || !/[@\d]/.test(cell)) continue;
      for (const d of loose) {
        for (const m of d.find(cell)) {
          if (m.entity === 'email' && isRoleAddress(m.value)) continue;
          tally.add(tally.slot(m.entity), m.value);
          found = true;
        }
      }
    }
    if (found) tally.endRecord();
  }

  const columns = profiles
    .filter((p) => matchedColumns[p.index])
    .map((p) => ({ header: p.header !== null ? detach(p.header) : `#${p.index + 1}`, entity: p.entity }));
  const totalRows = Math.max(0, unit.totalRows - headerOffset);
  const finding = findingFromTally(tally, { where: unit.where, rows: totalRows, columns, inAttachment });
  return finding ? { finding, keys: tally.keys } : null;
}
