/**
 * Exact match replayed in one thread (issue "Know your own customers"): what `matchUnit` costs
 * on its own, without parsing or scoring, against a synthetic base of a million customers, on
 *   - a customer file of 15,930 other people (the founding case's columns; the generator's name
 *     and postal code lists are the base's, so a few share a customer's name and postal code),
 *     read as papaparse gives a CSV to the scan: µs a row;
 *   - 4 MB of business prose with a contact every 40 sentences: MB/s.
 * The whole-run cost (the mailbox scanned with and without fingerprints) is `npm run bench --
 * --customers N --mbox FILE`; this one tells which part of it matching is, and moves with each
 * change to the matcher. The compiled dist/ is timed (see bench-common.ts for why).
 *
 *   npm run bench:match [-- --runs 15 --customers 1000000]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { toCsvText } from '../fixtures/generator/files.js';
import { makePeople } from '../fixtures/generator/people.js';
import { businessProse } from '../fixtures/generator/prose.js';
import { createRng } from '../fixtures/generator/rng.js';
import { customerTable } from '../fixtures/generator/tables.js';
import { compiled, timeRuns, writeCustomerBase } from './bench-common.js';

const FILE_ROWS = 15_930;
const PROSE_BYTES = 4 * 1024 * 1024;

/** The base fingerprinted by the command a user runs. */
function fingerprintBase(dir: string, customers: number): string {
  const csv = writeCustomerBase(join(dir, 'clients.csv'), customers);
  const fp = join(dir, 'clients.pii-fp');
  const made = spawnSync(process.execPath, [new URL('../bin/pii-scan.js', import.meta.url).pathname, 'fingerprint', csv, '--output', fp], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`pii-scan fingerprint failed: ${made.stderr}`);
  return fp;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, customers: { type: 'string', default: '1000000' } } });
  const runs = Math.max(1, Number(values.runs));
  const customers = Number(values.customers);
  const { loadFingerprints, openFingerprints } = await compiled<typeof import('../src/fingerprint/load-fingerprints.js')>('fingerprint/load-fingerprints.js');
  const { matchUnit } = await compiled<typeof import('../src/fingerprint/match-unit.js')>('fingerprint/match-unit.js');
  const { headerLexicon } = await compiled<typeof import('../src/detect/header-lexicon.js')>('detect/header-lexicon.js');

  const dir = mkdtempSync(join(tmpdir(), 'bench-match-'));
  try {
    const index = openFingerprints(await loadFingerprints(fingerprintBase(dir, customers), undefined));
    const lexicon = headerLexicon();
    // People of another seed than the base's: their numbers and e-mails are nobody's, a few of their names with a postal code are a customer's.
    const people = makePeople(4, FILE_ROWS);
    const [header, ...rows] = Papa.parse<string[]>(toCsvText(customerTable(people)), { delimiter: ';', skipEmptyLines: true }).data;
    const table = { kind: 'table' as const, where: 'clients.csv', header, rows, totalRows: rows.length };
    const prose = { kind: 'text' as const, where: 'body/text', text: businessProse(createRng(4), people, PROSE_BYTES) };
    const found = [matchUnit(table, index, lexicon), matchUnit(prose, index, lexicon)].map((m) => m?.records.size ?? 0);
    console.log(`exact match replayed in one thread: ${customers.toLocaleString('en-US')} customers fingerprinted, Node ${process.version}, median of ${runs}`);
    const tableSeconds = timeRuns(runs, () => matchUnit(table, index, lexicon), 3);
    console.log(`customer file, ${rows.length.toLocaleString('en-US')} rows of other people | ${((tableSeconds * 1e6) / rows.length).toFixed(2)} µs a row | ${(tableSeconds * 1000).toFixed(1)} ms | customers found: ${found[0]}`);
    const proseSeconds = timeRuns(runs, () => matchUnit(prose, index, lexicon), 3);
    console.log(`business prose, ${(prose.text.length / 1e6).toFixed(1)} MB | ${(prose.text.length / 1e6 / proseSeconds).toFixed(1)} MB/s | ${(proseSeconds * 1000).toFixed(1)} ms | customers found: ${found[1]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
