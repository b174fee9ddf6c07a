import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../fixtures/generator/files.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { makeRar5 } from '../../fixtures/generator/rar-writer.js';
import { sevenZipArchive } from '../../fixtures/generator/seven-zip-writer.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { makeTar } from '../../fixtures/generator/tar-writer.js';
import { makeZip } from '../../fixtures/generator/zip-writer.js';
import { DEFAULT_LIMITS } from '../../src/model/limits.js';
import { DEFAULT_POLICY } from '../../src/policy/policy.js';
import { scanMessage } from '../../src/scan-message.js';
import { startFilterProcess } from '../helpers/filter-process.js';
import type { FilterProcess } from '../helpers/filter-process.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';
import { sendMail, startSink } from '../helpers/smtp.js';
import type { Sink } from '../helpers/smtp.js';

/**
 * The 200-person customer file in every archive a right-click makes on Windows, macOS or Linux:
 * each must give one customer-file finding of 200 people and no issue, through scanMessage, through
 * the relay (`pii-scan filter`, refused with 550 5.7.1) and given directly on the command line.
 */
const CSV = toCsv(customerTable(makePeople(2022, 200)));
const csv = [{ name: 'clients.csv', data: CSV }];
const tar = () => makeTar(csv);

const SHAPES: [string, () => Promise<Buffer> | Buffer, string][] = [
  ['clients.7z', () => sevenZipArchive('7z', csv), 'clients.7z!clients.csv'],
  ['clients.rar', () => makeRar5(csv), 'clients.rar!clients.csv'],
  ['clients.tar', tar, 'clients.tar!clients.csv'],
  ['clients.tar.gz', () => gzipSync(tar()), 'clients.tar.gz!clients.csv'],
  ['clients.tgz', () => gzipSync(tar()), 'clients.tgz!clients.csv'],
  ['clients.csv.gz', () => gzipSync(CSV), 'clients.csv.gz!clients.csv'],
  ['clients.csv.bz2', () => sevenZipArchive('bzip2', csv), 'clients.csv.bz2!clients.csv'],
  ['clients.csv.xz', () => sevenZipArchive('xz', csv), 'clients.csv.xz!clients.csv'],
  ['clients.tar.xz', () => sevenZipArchive('xz', [{ name: 'clients.tar', data: tar() }]), 'clients.tar.xz!clients.csv'],
  ['export.zip', () => makeZip([{ name: 'clients.csv.gz', data: gzipSync(CSV) }]), 'export.zip!clients.csv.gz!clients.csv'],
];
const BODY = 'Bonjour,\nvoici le fichier demandé.\n';
const ENVELOPE = { from: 'facturation@example.org', to: ['relances@example.net'] };

let sink: Sink;
let filter: FilterProcess;
let dir: string;
beforeAll(async () => {
  sink = await startSink();
  filter = await startFilterProcess(['--listen', '127.0.0.1:0', '--next-hop', `127.0.0.1:${sink.port}`, '--workers', '1']);
  dir = mkdtempSync(join(tmpdir(), 'pii-archives-'));
});
afterAll(async () => {
  await filter.stop();
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the 200-person table in every archive format', () => {
  it.each(SHAPES)('%s: one customer-file finding of 200 people, blocked by scanMessage, the relay and the command line', async (name, build, where) => {
    const content = await build();
    const message = mail(mixed(textBody(BODY), attachment(name, content)));
    const result = await scanMessage({ source: 'out.eml', kind: 'message', name: 'out.eml', content: message }, { limits: DEFAULT_LIMITS, policy: DEFAULT_POLICY });
    expect(result.issues).toEqual([]);
    expect(result.findings.filter((f) => f.kind === 'customer-file').map((f) => [f.where, f.people])).toEqual([[where, 200]]);
    expect(result.verdict).toBe('block');

    const reply = await sendMail(filter.port, ENVELOPE, message);
    expect(reply.text).toBe(`550 5.7.1 pii-scan: blocked: ${where} holds a customer file (200 people); send it through a protected share`);

    const file = join(dir, name);
    writeFileSync(file, content);
    const cli = spawnSync(process.execPath, ['bin/pii-scan.js', file, '--format', 'json'], { encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'en_GB.UTF-8' } });
    expect(cli.status).toBe(1);
    const report = JSON.parse(cli.stdout);
    expect(report.messages[0].issues).toEqual([]);
    expect(report.messages[0].findings.filter((f: { kind: string }) => f.kind === 'customer-file').map((f: { where: string; people: number }) => [f.where.split('!').slice(1).join('!'), f.people])).toEqual([[where.split('!').slice(1).join('!'), 200]]);
  });
});
