import { ibanDetector } from '../detect/detectors/bank.js';
import { emailDetector } from '../detect/detectors/email.js';
import { nirDetector } from '../detect/detectors/nir.js';
import { phoneDetector } from '../detect/detectors/phone.js';
import { charCode, isAsciiDigit, isAsciiLetter } from '../detect/char-code.js';
import type { HeaderLexicon } from '../detect/header-lexicon.js';
import type { Detector } from '../detect/detector.js';
import type { SeenMatches } from '../detect/seen-matches.js';
import type { Entity, EntityCounts } from '../model/entities.js';
import type { Finding, Sample } from '../model/findings.js';
import type { TableUnit, Unit } from '../model/units.js';
import { findHeaderRow } from '../score/find-header-row.js';
import { trimmed } from '../score/profile-columns.js';
import { doubled, type FingerprintIndex } from './fingerprint-file.js';
import { forEachIdToken } from './id-tokens.js';
import { NameKeyBytes } from './name-key.js';
import type { Hash64 } from './siphash.js';
import { FINGERPRINT_KINDS, KIND_INDEX, type FingerprintKind } from './kinds.js';
import { PendingLookups } from './pending-lookups.js';
import { customerIdShape, isBareEmail, namePostcode, pairPostcode, normaliseCustomerId, normaliseEmail, normaliseIban, normaliseNir, normalisePhone, postcodeIn } from './normalise.js';

/** The entity a matched value is reported as. */
const ENTITY_OF: Record<FingerprintKind, Entity> = { 'customer-id': 'customer-id', email: 'email', phone: 'phone', iban: 'iban', nir: 'nir', 'name-postcode': 'full-name' };
const MAX_SAMPLES = 4;
/** A cell longer than this is text, not a value (a comment column); it is searched as text. */
const MAX_CELL = 120;
/** How far above a postal code a name is looked for in text: an address block's lines. */
const NAME_LINES_ABOVE = 3;
const NAME_WINDOW = 400;

/** The organisation's customers found in one unit. */
export interface KnownMatch {
  /** Distinct customer records (their numbers in the fingerprint file). */
  records: Set<number>;
  /** Values that matched, per entity. */
  entities: EntityCounts;
  samples: Sample[];
}

/**
 * Looks every value of a unit that could single a customer out up in the fingerprint file: the
 * values the detectors find, and every cell or token shaped like one (a number, an e-mail, a
 * phone, a name with a postal code), whatever its column's header says, since a leaked extract
 * may have its headers renamed or none. Null when no customer is found. `seen` holds what scoring
 * found in the unit (a text's detector values, a table's header row), with the same header lexicon:
 * not searched for again.
 */
export function matchUnit(unit: Unit, index: FingerprintIndex, lexicon: HeaderLexicon, seen?: SeenMatches): KnownMatch | null {
  const look = new Look(index);
  // A name with a postal code may be two homonyms' (one village, one name): it counts one person,
  // and none when the same row already named that person by a number, an e-mail or a phone, or
  // when every customer of that name is counted already (an address block and its e-mail).
  const byName = new NamedRecords();
  const records = look.match.records;
  if (unit.kind === 'table') matchTable(unit, lexicon, look, records, byName, seen);
  else matchText(unit.text, look, records, byName, seen);
  byName.countInto(records);
  if (records.size === 0) return null;
  look.keepFirstSamples();
  return look.match;
}

/**
 * The records of each name found with its postal code, in the order found, in two flat arrays (a
 * leaked table finds thousands of names: a set each was made and dropped for each of its rows).
 */
class NamedRecords {
  private readonly records: number[] = [];
  private readonly ends: number[] = [];

  add(named: ReadonlySet<number>): void {
    for (const r of named) this.records.push(r);
    this.ends.push(this.records.length);
  }

  /** Homonyms both in the file are two people: each name counts the first of its records not counted yet. */
  countInto(counted: Set<number>): void {
    let start = 0;
    for (const end of this.ends) {
      for (let i = start; i < end; i++) {
        const r = this.records[i];
        if (counted.has(r)) continue;
        counted.add(r);
        break;
      }
      start = end;
    }
  }
}

/**
 * What spelling a name's key and remembering the names tried in a row need: buffers made once per
 * thread, not per unit (a mailbox has tens of thousands of units, and each typed array made and
 * dropped is work for the garbage collector).
 */
interface NameScratch {
  readonly nameBytes: NameKeyBytes;
  /** A run of rows' values and names, queued to be checked together. */
  readonly values: PendingLookups;
  readonly names: PendingLookups;
  /** The hashes of the names tried since `newRow`, high and low halves: the first `triedCount`. Typed and counted: an array emptied by `length = 0` drops its store, and every row grew it again. */
  triedHi: Uint32Array<ArrayBuffer>;
  triedLo: Uint32Array<ArrayBuffer>;
  triedCount: number;
}
let sharedScratch: NameScratch | undefined;
const nameScratch = (): NameScratch => (sharedScratch ??= { nameBytes: new NameKeyBytes(), values: new PendingLookups(), names: new PendingLookups(), triedHi: new Uint32Array(16), triedLo: new Uint32Array(16), triedCount: 0 });

/**
 * Looks values up in one unit and keeps what matched: the entities counted and a sample each.
 * The kinds the file holds are read once: a matcher normalises only what could be found.
 */
class Look {
  readonly match: KnownMatch = { records: new Set(), entities: {}, samples: [] };
  readonly email: boolean;
  readonly phone: boolean;
  readonly iban: boolean;
  readonly nir: boolean;
  readonly customerId: boolean;
  readonly namePostcode: boolean;

  constructor(private readonly index: FingerprintIndex) {
    this.email = index.holds('email');
    this.phone = index.holds('phone');
    this.iban = index.holds('iban');
    this.nir = index.holds('nir');
    this.customerId = index.holds('customer-id');
    this.namePostcode = index.holds('name-postcode');
  }

  /**
   * Where the values looked up now stand in the unit's order of reading, for samples (`found`):
   * 0 in a text unit, a long cell's place in a table.
   */
  textSeq = 0;

  /**
   * Looks a normalised value up; the records it belongs to go `into` the set given. `raw` is the
   * value as written, for a sample.
   */
  value(kind: FingerprintKind, normalised: string | null, into: Set<number>, raw: string): void {
    if (normalised !== null && this.index.lookupInto(kind, normalised, into)) this.found(kind, raw, this.textSeq);
  }

  /**
   * A table cell's normalised value, hashed and queued (`lookUpValues` checks a run of rows' values
   * together); `place` is where it stands in its row (PendingLookups.place).
   */
  queueValue(kind: FingerprintKind, normalised: string | null, raw: string, row: number, place: number): void {
    if (normalised === null) return;
    const hash = this.index.lookupHash(kind, normalised);
    if (hash !== null) this.scratch.values.push(hash, KIND_INDEX[kind], row, place, raw);
  }

  /**
   * Queues a cell as a customer number when its shape is one of the base's: the shape is read
   * from the cell (customerIdShape), the number made only then.
   */
  queueCustomerId(cell: string, row: number, place: number): void {
    const shape = customerIdShape(cell);
    if (shape === -1 || (!Number.isNaN(shape) && !this.index.hasIdShape(shape))) return;
    this.queueValue('customer-id', normaliseCustomerId(cell), cell, row, place);
  }

  /**
   * The values queued, checked together, then looked up in the order queued: their records go
   * into `records`, and each row that named a customer is marked in `rowFound`. The run's first
   * row is the unit's row `start`.
   */
  lookUpValues(start: number, records: Set<number>, rowFound: Uint8Array): void {
    const values = this.scratch.values;
    if (values.count === 0) return;
    if (values.check(this.index) > 0) {
      for (let k = 0; k < values.count; k++) {
        if (values.first[k] < 0) continue;
        this.index.recordsFrom(values.hi[k], values.lo[k], values.first[k], records);
        rowFound[values.row[k]] = 1;
        this.found(FINGERPRINT_KINDS[values.kind[k]], values.raw[k], readingOrder(start, values.row[k], values.place[k]));
      }
    }
    values.clear();
  }

  /** The key spelling and the names tried: one set per thread, shared by every unit (matchUnit is not re-entered). */
  private readonly scratch = nameScratch();

  /** A new row, or a new postal code in text: its names are tried afresh. */
  newRow(): void {
    this.scratch.triedCount = 0;
  }

  /**
   * Looks up the name in `first` (and `second`, side by side) with a postal code, once per row
   * however many pairs of cells spell it; its records go `into` the set given.
   */
  name(first: string, second: string | undefined, postcode: string, into: Set<number>): void {
    const hash = this.nameHash(first, second, postcode);
    if (hash !== null && this.index.probeInto(hash, into)) this.found('name-postcode', first, this.textSeq, second, postcode);
  }

  /** A table row's name, hashed and queued as `name` would look it up (`lookUpNames` checks a run of rows' names together). */
  queueName(first: string, second: string | undefined, postcode: string, row: number): void {
    const hash = this.nameHash(first, second, postcode);
    if (hash !== null) this.scratch.names.push(hash, NAME_KIND, row, NAMES_PLACE, first, second, postcode);
  }

  /** The hash of a name with a postal code; null when it is no name, or was tried in this row already. */
  private nameHash(first: string, second: string | undefined, postcode: string): Hash64 | null {
    const scratch = this.scratch;
    const spelt = scratch.nameBytes.spell(first, second, postcode);
    let hash: Hash64;
    if (spelt === null) {
      // Past Latin-1: the text route, which folds what Unicode decomposes (ř, ą) and turns away a name of no Latin letters.
      const key = second === undefined ? namePostcode(first, postcode) : pairPostcode(first, second, postcode);
      if (key === null) return null;
      hash = this.index.hashOf('name-postcode', key);
    } else if (spelt) {
      hash = this.index.hashOfBytes('name-postcode', scratch.nameBytes.bytes, scratch.nameBytes.length);
    } else {
      return null;
    }
    const count = scratch.triedCount;
    for (let k = 0; k < count; k++) if (scratch.triedLo[k] === hash.lo && scratch.triedHi[k] === hash.hi) return null;
    if (count === scratch.triedLo.length) {
      scratch.triedHi = doubled(scratch.triedHi);
      scratch.triedLo = doubled(scratch.triedLo);
    }
    scratch.triedHi[count] = hash.hi;
    scratch.triedLo[count] = hash.lo;
    scratch.triedCount = count + 1;
    return hash;
  }

  /** The names queued, checked together: `namesOfRow` then reads each row's in turn. */
  checkNames(): void {
    const names = this.scratch.names;
    if (names.count > 0) names.check(this.index);
  }

  /**
   * The records of the queued names of one row, from `next` in the queue, `into` the set given;
   * returns where the next row's names start.
   */
  namesOfRow(start: number, row: number, next: number, into: Set<number>): number {
    const names = this.scratch.names;
    let k = next;
    for (; k < names.count && names.row[k] === row; k++) {
      if (names.first[k] < 0) continue;
      this.index.recordsFrom(names.hi[k], names.lo[k], names.first[k], into);
      this.found('name-postcode', names.raw[k], readingOrder(start, row, NAMES_PLACE), names.second[k], names.postcode[k]);
    }
    return k;
  }

  clearNames(): void {
    this.scratch.names.clear();
  }

  /** Empties both queues: a table's first run starts from nothing, even after a unit whose matching was cut short by an error. */
  clearQueues(): void {
    this.scratch.values.clear();
    this.scratch.names.clear();
  }

  /** Where each sample's value stands in the unit's order of reading, and when it was found (values of one text share their place). */
  private readonly sampleSeqs: number[] = [];
  private readonly sampleFinds: number[] = [];
  private finds = 0;

  /**
   * A value found: counted, and its text (`raw`, and for a name its second cell and postal code)
   * kept as its entity's sample when it is the first of its entity in the unit's order of reading
   * (`seq`: a table's values are found a run of rows at a time, its names after its values), made
   * only then: a leaked table finds thousands, and keeps one an entity.
   */
  private found(kind: FingerprintKind, raw: string, seq: number, second?: string, postcode?: string): void {
    const entity = ENTITY_OF[kind];
    const { entities, samples } = this.match;
    entities[entity] = (entities[entity] ?? 0) + 1;
    let j = 0;
    while (j < samples.length && samples[j].entity !== entity) j++;
    if (j < samples.length && this.sampleSeqs[j] <= seq) return;
    const name = second === undefined ? raw : `${raw} ${second}`;
    samples[j] = { entity, value: postcode === undefined ? name : `${name} ${postcode}` };
    this.sampleSeqs[j] = seq;
    this.sampleFinds[j] = this.finds++;
  }

  /** The samples of the first MAX_SAMPLES entities found, in the unit's order of reading. */
  keepFirstSamples(): void {
    const { samples } = this.match;
    if (samples.length <= 1) return;
    const order = samples.map((sample, j) => ({ sample, seq: this.sampleSeqs[j], find: this.sampleFinds[j] })).sort((a, b) => a.seq - b.seq || a.find - b.find);
    this.match.samples = order.slice(0, MAX_SAMPLES).map((o) => o.sample);
  }
}

const NAME_KIND = KIND_INDEX['name-postcode'];

/** What one pass over a cell's characters tells. */
const CELL_POSTCODE = 1;
/** The cell reads as a name (letters, spaces, dots, hyphens, apostrophes). */
const CELL_NAME = 2;
/** The cell is five digits and nothing else: its own postal code. */
const CELL_ONLY_POSTCODE = 4;
/** Neither digit nor @, in a column that may hold names: a name or not, asked when needed. */
const CELL_MAYBE_NAME = 8;

/**
 * Whether the cell `i` of a row reads as a name, asked of the pattern once and kept in `kinds`:
 * most cells of letters need not be asked (an activity beside a number, a name of the header's pair).
 */
function isNameAt(kinds: number[], cells: string[], i: number): boolean {
  const kind = kinds[i];
  if (kind & CELL_MAYBE_NAME) return (kinds[i] = isNameCell(cells[i]) ? CELL_NAME : 0) !== 0;
  return (kind & CELL_NAME) !== 0;
}

/** What a column's header allows its cells to be read as, beyond what they are shaped like. */
const COLUMN_NAMES = 1;
const COLUMN_BARE_PHONES = 2;
const ANY_COLUMN = COLUMN_NAMES | COLUMN_BARE_PHONES;
const NAME_ENTITIES: ReadonlySet<Entity> = new Set(['first-name', 'last-name', 'full-name']);

/**
 * A column's reading by its header: any when the header names nothing (renamed, or none). A
 * column the header names as something else than a person's name (a town, an activity, an
 * address) holds no names; one named as an identifier (a subscriber number) holds no phones whose
 * 0 a spreadsheet dropped: its nine digits are read as that identifier only.
 */
function columnReading(announced: Entity | null): number {
  if (announced === null) return ANY_COLUMN;
  return (NAME_ENTITIES.has(announced) ? COLUMN_NAMES : 0) | (announced === 'phone' ? COLUMN_BARE_PHONES : 0);
}

/** Nine digits, the first not a 0, nothing else: a phone only where its 0 may have been dropped. */
function bareNineDigits(cell: string, digits: number): boolean {
  return digits === 9 && cell.length === 9 && charCode(cell, 0) !== 48;
}

/**
 * One cell: every kind of value its shape allows is queued to be looked up (at `place` in its row,
 * PendingLookups.place), told by one pass over its
 * characters (a table's cells are mostly prices, dates, towns and codes: a regex or a normaliser
 * per kind on each cost more than the look-ups). Returns CELL_POSTCODE when the cell holds a run
 * of five digits (and CELL_ONLY_POSTCODE when that is all it holds), CELL_MAYBE_NAME when it holds
 * neither digit nor @ in a column that may hold names.
 */
function lookCell(cell: string, look: Look, reading: number, row: number, place: number): number {
  const length = cell.length;
  let digits = 0;
  let run = 0;
  let longest = 0;
  // Where the first @ is, -1 without one.
  let at = -1;
  // One pass, also over the cells of words (names, towns) that hold neither digit nor @: read
  // through charCode, their characters cost less than a regex's call (it cost a third more when
  // each character was a megamorphic method call, char-code.ts). Whether an e-mail is spelt
  // normalised already is asked of e-mails only (isBareEmail), not of every cell's letters here.
  for (let i = 0; i < length; i++) {
    const c = charCode(cell, i);
    if (c >= 48 && c <= 57) {
      digits++;
      if (++run > longest) longest = run;
      continue;
    }
    run = 0;
    if (c === 64 && at < 0) at = i;
  }
  // Only a name column's cells of words may be names; whether one is, is asked only when its row needs it (isNameAt).
  if (digits === 0 && at < 0) return reading & COLUMN_NAMES && length <= 61 ? CELL_MAYBE_NAME : 0;
  if (at >= 0) {
    // Most e-mails are spelt as normalised already: normaliseEmail's copies are then not needed.
    if (look.email) look.queueValue('email', isBareEmail(cell, at) ? cell : normaliseEmail(cell), cell, row, place);
    return 0;
  }
  // At or below each normaliser's own least: a number's 4 digits, a phone's 9, a NIR's 11 (Corsica,
  // without its key), an IBAN's 10 (two for the key, the shortest account numbers).
  if (digits >= 4) {
    if (look.customerId) look.queueCustomerId(cell, row, place);
    if (digits >= 9 && digits <= 15 && look.phone && (reading & COLUMN_BARE_PHONES || !bareNineDigits(cell, digits))) {
      look.queueValue('phone', normalisePhone(cell), cell, row, place + 1);
    }
    if (digits >= 10 && look.iban && startsAsIban(cell)) look.queueValue('iban', normaliseIban(cell), cell, row, place + 2);
    if (digits >= 11 && look.nir && startsAsNir(charCode(cell, 0))) look.queueValue('nir', normaliseNir(cell), cell, row, place + 3);
  }
  // A cell with a digit is no name.
  if (longest < 5) return 0;
  return digits === 5 && length === 5 ? CELL_POSTCODE | CELL_ONLY_POSTCODE : CELL_POSTCODE;
}

/** Two letters and two digits first (a country and a key): what an IBAN starts with. Read as characters, not with a regex (a literal is a new object each time it is evaluated). */
const startsAsIban = (cell: string): boolean => cell.length >= 4 && isAsciiLetter(charCode(cell, 0)) && isAsciiLetter(charCode(cell, 1)) && isAsciiDigit(charCode(cell, 2)) && isAsciiDigit(charCode(cell, 3));
/** A NIR's first digit, the sex (1, 2; 3, 4, 7, 8 for temporary and foreign-born numbers). */
const startsAsNir = (c: number): boolean => c === 49 || c === 50 || c === 51 || c === 52 || c === 55 || c === 56;

/**
 * A name: a letter first, then letters, spaces, dots, hyphens, apostrophes. Letters are ASCII's and
 * Latin-1's (not × and ÷), and past Latin-1 any Unicode letter.
 */
const NAME_LETTER = '(?:[A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u00FF]|(?![\\u0000-\\u00FF])\\p{L})';
const NAME_CELL = new RegExp(`^${NAME_LETTER}(?:${NAME_LETTER}|[ .'\\u2019-])*$`, 'u');
/**
 * NAME_CELL for a cell within Latin-1 (and ’), without the u flag: V8 runs it in three quarters
 * of the time, and nearly every name is written so. A cell it turns away that holds a character past
 * Latin-1 is asked NAME_CELL itself.
 */
const LATIN1_NAME_CELL = /^[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF][A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF .'\u2019-]*$/;
const PAST_LATIN1 = /[^\u0000-\u00FF]/;
const isNameCell = (cell: string) => LATIN1_NAME_CELL.test(cell) || (PAST_LATIN1.test(cell) && NAME_CELL.test(cell));

function matchTable(unit: TableUnit, lexicon: HeaderLexicon, look: Look, records: Set<number>, byName: NamedRecords, seen?: SeenMatches): void {
  // The header as the table scorer finds it (the format's, or the row that reads as one) names
  // the name columns when it says so; otherwise any cells of letters are tried, one by one and
  // side by side (first and last names sit next to each other in every export).
  const at = unit.header ? -1 : (seen?.headerRowOf(unit.rows) ?? findHeaderRow(unit.rows, lexicon));
  const header = unit.header ?? (at >= 0 ? unit.rows[at] : []);
  // Array.from: a sparse header (a sheet's empty header cells) has no holes left to read as nothing.
  const announced = Array.from(header, (h) => (h ? lexicon.entityFor(h) : null));
  const columns: TableColumns = { readings: announced.map(columnReading), first: announced.indexOf('first-name'), last: announced.indexOf('last-name') };
  matchRows(unit.rows, columns, look, records, byName);
}

/** What the header says of a table's columns: how each may be read, and where the first and last names are (-1: not said). */
interface TableColumns {
  readings: number[];
  first: number;
  last: number;
}

/** Rows read before their values are looked up together (PendingLookups): enough to keep many reads in flight, few enough to stay in the caches. */
const RUN_ROWS = 128;
/** A row's places in the unit's order of reading: 8 a cell (its values in the order lookCell queues them), its names last. */
const ROW_PLACES = 2 ** 21;
const NAMES_PLACE = ROW_PLACES - 1;
/** A value's place in its row: its cell's first, and the kind's rank after it (a row of 262,144 cells or more shares the last cell's places). */
const cellPlace = (cell: number): number => Math.min(cell, ROW_PLACES / 8 - 1) * 8;
/** Where a value of the run from the unit's row `start` stands in the unit's order of reading (Look.found). */
const readingOrder = (start: number, row: number, place: number): number => (start + row) * ROW_PLACES + place;

/**
 * What a run of rows keeps between reading its cells and looking their names up, made once per
 * thread: the cells trimmed and what each is (flat, row after row), where each row starts, its
 * postal code, whether its values named a customer, and its long cells (searched as text).
 */
interface RunScratch {
  cells: string[];
  kinds: number[];
  starts: Uint32Array;
  postcodes: (string | null)[];
  found: Uint8Array;
  longRows: number[];
  longCells: number[];
}
let sharedRun: RunScratch | undefined;
const runScratch = (): RunScratch => (sharedRun ??= { cells: [], kinds: [], starts: new Uint32Array(RUN_ROWS + 1), postcodes: [], found: new Uint8Array(RUN_ROWS), longRows: [], longCells: [] });

/**
 * The rows of a table, looked up cell by cell, a run of rows at a time: its cells read and their
 * values queued, the values checked together, then the names of the rows no value named, checked
 * together, and each row's long cells (searched as text) and names found in row order (a name's
 * homonyms count by that order, NamedRecords). Apart from matchTable's reading of the header: this
 * loop is what the optimising compiler makes fast, and it is compiled again whenever a table shows
 * it something new (a sheet's sparse rows after a CSV's); kept small, each compilation costs less.
 */
function matchRows(rows: readonly (readonly string[])[], columns: TableColumns, look: Look, records: Set<number>, byName: NamedRecords): void {
  const { readings } = columns;
  const run = runScratch();
  const { cells, kinds, starts, postcodes, found } = run;
  look.clearQueues();
  for (let start = 0; start < rows.length; start += RUN_ROWS) {
    const end = Math.min(rows.length, start + RUN_ROWS);
    let flat = 0;
    run.longRows.length = 0;
    run.longCells.length = 0;
    for (let at = start; at < end; at++) {
      const r = at - start;
      const row = rows[at];
      let postcode: string | null = null;
      starts[r] = flat;
      found[r] = 0;
      const n = row.length;
      for (let c = 0; c < n; c++) {
        const cell = trimmed(row[c]) ?? '';
        cells[flat + c] = cell;
        if (cell.length > MAX_CELL) {
          kinds[flat + c] = 0;
          run.longRows.push(r);
          run.longCells.push(c);
          continue;
        }
        const kind = cell ? lookCell(cell, look, readings[c] ?? ANY_COLUMN, r, cellPlace(c)) : 0;
        kinds[flat + c] = kind;
        if (postcode === null && kind & CELL_POSTCODE) postcode = kind & CELL_ONLY_POSTCODE ? cell : postcodeIn(cell);
      }
      postcodes[r] = postcode;
      flat += n;
    }
    starts[end - start] = flat;
    look.lookUpValues(start, records, found);
    queueNames(start, end, columns, look, run);
    findNames(start, end, look, records, byName, run);
  }
  // The run's cells let go: a unit's text is not held by the thread after it.
  cells.length = 0;
  postcodes.length = 0;
}

/** The names of a run's rows that have a postal code and that no value named: a row its numbers, e-mails or phones named is that customer, and its name adds nobody. */
function queueNames(start: number, end: number, columns: TableColumns, look: Look, run: RunScratch): void {
  if (!look.namePostcode) return;
  const { first, last } = columns;
  const { cells, kinds, starts, postcodes, found } = run;
  for (let r = 0; r < end - start; r++) {
    const postcode = postcodes[r];
    if (postcode === null || found[r] === 1) continue;
    const base = starts[r];
    const n = starts[r + 1] - base;
    look.newRow();
    if (first >= 0 && last >= 0 && first < n && last < n && cells[base + first] && cells[base + last]) look.queueName(cells[base + first], cells[base + last], postcode, r);
    for (let i = 0; i < n; i++) {
      if (!(kinds[base + i] & (CELL_NAME | CELL_MAYBE_NAME))) continue;
      if (cells[base + i].includes(' ') && isNameAt(kinds, cells, base + i)) look.queueName(cells[base + i], undefined, postcode, r);
      // The header's pair again, either way round, is the same name: not spelt twice.
      const headerPair = (i === last && i + 1 === first) || (i === first && i + 1 === last);
      if (i + 1 < n && !headerPair && kinds[base + i + 1] & (CELL_NAME | CELL_MAYBE_NAME) && isNameAt(kinds, cells, base + i) && isNameAt(kinds, cells, base + i + 1)) {
        look.queueName(cells[base + i], cells[base + i + 1], postcode, r);
      }
    }
  }
}

/** Row by row: its long cells searched as text, then its queued names looked up; the records of each row's names go to `byName`. */
function findNames(start: number, end: number, look: Look, records: Set<number>, byName: NamedRecords, run: RunScratch): void {
  look.checkNames();
  const named = new Set<number>();
  let next = 0;
  let long = 0;
  for (let r = 0; r < end - start; r++) {
    for (; long < run.longRows.length && run.longRows[long] === r; long++) {
      const c = run.longCells[long];
      look.textSeq = readingOrder(start, r, cellPlace(c));
      matchText(run.cells[run.starts[r] + c], look, records, byName);
    }
    if (named.size > 0) named.clear();
    next = look.namesOfRow(start, r, next, named);
    if (named.size > 0) byName.add(named);
  }
  look.textSeq = 0;
  look.clearNames();
}

/**
 * Where the line holding `pos` starts, looked for at most `reach` characters back (never the whole
 * of a megabyte-long line for each postal code on it); `pos - reach` when it starts further back.
 */
function lineStartWithin(text: string, pos: number, reach: number): number {
  const stop = Math.max(0, pos - reach);
  for (let i = pos - 1; i >= stop; i--) if (text.charCodeAt(i) === 10) return i + 1;
  return stop;
}

/** Pairs and triples of capitalised words side by side (spaces only between them) in one line. */
export function namesIn(line: string): string[] {
  const words: { word: string; at: number; end: number }[] = [];
  // Nearly every line is Latin-1: its words are read by a pattern without the u flag (V8 runs it in
  // half the time), and a line past Latin-1 by Unicode's letter classes.
  const capitalised = PAST_LATIN1.test(line) ? CAPITALISED : LATIN1_CAPITALISED;
  capitalised.lastIndex = 0;
  for (let w = capitalised.exec(line); w !== null; w = capitalised.exec(line)) words.push({ word: w[0], at: w.index, end: w.index + w[0].length });
  const adjacent = (a: { end: number }, b: { at: number }) => onlyBlanks(line, a.end, b.at);
  const out: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    if (!adjacent(words[i], words[i + 1])) continue;
    out.push(`${words[i].word} ${words[i + 1].word}`);
    if (i + 2 < words.length && adjacent(words[i + 1], words[i + 2])) out.push(`${words[i].word} ${words[i + 1].word} ${words[i + 2].word}`);
  }
  return out;
}

/** Whether `line` holds only spaces and tabs from `from` to `to`, one at least. */
function onlyBlanks(line: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = charCode(line, i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

const POSTCODE = /(?<![\d])\d{5}(?![\d])/g;
/** A capitalised word: a capital, then letters, apostrophes and hyphens, a letter last. */
const CAPITALISED = /(?<![\p{L}])\p{Lu}[\p{L}'’-]*\p{L}/gu;
/** CAPITALISED within Latin-1: its capitals (A-Z, À-Ö, Ø-Þ) and letters (ª, µ, º among them); ’ is past Latin-1. */
const LATIN1_CAPITALISED = /(?<![A-Za-z\u00AA\u00B5\u00BA\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF])[A-Z\u00C0-\u00D6\u00D8-\u00DE][A-Za-z\u00AA\u00B5\u00BA\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF'-]*[A-Za-z\u00AA\u00B5\u00BA\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF]/g;

/** Each value `detector` finds in `text`, read from what scoring saw when it ran over that text. */
function forEachFound(detector: Detector, text: string, seen: SeenMatches | undefined, onValue: (value: string) => void): void {
  const values = seen?.of(text, detector);
  if (values === undefined) detector.find(text, (m) => onValue(m.value));
  else for (const value of values) onValue(value);
}

function matchText(text: string, look: Look, records: Set<number>, byName: NamedRecords, seen?: SeenMatches): void {
  if (look.email) forEachFound(emailDetector, text, seen, (value) => look.value('email', normaliseEmail(value), records, value));
  if (look.phone) forEachFound(phoneDetector, text, seen, (value) => look.value('phone', normalisePhone(value), records, value));
  if (look.iban) forEachFound(ibanDetector, text, seen, (value) => look.value('iban', normaliseIban(value), records, value));
  if (look.nir) forEachFound(nirDetector, text, seen, (value) => look.value('nir', normaliseNir(value), records, value));
  if (look.customerId) forEachIdToken(text, (token) => look.value('customer-id', normaliseCustomerId(token), records, token));
  if (!look.namePostcode) return;
  // A name with a postal code: capitalised words side by side before the code on its own line (a
  // table row, "Jean DUPONT 83000"); when that line has none, on the lines above it (an address
  // block: name, street, postal code), all of them up to the nearest line holding another postal
  // code, whose names are that code's. Each pair and triple of words is tried with the code.
  POSTCODE.lastIndex = 0;
  for (let m = POSTCODE.exec(text); m !== null; m = POSTCODE.exec(text)) {
    const lineStart = lineStartWithin(text, m.index, NAME_WINDOW);
    const candidates = namesIn(text.slice(lineStart, m.index));
    const onItsLine = candidates.length > 0;
    // Lines above, while each ends within reach (a line longer than the window ends the climb).
    for (let lines = 0, end = lineStart - 1; !onItsLine && lines < NAME_LINES_ABOVE && end > 0 && text.charCodeAt(end) === 10; lines++) {
      const start = lineStartWithin(text, end, NAME_WINDOW);
      const line = text.slice(start, end);
      if (/(?<!\d)\d{5}(?!\d)/.test(line)) break;
      candidates.push(...namesIn(line));
      end = start - 1;
    }
    const named = new Set<number>();
    look.newRow();
    for (const name of candidates) look.name(name, undefined, m[0], named);
    if (named.size > 0) byName.add(named);
  }
}

/**
 * The finding of a unit's known customers. Its digest (for baselines) is a sum of its records'
 * mixed numbers: the same customers give the same digest whatever carries them.
 */
export function knownFinding(where: string, match: KnownMatch, inAttachment: boolean): Finding {
  let digest = 0;
  for (const r of match.records) {
    let h = Math.imul(r ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    digest = (digest + (h >>> 0) * 1024 + (r & 1023)) % 2 ** 52;
  }
  return { kind: 'known-customers', where, people: match.records.size, columns: [], entities: match.entities, fields: [], severity: 'low', samples: match.samples, inAttachment, digest };
}
