import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encryptedOfficeFile } from '../../fixtures/generator/legacy.js';
import { toDocx } from '../../fixtures/generator/office.js';
import { encryptedPdf } from '../../fixtures/generator/pdf.js';
import { makeZip } from '../../fixtures/generator/zip-writer.js';
import { run } from '../../src/cli/run.js';
import { pdfjsOnlyPdf } from '../helpers/hostile-parts.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';

/**
 * Every attachment pii-scan cannot read whole makes its message unscannable (exit 2) with the
 * issue's code, while the message's other parts are still read: the readable note beside it is
 * scanned, never skipped.
 */
const NOTE = Buffer.from('Compte rendu de la réunion du 5 août.\n');

function nested(depth: number): Buffer {
  let zip = makeZip([{ name: 'clients.csv', data: Buffer.from('Nom;Prénom\nMOREL;Jeanne\n') }]);
  for (let i = 0; i < depth; i++) zip = makeZip([{ name: `niveau${depth - i}.zip`, data: zip }]);
  return zip;
}

/** A whole archive whose central directory record lost its signature. */
function corruptZip(): Buffer {
  const zip = makeZip([{ name: 'clients.csv', data: Buffer.from('Nom;Prénom\nMOREL;Jeanne\n') }]);
  const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  zip.writeUInt32LE(0xdeadbeef, central);
  return zip;
}

/** 64 MiB of zeros deflated to ~64 KB: honest headers, a ratio of about 1000:1. */
const bomb = () => makeZip([{ name: 'zeros.csv', data: Buffer.alloc(64 * 1024 * 1024), method: 'deflate' }]);

const CASES: [string, string, () => Buffer | Promise<Buffer>, string, string][] = [
  ['an encrypted ZIP entry', 'docs.zip', () => makeZip([{ name: 'salaires.csv', data: Buffer.from('x'), flags: 1 }, { name: 'lisezmoi.txt', data: NOTE }]), 'encrypted', 'docs.zip!salaires.csv'],
  ['a password-protected PDF', 'releve.pdf', () => encryptedPdf(), 'encrypted', 'releve.pdf'],
  ['an encrypted XLSX', 'salaires.xlsx', encryptedOfficeFile, 'encrypted', 'salaires.xlsx'],
  ['a truncated DOCX', 'courrier.docx', () => { const docx = toDocx(null, ['Madame, Monsieur,', 'Veuillez trouver ci-joint…']); return docx.subarray(0, Math.floor(docx.length / 2)); }, 'truncated', 'courrier.docx'],
  ['a corrupt ZIP (damaged central directory)', 'export.zip', corruptZip, 'corrupt', 'export.zip'],
  ['a cut-off ZIP', 'export.zip', () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 0x5a)]), 'truncated', 'export.zip'],
  ['a ZIP bomb', 'bombe.zip', bomb, 'too-large', 'bombe.zip!zeros.csv'],
  ['recursion past the depth limit', 'poupees.zip', () => nested(10), 'too-deep', 'poupees.zip!niveau1.zip!niveau2.zip!niveau3.zip!niveau4.zip!niveau5.zip!niveau6.zip!niveau7.zip!niveau8.zip!niveau9.zip'],
];

describe('unreadable attachments: their issue, exit 2, nothing else skipped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pii-unreadable-'));
  // The parser thread and pdf.js are loaded once for the run: a fixed cost, not what a case inflates.
  beforeAll(async () => {
    writeFileSync(join(dir, 'warm.pdf'), pdfjsOnlyPdf());
    expect((await run(['--format', 'json', join(dir, 'warm.pdf')], { env: { LANG: 'en_GB.UTF-8' } })).exitCode).toBe(0);
  });

  it.each(CASES)('%s', async (_name, filename, build, code, where) => {
    const path = join(dir, `${filename}.eml`);
    writeFileSync(path, mail(mixed(textBody('Bonjour,\nci-joint.\n'), attachment(filename, await build()), attachment('note.txt', NOTE))));
    const before = process.memoryUsage().rss;
    const { exitCode, stdout, stderr } = await run(['--format', 'json', path], { env: { LANG: 'en_GB.UTF-8' } });
    expect([exitCode, stderr]).toEqual([2, '']);
    const [message] = JSON.parse(stdout).messages;
    expect(message.verdict).toBe('unscannable');
    expect(message.issues.map((i: { code: string; where: string }) => [i.code, i.where])).toContainEqual([code, where]);
    const status = Object.fromEntries(message.parts.map((p: { where: string; status: string }) => [p.where, p.status]));
    expect([status['body/text'], status['note.txt']]).toEqual(['scanned', 'scanned']);
    // Bounded memory: no case inflates anything near its content (the bomb is 64 MiB inflated).
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
  });
});
