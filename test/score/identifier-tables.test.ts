import { describe, expect, it } from 'vitest';
import { groupNir } from '../../fixtures/generator/identifiers.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { createRng } from '../../fixtures/generator/rng.js';
import { personnelTable } from '../../fixtures/generator/tables.js';
import { scoreTable } from '../../src/score/score-table.js';
import { scoreText } from '../../src/score/score-text.js';

/** The corpus's HR leak shape: names, birth dates, NIR, IBAN, addresses; no e-mail, no phone. */
function hrTable(withKey = true) {
  const table = personnelTable(makePeople(11, 30), createRng(11));
  const keep = ['Nom', 'Prénom', 'Date de naissance', 'N° sécurité sociale', 'IBAN', 'Adresse', 'Code postal', 'Commune'];
  const cols = keep.map((h) => table.header.indexOf(h));
  const rows = table.rows.map((r) => cols.map((c) => r[c]));
  // A NIR column of 13 characters without key, as some payroll exports write it.
  if (!withKey) for (const r of rows) r[3] = r[3].replace(/ \d\d$/, '');
  return { kind: 'table' as const, where: 'paie.xlsx#Salariés', header: keep, rows, totalRows: rows.length };
}

describe('identifier tables', () => {
  it('an HR file with NIR and IBAN but no e-mail or phone: 30 people, every identifier counted', () => {
    const scored = scoreTable(hrTable(), true);
    expect(scored?.finding.people).toBe(30);
    expect(scored?.finding.entities).toEqual({
      'last-name': 30, 'first-name': 30, 'birth-date': 30, nir: 30, iban: 30, 'postal-address': 30, 'postal-code': 30, city: 30,
    });
  });

  it('NIRs without key count in a column headed as NIR', () => {
    expect(scoreTable(hrTable(false), true)?.finding.entities.nir).toBe(30);
  });

  it('the same rows as text lines: NIR (with key) and IBAN found on each line', () => {
    const { rows } = hrTable();
    const scored = scoreText({ kind: 'text', where: 'paie.txt', text: rows.map((r) => r.join(' ; ')).join('\n') }, true);
    expect([scored?.finding.people, scored?.finding.entities.nir, scored?.finding.entities.iban]).toEqual([30, 30, 30]);
  });

  it('the generator writes NIRs in the carte Vitale grouping', () => {
    expect(groupNir('185057800608491')).toBe('1 85 05 78 006 084 91');
  });
});
