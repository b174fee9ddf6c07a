import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { formatNumber } from '../../src/report/i18n.js';
import { toCsv } from '../../fixtures/generator/files.js';
import { toPdfText } from '../../fixtures/generator/pdf.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';
import { makeZip } from '../helpers/zip-writer.js';

/**
 * Issue details follow the report's language (issue 17): mails whose attachments cannot be read
 * whole, each for a different reason, scanned by the CLI in French and in English, with the exact
 * issue lines a data protection officer reads.
 */
const csv = toCsv(customerTable(makePeople(17, 12)));
const letter = (name: string, content: Buffer, type: string) =>
  mail(mixed(textBody('Bonjour,\nci-joint le fichier.\n'), attachment(name, content, type)), { subject: `Envoi de ${name}` });

let dir: string;
let inputs: string[];
/** The size of gros.zip, its CSV stored: over the part limit as a whole. */
let storedBytes: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pii-scan-details-'));
  const zip = makeZip([{ name: 'clients.csv', data: csv }]);
  const stored = makeZip([{ name: 'export.csv', data: csv, method: 'store' }]);
  storedBytes = stored.length;
  const pdf = await toPdfText(['Relevé de consommation', 'Période : août 2022']);
  const gzip = gzipSync(csv);
  // Bytes past the gzip header, inside the deflate stream, turned to junk: damaged, not cut off.
  const damagedGzip = Buffer.concat([gzip.subarray(0, 20), Buffer.alloc(64, 0xff), gzip.subarray(84)]);
  const mails: Record<string, Buffer> = {
    encrypted: letter('clients.zip', makeZip([{ name: 'clients.csv', data: csv, flags: 1 }]), 'application/zip'),
    'cut-zip': letter('export.zip', zip.subarray(0, Math.floor(zip.length * 0.6)), 'application/zip'),
    'cut-pdf': letter('releve.pdf', pdf.subarray(0, Math.floor(pdf.length / 2)), 'application/pdf'),
    'attachment-over-limit': letter('gros.zip', stored, 'application/zip'),
    'entry-over-limit': letter('petit.zip', zip, 'application/zip'),
    'damaged-gzip': letter('clients.csv.gz', damagedGzip, 'application/gzip'),
  };
  inputs = Object.entries(mails).map(([name, content]) => {
    const file = join(dir, `${name}.eml`);
    writeFileSync(file, content);
    return file;
  });
  // A part limit between the deflated CSV and the CSV: petit.zip is read, its entry is over the limit.
  writeFileSync(join(dir, 'limits.yml'), 'limits:\n  maxPartBytes: 1024\n');
});

async function issueLines(lang: 'en' | 'fr'): Promise<string[]> {
  const r = await run(['--lang', lang, '--config', join(dir, 'limits.yml'), ...inputs], { env: {} });
  return r.stdout.split('\n').filter((l) => / \((encrypted|corrupt|truncated|too-large): /.test(l)).map((l) => l.trim());
}

describe('issue details in the report language (transcripts)', () => {
  it('prints each detail in French under --lang fr', async () => {
    expect(await issueLines('fr')).toEqual([
      'clients.zip!clients.csv : protégé par mot de passe (encrypted: élément protégé par un mot de passe)',
      "export.zip : fichier tronqué (truncated: l'archive est tronquée (pas de répertoire central))",
      'releve.pdf : fichier tronqué (truncated: le PDF est tronqué (pas de marque de fin de fichier))',
      `gros.zip : trop volumineux (too-large: pièce jointe de ${formatNumber(storedBytes, 'fr')} octets, au-delà de la limite de 1 024 octets)`,
      "petit.zip!clients.csv : trop volumineux (too-large: une fois décompressé, l'élément dépasse la limite de 1 024 octets)",
      // zlib's own message is the cause: passed on as it is, never translated.
      'clients.csv.gz : fichier endommagé (corrupt: données gzip endommagées : invalid code -- missing end-of-block)',
    ]);
  });

  it('prints the English details unchanged without it', async () => {
    expect(await issueLines('en')).toEqual([
      'clients.zip!clients.csv: password-protected (encrypted: password-protected entry)',
      'export.zip: truncated file (truncated: the archive is cut off (no central directory))',
      'releve.pdf: truncated file (truncated: the PDF is cut off (no end-of-file marker))',
      `gros.zip: too large (too-large: attachment of ${storedBytes} bytes is over the 1024-byte limit)`,
      'petit.zip!clients.csv: too large (too-large: entry inflates past the 1024-byte limit)',
      'clients.csv.gz: damaged file (corrupt: damaged gzip data: invalid code -- missing end-of-block)',
    ]);
  });

  it('keeps the JSON report in English, each issue named by its detail code', async () => {
    const r = await run(['--lang', 'fr', '--format', 'json', '--config', join(dir, 'limits.yml'), inputs[0]], { env: {} });
    expect(JSON.parse(r.stdout).messages[0].issues).toEqual([{ code: 'encrypted', where: 'clients.zip!clients.csv', detail: 'password-protected entry', detailCode: 'entry-encrypted' }]);
  });
});
