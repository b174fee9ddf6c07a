import { describe, expect, it } from 'vitest';
import { headerLexicon } from '../../src/detect/header-lexicon.js';
import { FingerprintBuilder, FingerprintIndex } from '../../src/fingerprint/fingerprint-file.js';
import { readCustomerBase } from '../../src/fingerprint/customer-base.js';
import { matchUnit } from '../../src/fingerprint/match-unit.js';
import { cpuGrowth, MAX_GROWTH, repeated } from '../helpers/cpu-growth.js';

/**
 * Exact matching looks at every value-shaped token of a mail, and reads bases of millions of
 * rows: its cost must grow linearly whatever the layout. CPU time at 256 KiB, 1 MiB and 4 MiB;
 * each 4x input may cost at most MAX_GROWTH times more (matching: MATCH_MAX_GROWTH, below).
 */
const SIZES = [256, 1024, 4096].map((k) => k * 1024);
const SECRET = Buffer.alloc(32, 7);

function smallIndex(): FingerprintIndex {
  const builder = new FingerprintBuilder(SECRET);
  builder.add('customer-id', '1234567', 0);
  builder.add('email', 'jeanne.morel@example.com', 1);
  builder.add('name-postcode', 'dupont jean|83000', 2);
  builder.add('phone', '+33465711234', 3);
  return FingerprintIndex.open(builder.finish({ records: 4, nextRecord: 4 }), SECRET, 'test');
}

const TEXTS: [string, string][] = [
  ['address blocks', 'Jean DUPONT\n12 rue Victor Hugo\n83000 TOULON\n'],
  ['table rows as text', 'Jean DUPONT    83000  Toulon\n'],
  ['one line of names and postal codes', 'Jean DUPONT Marie Curie 83000 '],
  ['one line of capitalised words', 'Alpha Beta Gamma Delta '],
  ['postal codes only', '83000 '],
  ['numbers', 'dossier 1234567, réf. ABO-12345678 / 12/03/1985 '],
  ['e-mails and phones', 'jeanne.morel@example.com 04 65 71 12 34 '],
  ['apostrophes and hyphens', "D'''''''''''''-'-'-'-' "],
];

/**
 * Matching reads its input several times (each detector, the ID tokens, the postal codes) and its
 * cost a byte moves with the caches the input fills: a 4x input may cost 8 times more here.
 * Quadratic work costs 16 times more: it still fails. Measured: a table's cost a row, best of the
 * rounds on an idle machine, 0.74-2.37 µs at 1 MiB and 1.12-1.45 at 4 MiB, and a CI run's pair of
 * ratios 6.1 and 2.3 for linear work; a line of capitalised words, 1.2 ms at 512 KiB and 4.8 ms
 * at 2 MiB on a loaded machine (4.0), and 1.7 ms against 10.7 ms (6.2) in a CI run while a second
 * test run shared its two processors and their cache.
 */
const MATCH_MAX_GROWTH = 8;

describe('matching a unit against the fingerprints grows linearly', () => {
  const index = smallIndex();
  const lexicon = headerLexicon();
  // From 512 KiB: at 256 KiB the cheap shapes take about 10 ms, where a collection or a burst of load is a ratio of its own.
  it.each(TEXTS)('text: %s', async (_name, period) => {
    const growth = await cpuGrowth((bytes) => repeated(period, bytes), (text) => matchUnit({ kind: 'text', where: 'x', text }, index, lexicon), [512 * 1024, 2048 * 1024]);
    for (const r of growth.ratios) expect(r, growth.summary).toBeLessThanOrEqual(MATCH_MAX_GROWTH);
  }, 600_000);

  it('table: rows of names, postal codes and numbers', async () => {
    const row = ['DUPONT', 'Jean', '12 rue X', '83000', 'Toulon', 'jeanne.morel@example.com', '1234567', 'Particulier'];
    const growth = await cpuGrowth(
      (bytes) => ({ kind: 'table' as const, where: 'x', header: null, rows: Array.from({ length: Math.ceil(bytes / 80) }, () => [...row]), totalRows: Math.ceil(bytes / 80) }),
      (table) => matchUnit(table, index, lexicon),
      SIZES,
    );
    for (const r of growth.ratios) expect(r, growth.summary).toBeLessThanOrEqual(MATCH_MAX_GROWTH);
  }, 600_000);
});

describe('building and reading a base grows linearly', () => {
  it('one value shared by every record (one bucket holding them all)', async () => {
    const growth = await cpuGrowth(
      (bytes) => bytes / 16,
      (records) => {
        const builder = new FingerprintBuilder(SECRET);
        for (let r = 0; r < records; r++) builder.add('phone', '+33465710000', r);
        builder.finish({ records, nextRecord: records });
      },
      SIZES,
    );
    for (const r of growth.ratios) expect(r, growth.summary).toBeLessThanOrEqual(MAX_GROWTH);
  }, 600_000);

  it('a CSV of blank lines and delimiters between its rows', async () => {
    const growth = await cpuGrowth(
      (bytes) => Buffer.from(`Email;Nom\n${repeated('jeanne.morel@example.com;Morel\n\n;;\n   \n', bytes)}`),
      async (csv) => {
        for await (const table of readCustomerBase('x.csv', csv, (cell) => cell === 'Email' || cell === 'Nom')) table.eachRow(() => undefined);
      },
      SIZES,
    );
    for (const r of growth.ratios) expect(r, growth.summary).toBeLessThanOrEqual(MAX_GROWTH);
  }, 600_000);
});
