import type { Extractor, ExtractOutput } from '../extractor.js';
import { decodeText } from './decode-text.js';

/**
 * LDIF (RFC 2849): the address books Thunderbird and LDAP directories export, one entry a person,
 * entries separated by blank lines, `attribute: value` (or `attribute:: base64`) lines, a line
 * starting with a space continuing the one before. Read as one row an entry, in the columns the
 * header lexicon knows, so that an exported address book is scored as the table it is.
 */
export const ldifExtractor: Extractor = {
  id: 'ldif',
  accepts: (type) => type === 'ldif',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const entries = readLdif(decodeText(part.content));
    const rows = entries.map((e) => COLUMNS.map(([, attributes]) => attributes.map((a) => e.get(a.toLowerCase())?.join(' ') ?? '').find((v) => v !== '') ?? ''));
    ctx.budget.chargeCells(rows.length * COLUMNS.length);
    yield { kind: 'unit', unit: { kind: 'table', where: part.where, header: COLUMNS.map(([h]) => h), rows: rows.slice(0, ctx.limits.maxRowsPerTable), totalRows: rows.length } };
  },
};

/** Each column, in the header lexicon's words, and the attributes that fill it (the first not empty). */
const COLUMNS: readonly (readonly [string, readonly string[]])[] = [
  ['Nom complet', ['cn', 'displayName']],
  ['Nom', ['sn', 'surname']],
  ['Prénom', ['givenName']],
  ['Email', ['mail']],
  ['Email 2', ['mozillaSecondEmail']],
  ['Téléphone', ['telephoneNumber', 'homePhone']],
  ['Mobile', ['mobile']],
  ['Adresse', ['street', 'mozillaHomeStreet', 'homePostalAddress', 'postalAddress']],
  ['Code postal', ['postalCode', 'mozillaHomePostalCode']],
  ['Ville', ['l', 'mozillaHomeLocalityName']],
  ['Société', ['o']],
  ['Notes', ['description']],
];

/** The entries of an LDIF text: each attribute's values, attribute names lower-cased (LDAP's are case-insensitive). */
export function readLdif(text: string): Map<string, string[]>[] {
  const entries: Map<string, string[]>[] = [];
  let entry = new Map<string, string[]>();
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith(' ') && lines.length > 0) lines[lines.length - 1] += line.slice(1);
    else lines.push(line);
  }
  for (const line of [...lines, '']) {
    if (line.trim() === '') {
      if (entry.size > 0) entries.push(entry);
      entry = new Map();
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = /^([A-Za-z][\w;-]*)(::?)\s*(.*)$/.exec(line);
    if (!m) continue;
    const name = m[1].split(';')[0].toLowerCase();
    const value = m[2] === '::' ? Buffer.from(m[3], 'base64').toString('utf8') : m[3];
    if (name === 'version' || name === 'jpegphoto' || name === 'photo') continue;
    const values = entry.get(name);
    if (values) values.push(value.trim());
    else entry.set(name, [value.trim()]);
  }
  return entries;
}
