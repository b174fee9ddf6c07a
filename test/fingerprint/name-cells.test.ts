import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerLexicon } from '../../src/detect/header-lexicon.js';
import type { FingerprintIndex } from '../../src/fingerprint/fingerprint-file.js';
import { matchUnit } from '../../src/fingerprint/match-unit.js';
import type { TableUnit } from '../../src/model/units.js';
import { fingerprintBase } from '../helpers/fingerprint-base.js';

/**
 * Which cells of a table are read as names: a Latin-1 name is told by a pattern without the u
 * flag, any other by the full one. Customers whose names are past Latin-1 (Polish, Czech), or
 * hold a typographic apostrophe, are found under renamed headers as the others are.
 */
const dir = mkdtempSync(join(tmpdir(), 'pii-scan-name-cells-'));
let index: FingerprintIndex;
const BASE = [
  ['Nom', 'Prénom', 'Code postal', 'N° client'],
  ['WIŚNIEWSKI', 'Łukasz', '83000', 'C100001'],
  ['DVOŘÁK', 'Jiří', '13001', 'C100002'],
  ['O’BRIEN', 'Siobhán', '69003', 'C100003'],
  ['DUPONT', 'Jean', '75011', 'C100004'],
];

beforeAll(async () => {
  index = await fingerprintBase(dir, BASE);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const table = (rows: string[][]): TableUnit => ({ kind: 'table', where: 'export.csv', header: ['Col A', 'Col B', 'Col C'], rows, totalRows: rows.length });

describe('name cells of a table, Latin-1 or not', () => {
  it('finds each customer by name and postal code, whatever the script', () => {
    const rows = BASE.slice(1).map(([last, first, postcode]) => [last, first, postcode]);
    const match = matchUnit(table(rows), index, headerLexicon());
    expect(match?.records.size).toBe(4);
    expect(match?.entities).toEqual({ 'full-name': 4 });
  });

  it('a cell with a digit, an @ or a sign among its letters is no name', () => {
    const rows = [
      ['WIŚNIEWSKI2', 'Łukasz', '83000'],
      ['DVOŘÁK', 'Jiří@', '13001'],
      ['O’BRIEN', 'Siobhán+', '69003'],
      ['DUPONT', 'Jean×', '75011'],
    ];
    expect(matchUnit(table(rows), index, headerLexicon())).toBeNull();
  });
});
