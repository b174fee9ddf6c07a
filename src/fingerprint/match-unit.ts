import { ibanDetector } from '../detect/detectors/bank.js';
import { emailDetector } from '../detect/detectors/email.js';
import { nirDetector } from '../detect/detectors/nir.js';
import { phoneDetector } from '../detect/detectors/phone.js';
import type { HeaderLexicon } from '../detect/header-lexicon.js';
import type { Entity, EntityCounts } from '../model/entities.js';
import type { Finding, Sample } from '../model/findings.js';
import type { TableUnit, Unit } from '../model/units.js';
import type { FingerprintIndex } from './fingerprint-file.js';
import type { FingerprintKind } from './kinds.js';
import { namePostcode, normaliseCustomerId, normaliseEmail, normaliseIban, normaliseNir, normalisePhone, postcodeIn } from './normalise.js';

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
 * may have its headers renamed or none. Null when no customer is found.
 */
export function matchUnit(unit: Unit, index: FingerprintIndex, lexicon: HeaderLexicon): KnownMatch | null {
  const match: KnownMatch = { records: new Set(), entities: {}, samples: [] };
  const look: Look = Object.assign((kind: FingerprintKind, normalised: string | null, raw: string, into: Set<number>) => {
    if (normalised === null) return;
    let hit = false;
    index.lookup(kind, normalised, (record) => {
      into.add(record);
      hit = true;
    });
    if (!hit) return;
    const entity = ENTITY_OF[kind];
    match.entities[entity] = (match.entities[entity] ?? 0) + 1;
    if (match.samples.length < MAX_SAMPLES && !match.samples.some((s) => s.entity === entity)) match.samples.push({ entity, value: raw });
  }, { holds: (kind: FingerprintKind) => index.holds(kind) });
  // A name with a postal code may be two homonyms' (one village, one name): it counts one person,
  // and none when the same row already named that person by a number, an e-mail or a phone, or
  // when every customer of that name is counted already (an address block and its e-mail).
  const byName: Set<number>[] = [];
  if (unit.kind === 'table') matchTable(unit, lexicon, look, match.records, byName);
  else matchText(unit.text, look, match.records, byName);
  for (const records of byName) {
    // Homonyms both in the file are two people: the first record of the name not yet counted.
    for (const r of records) {
      if (match.records.has(r)) continue;
      match.records.add(r);
      break;
    }
  }
  return match.records.size > 0 ? match : null;
}

/** Looks a value up; the records it belongs to go `into` the set given. `holds` says which kinds are worth normalising. */
type Look = ((kind: FingerprintKind, normalised: string | null, raw: string, into: Set<number>) => void) & { holds: (kind: FingerprintKind) => boolean };

/** One value-shaped cell: every kind its shape allows. */
function lookCell(cell: string, look: Look, into: Set<number>): void {
  if (cell.includes('@')) {
    if (look.holds('email')) look('email', normaliseEmail(cell), cell, into);
    return;
  }
  if (!/\d/.test(cell)) return;
  if (look.holds('customer-id')) look('customer-id', normaliseCustomerId(cell), cell, into);
  if (look.holds('phone')) look('phone', normalisePhone(cell), cell, into);
  if (look.holds('iban') && /^[A-Za-z]{2}\d{2}/.test(cell)) look('iban', normaliseIban(cell), cell, into);
  if (look.holds('nir') && /^[1-478]/.test(cell) && cell.length >= 13) look('nir', normaliseNir(cell), cell, into);
}

const NAME_CELL = /^[\p{L}][\p{L} .'’-]{0,60}$/u;

function matchTable(unit: TableUnit, lexicon: HeaderLexicon, look: Look, records: Set<number>, byName: Set<number>[]): void {
  // Name columns by their header when it says so; otherwise any cells of letters, one by one and
  // side by side (first and last names sit next to each other in every export).
  const header = unit.header ?? [];
  const column = (entity: Entity) => header.findIndex((h) => h && lexicon.entityFor(h) === entity);
  const first = column('first-name');
  const last = column('last-name');
  const byNames = look.holds('name-postcode');
  const rowRecords = new Set<number>();
  for (const row of unit.rows) {
    let postcode: string | null = null;
    rowRecords.clear();
    for (const raw of row) {
      const cell = raw.trim();
      if (!cell) continue;
      if (cell.length > MAX_CELL) {
        matchText(cell, look, records, byName);
        continue;
      }
      if (postcode === null && /\d{5}/.test(cell)) postcode = postcodeIn(cell);
      lookCell(cell, look, rowRecords);
    }
    for (const r of rowRecords) records.add(r);
    if (postcode === null || !byNames) continue;
    const names = new Set<string>();
    if (first >= 0 && last >= 0 && row[first] && row[last]) names.add(`${row[first].trim()} ${row[last].trim()}`);
    for (let i = 0; i < row.length; i++) {
      const cell = row[i].trim();
      if (!NAME_CELL.test(cell)) continue;
      if (cell.includes(' ')) names.add(cell);
      const next = (row[i + 1] ?? '').trim();
      // The header's pair again, the other way round: one look-up is enough.
      if (NAME_CELL.test(next) && !(i === last && i + 1 === first) && !(i === first && i + 1 === last)) names.add(`${cell} ${next}`);
    }
    const named = new Set<number>();
    for (const name of names) look('name-postcode', namePostcode(name, postcode), `${name} ${postcode}`, named);
    // The row's own numbers, e-mails or phones already say who it is.
    if (named.size > 0 && ![...named].some((r) => rowRecords.has(r))) byName.push(named);
  }
}

/** Pairs and triples of capitalised words side by side (spaces only between them) in one line. */
function namesIn(line: string): string[] {
  const words: { word: string; end: number; at: number }[] = [];
  CAPITALISED.lastIndex = 0;
  for (let w = CAPITALISED.exec(line); w !== null; w = CAPITALISED.exec(line)) words.push({ word: w[0], at: w.index, end: w.index + w[0].length });
  const adjacent = (a: { end: number }, b: { at: number }) => /^[ \t]+$/.test(line.slice(a.end, b.at));
  const out: string[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    if (!adjacent(words[i], words[i + 1])) continue;
    out.push(`${words[i].word} ${words[i + 1].word}`);
    if (i + 2 < words.length && adjacent(words[i + 1], words[i + 2])) out.push(`${words[i].word} ${words[i + 1].word} ${words[i + 2].word}`);
  }
  return out;
}

const ID_TOKEN = /(?<![\w@.+-])[A-Za-z]{0,6}[-/_.]?\d[\d/_.-]{3,30}[A-Za-z]?(?![\w@])/g;
const POSTCODE = /(?<![\d])\d{5}(?![\d])/g;
const CAPITALISED = /(?<![\p{L}])\p{Lu}[\p{L}'’-]*\p{L}/gu;

function matchText(text: string, look: Look, records: Set<number>, byName: Set<number>[]): void {
  if (look.holds('email')) emailDetector.find(text, (m) => look('email', normaliseEmail(m.value), m.value, records));
  if (look.holds('phone')) phoneDetector.find(text, (m) => look('phone', normalisePhone(m.value), m.value, records));
  if (look.holds('iban')) ibanDetector.find(text, (m) => look('iban', normaliseIban(m.value), m.value, records));
  if (look.holds('nir')) nirDetector.find(text, (m) => look('nir', normaliseNir(m.value), m.value, records));
  ID_TOKEN.lastIndex = 0;
  if (look.holds('customer-id')) for (let m = ID_TOKEN.exec(text); m !== null; m = ID_TOKEN.exec(text)) look('customer-id', normaliseCustomerId(m[0]), m[0], records);
  if (!look.holds('name-postcode')) return;
  // A name with a postal code: capitalised words side by side before the code on its own line (a
  // table row, "Jean DUPONT 83000"); when that line has none, on the lines above it (an address
  // block: name, street, postal code), all of them up to the nearest line holding another postal
  // code, whose names are that code's. Each pair and triple of words is tried with the code.
  POSTCODE.lastIndex = 0;
  for (let m = POSTCODE.exec(text); m !== null; m = POSTCODE.exec(text)) {
    const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
    const candidates = namesIn(text.slice(Math.max(lineStart, m.index - NAME_WINDOW), m.index));
    const onItsLine = candidates.length > 0;
    for (let lines = 0, end = lineStart - 1; !onItsLine && lines < NAME_LINES_ABOVE && end > 0; lines++) {
      const start = text.lastIndexOf('\n', end - 1) + 1;
      const line = text.slice(Math.max(start, end - NAME_WINDOW), end);
      if (/(?<!\d)\d{5}(?!\d)/.test(line)) break;
      candidates.push(...namesIn(line));
      end = start - 1;
    }
    const named = new Set<number>();
    for (const name of candidates) look('name-postcode', namePostcode(name, m[0]), `${name} ${m[0]}`, named);
    if (named.size > 0) byName.push(named);
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
