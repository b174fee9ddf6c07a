import type { Extractor, ExtractOutput } from '../extractor.js';
import type { TableUnit } from '../../model/units.js';
import { decodeText } from './decode-text.js';

/**
 * vCard (`.vcf`, versions 2.1, 3.0 and 4.0, one card or thousands, as Outlook, Google Contacts
 * and phones export an address book): each card is a person, read as one row of a table whose
 * columns the header lexicon knows (Nom complet, Nom, Prénom, Adresse, Code postal, Ville, Email,
 * Téléphone...), so that an address book is scored as the customer file it is. A small reader of
 * our own: the maintained parsers (ical.js) read 3.0 and 4.0 but not 2.1's quoted-printable
 * values, which Outlook and older phones still write.
 */
export const vcardExtractor: Extractor = {
  id: 'vcard',
  accepts: (type) => type === 'vcard',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const cards = readCards(decodeText(part.content));
    const unit = cardsTable(cards, part.where);
    ctx.budget.chargeCells(unit.rows.length * (unit.header?.length ?? 0));
    yield { kind: 'unit', unit: { ...unit, rows: unit.rows.slice(0, ctx.limits.maxRowsPerTable) } };
  },
};

/** One card's values by property (upper case, group prefix dropped), in order. */
export type Card = Map<string, string[][]>;

/** The cards of a vCard file: each property's value split into its `;` components, unescaped. */
export function readCards(text: string): Card[] {
  const cards: Card[] = [];
  let card: Card | null = null;
  const lines = unfold(text);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const colon = valueStart(line);
    if (colon < 0) continue;
    const [nameWithGroup, ...params] = line.slice(0, colon).split(';');
    const name = nameWithGroup.replace(/^[^.]*\./, '').toUpperCase();
    if (name === 'BEGIN' && /^vcard$/i.test(line.slice(colon + 1).trim())) {
      card = new Map();
      continue;
    }
    if (name === 'END' && card) {
      cards.push(card);
      card = null;
      continue;
    }
    if (!card) continue;
    const param = (key: string) => params.find((p) => p.toUpperCase().startsWith(`${key}=`))?.slice(key.length + 1);
    const qp = param('ENCODING')?.toUpperCase() === 'QUOTED-PRINTABLE' || params.some((p) => p.toUpperCase() === 'QUOTED-PRINTABLE');
    // vCard 2.1: a quoted-printable value goes on past a line that ends with '='.
    while (qp && line.endsWith('=') && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i];
    let value = line.slice(colon + 1);
    if (qp) value = quotedPrintable(value, param('CHARSET') ?? 'utf-8');
    if (name === 'PHOTO' || name === 'LOGO' || name === 'SOUND' || name === 'KEY') continue;
    const values = card.get(name) ?? [];
    values.push(components(value));
    card.set(name, values);
  }
  return cards;
}

/** Lines with their folded continuations (a line starting with a space or a tab) joined back. */
function unfold(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && out.length > 0) out[out.length - 1] += line.slice(1);
    else out.push(line);
  }
  return out;
}

/** Where a property's value starts: after the first `:` outside a quoted parameter value. */
function valueStart(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) return i;
  }
  return -1;
}

/** A value's `;`-separated components, with `\,` `\;` `\n` `\\` unescaped. */
function components(value: string): string[] {
  const out: string[] = [''];
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && i + 1 < value.length) {
      const next = value[++i];
      out[out.length - 1] += next === 'n' || next === 'N' ? '\n' : next;
    } else if (c === ';') out.push('');
    else out[out.length - 1] += c;
  }
  return out.map((v) => v.trim());
}

function quotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(value.charCodeAt(i) & 0xff);
    }
  }
  try {
    return new TextDecoder(charset.toLowerCase()).decode(Uint8Array.from(bytes));
  } catch {
    return new TextDecoder('windows-1252').decode(Uint8Array.from(bytes));
  }
}

/** Columns of the table, in the header lexicon's words; e-mails and phones as many as a card has, up to three. */
const MAX_REPEATED = 3;

/** The cards as one table: a row a card. */
export function cardsTable(cards: Card[], where: string): TableUnit {
  const most = (name: string) => Math.min(MAX_REPEATED, Math.max(0, ...cards.map((c) => c.get(name)?.length ?? 0)));
  const emails = Math.max(1, most('EMAIL'));
  const phones = Math.max(1, most('TEL'));
  const numbered = (label: string, n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? label : `${label} ${i + 1}`));
  const header = ['Nom complet', 'Nom', 'Prénom', 'Adresse', 'Code postal', 'Ville', ...numbered('Email', emails), ...numbered('Téléphone', phones), 'Société', 'Date de naissance', 'Notes'];
  const rows = cards.map((card) => {
    const first = (name: string) => card.get(name)?.[0];
    const n = first('N') ?? [];
    const adr = first('ADR') ?? [];
    const all = (name: string, count: number) => Array.from({ length: count }, (_, i) => card.get(name)?.[i]?.join(' ').trim() ?? '');
    return [
      first('FN')?.join(' ') ?? '',
      n[0] ?? '',
      n[1] ?? '',
      // ADR: post office box; extended address; street; locality; region; postal code; country.
      [adr[0], adr[1], adr[2]].filter(Boolean).join(' '),
      adr[5] ?? '',
      adr[3] ?? '',
      ...all('EMAIL', emails),
      ...all('TEL', phones),
      first('ORG')?.filter(Boolean).join(' ') ?? '',
      first('BDAY')?.join('') ?? '',
      (card.get('NOTE') ?? []).map((v) => v.join(';')).join('\n'),
    ];
  });
  return { kind: 'table', where, header, rows, totalRows: rows.length };
}
