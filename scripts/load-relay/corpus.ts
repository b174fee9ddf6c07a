/**
 * The load test's messages, synthetic and seeded: small ones (business prose, a signed reply, a
 * tariff grid; or a customer file of 12-60 people as CSV or XLSX) and large ones (a 2-20 MB CSV
 * attachment: a product catalogue, or a customer file). Each carries its expected verdict.
 */
import { onTheWire } from '../../src/relay/smtp-client.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCsv, toXlsx } from '../../fixtures/generator/files.js';
import { XLSX_TYPE } from '../../fixtures/generator/founding.js';
import { buildMessage } from '../../fixtures/generator/mime.js';
import type { MimeNode } from '../../fixtures/generator/mime.js';
import { replyWithSignature } from '../../fixtures/generator/outbox.js';
import { makePeople } from '../../fixtures/generator/people.js';
import type { Person } from '../../fixtures/generator/people.js';
import { businessProse } from '../../fixtures/generator/prose.js';
import { createRng } from '../../fixtures/generator/rng.js';
import type { Rng } from '../../fixtures/generator/rng.js';
import { customerTable, priceTable, productCatalogue } from '../../fixtures/generator/tables.js';
import type { TableData } from '../../fixtures/generator/tables.js';

/** What the filter must do with a message: relay it (pass) or refuse it (block). */
export type Expected = 'pass' | 'block';

export interface LoadMessage {
  id: string;
  expected: Expected;
  size: 'small' | 'large';
  /** The message bytes (small), or the file holding them (large: streamed from disk, not held). */
  content?: Buffer;
  file?: string;
  /** The content as DATA carries it (dot-stuffed, CRLF, final dot), when the corpus made it: the senders write it as is. */
  wire?: Buffer;
  bytes: number;
}

export interface CorpusOptions {
  /** Instead of the mix: the founding case's mail this many times, one recipient each (a campaign). */
  campaign?: number;
  seed: number;
  small: number;
  large: number;
  /** Attachment size range of the large messages, in MB (10^6 bytes). */
  largeMinMb: number;
  largeMaxMb: number;
  /** Folder for the large messages. */
  dir: string;
}

const DOMAIN = 'load.pii-scan.test';
const FROM = { name: 'Service clients', address: `service.clients@${DOMAIN}` };
const DATE = new Date(Date.UTC(2022, 7, 10, 8, 0, 0));

const message = (id: string, subject: string, body: MimeNode) => buildMessage({ from: FROM, to: { address: `destinataire@${DOMAIN}` }, subject, date: DATE, messageId: id, body });
const withAttachment = (text: string, filename: string, content: Buffer, type: string): MimeNode => ({
  type: 'multipart/mixed',
  parts: [{ type: 'text/plain', charset: 'utf-8', encoding: 'quoted-printable', body: text }, { contentType: type, filename, encoding: 'base64', content }],
});

/** Rows of `table` repeated until its CSV reaches `bytes`: a large file from a small table. */
function tiled(table: TableData, bytes: number): TableData {
  const rowBytes = Math.max(1, toCsv({ header: [], rows: table.rows }).length / table.rows.length);
  const count = Math.ceil(bytes / rowBytes);
  return { header: table.header, rows: Array.from({ length: count }, (_, i) => table.rows[i % table.rows.length] as string[]) };
}

async function smallMessage(i: number, rng: Rng, people: Person[], seed: number): Promise<LoadMessage> {
  const id = `small.${i}.${seed}@${DOMAIN}`;
  const kind = rng.weighted([['prose', 35], ['reply', 20], ['tariff', 15], ['csv', 20], ['xlsx', 10]] as const);
  let content: Buffer;
  if (kind === 'prose') content = message(id, 'Compte rendu', { type: 'text/plain', charset: 'utf-8', encoding: 'quoted-printable', body: businessProse(rng, people, rng.int(1000, 8000), 1e9) });
  else if (kind === 'reply') content = Buffer.from(replyWithSignature(seed + i).toString('utf8').replace(/^Message-ID: <[^>]+>/m, `Message-ID: <${id}>`));
  else if (kind === 'tariff') content = message(id, 'Grille tarifaire', withAttachment('Ci-joint la grille.', 'tarifs.csv', toCsv(priceTable(seed + i)), 'text/csv'));
  else {
    const start = rng.int(0, people.length - 60);
    const table = customerTable(people.slice(start, start + rng.int(12, 60)));
    const file = kind === 'csv' ? toCsv(table) : await toXlsx(table, { sheetName: 'Clients' });
    content = message(id, 'Fichier', withAttachment('Voici le fichier.', `clients.${kind}`, file, kind === 'csv' ? 'text/csv' : XLSX_TYPE));
  }
  return { id, expected: kind === 'csv' || kind === 'xlsx' ? 'block' : 'pass', size: 'small', content, bytes: content.length };
}

function largeMessage(i: number, options: CorpusOptions, people: Person[], catalogue: TableData): LoadMessage {
  const id = `large.${i}.${options.seed}@${DOMAIN}`;
  const span = options.largeMaxMb - options.largeMinMb;
  const mb = options.largeMinMb + (options.large > 1 ? (span * i) / (options.large - 1) : 0);
  // One in three leaks: the sizes of leaking and clean messages cover the whole range.
  const expected: Expected = i % 3 === 0 ? 'block' : 'pass';
  const table = tiled(expected === 'block' ? customerTable(people) : catalogue, mb * 1e6);
  const content = message(id, expected === 'block' ? 'Export abonnés' : 'Catalogue', withAttachment('Export complet.', expected === 'block' ? 'abonnes.csv' : 'catalogue.csv', toCsv(table), 'text/csv'));
  const file = join(options.dir, `large-${i}.eml`);
  writeFileSync(file, content);
  return { id, expected, size: 'large', file, bytes: content.length };
}

/** Builds the corpus, small and large interleaved in a seeded order (large messages written to `dir`). */
export async function buildCorpus(options: CorpusOptions): Promise<LoadMessage[]> {
  if (options.campaign) return campaignCorpus(options.campaign);
  const rng = createRng(options.seed);
  const people = makePeople(options.seed, 2000);
  const catalogue = productCatalogue(options.seed, 2000);
  mkdirSync(options.dir, { recursive: true });
  const all: LoadMessage[] = [];
  for (let i = 0; i < options.small; i++) all.push(await smallMessage(i, rng, people, options.seed));
  for (let i = 0; i < options.large; i++) all.push(largeMessage(i, options, people, catalogue));
  // Seeded Fisher-Yates: large messages arrive among the small ones, not all at the end.
  for (let i = all.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [all[i], all[j]] = [all[j] as LoadMessage, all[i] as LoadMessage];
  }
  return all;
}

/**
 * A mass mailing: the founding case's mail (its 15,930-row workbook) as `count` messages, each its
 * own Message-ID (the sender lanes give each its own recipients). Every one must be refused.
 */
function campaignCorpus(count: number): LoadMessage[] {
  const founding = readFileSync('fixtures/outbox/secheresse-abonnes.eml', 'latin1');
  // Dot-stuffed once: the copies differ only in their Message-ID line, which has no dot to stuff.
  const marker = 'Message-ID: <campagne.@load.pii-scan.test>';
  const wire = onTheWire(Buffer.from(founding.replace(/^Message-ID: .*$/m, marker), 'latin1'));
  const at = wire.indexOf(marker);
  return Array.from({ length: count }, (_, i) => {
    const id = `campagne.${i + 1}@load.pii-scan.test`;
    const content = Buffer.from(founding.replace(/^Message-ID: .*$/m, `Message-ID: <${id}>`), 'latin1');
    const copy = Buffer.concat([wire.subarray(0, at), Buffer.from(`Message-ID: <${id}>`, 'latin1'), wire.subarray(at + marker.length)]);
    return { id, expected: 'block' as const, size: 'large' as const, content, wire: copy, bytes: content.length };
  });
}
