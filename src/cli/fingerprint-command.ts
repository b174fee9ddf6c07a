import { open, readFile, stat } from 'node:fs/promises';
import { fold } from '../detect/fold.js';
import { headerLexicon, type HeaderWords } from '../detect/header-lexicon.js';
import { baseColumns, parseColumnChoice, rowValues, type ColumnChoice } from '../fingerprint/base-columns.js';
import { readCustomerBase, type BaseTable } from '../fingerprint/customer-base.js';
import { FingerprintBuilder, FingerprintIndex } from '../fingerprint/fingerprint-file.js';
import { defaultKeyPath, FingerprintError, KEY_VARIABLE, keyText, loadKey, newKey } from '../fingerprint/fingerprint-key.js';
import { FINGERPRINT_KINDS } from '../fingerprint/kinds.js';
import { describeFsError } from '../sources/input-error.js';
import { AtomicFile } from './atomic-file.js';

export interface FingerprintOptions {
  output: string;
  /** The key file to read or create (default: the output's name + .key), unless the key is in the environment. */
  key?: string;
  column: string[];
  update: boolean;
  remove: string[];
  /** The configuration's extra header words, as a scan reads headers. */
  headerWords?: HeaderWords;
}

export interface FingerprintIO {
  env: NodeJS.ProcessEnv;
  /** The summary. */
  out: (line: string) => void;
  /** Rows with problems, notes. */
  warn: (line: string) => void;
}

/** Rows with problems shown one by one; the rest are counted. */
const SHOWN_PROBLEMS = 20;

/**
 * `pii-scan fingerprint FILE... --output base.pii-fp`: keyed hashes of the values that single out
 * each customer of the organisation's base (fingerprint/), for exact matching in every scan.
 * Rows with a problem are reported by their line and the rest go on; a file that cannot be read
 * whole stops the command before anything is written. Both files are created with mode 0600.
 */
export async function fingerprintCommand(files: string[], opts: FingerprintOptions, io: FingerprintIO): Promise<void> {
  const choices = new Map<string, ColumnChoice>();
  for (const c of opts.column) parseColumnChoice(c, choices);
  const lexicon = headerLexicon(opts.headerWords);
  let problems = 0;
  const problem = (line: string) => {
    if (++problems <= SHOWN_PROBLEMS) io.warn(line);
  };
  const tablesOf = async function* (path: string): AsyncGenerator<BaseTable> {
    let content: Buffer;
    try {
      content = await readFile(path);
    } catch (err) {
      throw new FingerprintError(`${path}: cannot read: ${describeFsError(err)}`);
    }
    yield* readCustomerBase(path, content, (cell) => choices.has(fold(cell)) || lexicon.entityFor(cell) !== null);
  };

  // The file updated, or the key of a new one.
  let index: FingerprintIndex | undefined;
  let secret: Buffer;
  let writeKeyTo: string | null = null;
  const envKey = opts.key === undefined && Boolean(io.env[KEY_VARIABLE]);
  if (opts.update) {
    let bytes: Buffer;
    try {
      bytes = await readFile(opts.output);
    } catch (err) {
      throw new FingerprintError(`${opts.output}: cannot read the fingerprint file to update: ${describeFsError(err)}`);
    }
    FingerprintIndex.readHeader(bytes, opts.output);
    secret = (await loadKey(opts.output, opts.key, io.env)).key;
    index = FingerprintIndex.open(bytes, secret, opts.output);
  } else if (opts.remove.length > 0) {
    throw new FingerprintError('--remove takes customers out of an existing file: use it with --update');
  } else if (envKey || (await stat(opts.key ?? defaultKeyPath(opts.output)).catch(() => null))) {
    // A rebuild keeps the key the scanners already use.
    secret = (await loadKey(opts.output, opts.key, io.env)).key;
  } else {
    secret = newKey();
    writeKeyTo = opts.key ?? defaultKeyPath(opts.output);
  }
  const builder = new FingerprintBuilder(secret, index);

  // Customers taken out: the record most of a removal row's values belong to.
  const removed = new Set<number>();
  let notFound = 0;
  for (const path of opts.remove) {
    for await (const table of tablesOf(path)) {
      const columns = baseColumns(table.where, table.header, lexicon, choices);
      table.eachRow((row) => {
        const hits = new Map<number, number>();
        const { values } = rowValues(row.cells, columns);
        for (const { kind, value } of values) index?.lookup(kind, value, (r) => hits.set(r, (hits.get(r) ?? 0) + 1));
        const most = Math.max(0, ...hits.values());
        const records = [...hits].filter(([r, n]) => n === most && !removed.has(r)).map(([r]) => r);
        if (most === 0 || records.length === 0) {
          notFound++;
          problem(`${table.where} ${row.at}: no such customer in ${opts.output}; nothing removed`);
          return;
        }
        for (const r of records) removed.add(r);
      });
    }
  }
  if (index) for (const [hi, lo, word, record] of index.entries()) if (!removed.has(record)) builder.keep(hi, lo, word);

  let next = index?.header.nextRecord ?? 0;
  let added = 0;
  let already = 0;
  let skipped = 0;
  for (const path of files) {
    for await (const table of tablesOf(path)) {
      const columns = baseColumns(table.where, table.header, lexicon, choices);
      table.eachRow((row) => {
        const { values, problems: wrong } = rowValues(row.cells, columns);
        if (values.length === 0) {
          skipped++;
          problem(`${table.where} ${row.at}: ${wrong.length > 0 ? `${wrong.join('; ')}: ` : ''}nothing that singles a customer out; row left out`);
          return;
        }
        if (wrong.length > 0) problem(`${table.where} ${row.at}: ${wrong.join('; ')}; the row's other values kept`);
        if (index && isKnown(index, values, removed)) {
          already++;
          return;
        }
        for (const { kind, value } of values) builder.add(kind, value, next);
        next++;
        added++;
      });
    }
  }
  const records = (index?.header.records ?? 0) - removed.size + added;
  if (records === 0) throw new FingerprintError(`no customer to fingerprint${skipped > 0 ? `: ${skipped} row${skipped === 1 ? '' : 's'} left out` : ''}; nothing written`);
  const bytes = builder.finish({ records, nextRecord: next });

  if (writeKeyTo) {
    try {
      // 'wx': never over a key another run just made; 0600 from the start.
      const handle = await open(writeKeyTo, 'wx', 0o600);
      await handle.writeFile(keyText(secret));
      await handle.close();
    } catch (err) {
      throw new FingerprintError(`${writeKeyTo}: cannot write the fingerprint key: ${describeFsError(err)}`);
    }
  }
  const file = await AtomicFile.open(opts.output, 'fingerprint file', 0o600);
  try {
    await file.write(bytes);
    await file.commit();
  } catch (err) {
    await file.abort();
    throw err;
  }

  if (problems > SHOWN_PROBLEMS) io.warn(`... and ${problems - SHOWN_PROBLEMS} more rows with a problem`);
  const counts = FINGERPRINT_KINDS.filter((k) => builder.counts[k]).map((k) => `${k} ${n(builder.counts[k] ?? 0)}`).join(', ');
  const change = index ? `: ${n(added)} added, ${n(removed.size)} removed${already > 0 ? `, ${n(already)} already there` : ''}${notFound > 0 ? `, ${n(notFound)} to remove not found` : ''}` : '';
  io.out(`${opts.output}: ${n(records)} customer${records === 1 ? '' : 's'} fingerprinted${change} (${counts})${skipped > 0 ? `; ${n(skipped)} row${skipped === 1 ? '' : 's'} left out` : ''}${builder.sharedLeftOut > 0 ? `; ${n(builder.sharedLeftOut)} value${builder.sharedLeftOut === 1 ? '' : 's'} shared by more than 8 customers left out` : ''}\n`);
  if (writeKeyTo) io.out(`${writeKeyTo}: its key (mode 0600): keep it as secret as the base itself; the scanners need it, or ${KEY_VARIABLE}\n`);
}

/** True when all of a row's values already belong to one record of the file (a row added twice). */
function isKnown(index: FingerprintIndex, values: { kind: Parameters<FingerprintIndex['lookup']>[0]; value: string }[], removed: ReadonlySet<number>): boolean {
  let common: Set<number> | null = null;
  for (const { kind, value } of values) {
    const records = new Set<number>();
    index.lookup(kind, value, (r) => {
      if (!removed.has(r) && (common === null || common.has(r))) records.add(r);
    });
    common = records;
    if (common.size === 0) return false;
  }
  return true;
}

const n = (x: number) => x.toLocaleString('en-US');
