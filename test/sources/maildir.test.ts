import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { place } from '../../src/sources/maildir.js';
import { tempDirs } from '../helpers/temp-dir.js';

const dirs = tempDirs();
afterAll(() => dirs.remove());

const outbox = (name: string) => readFileSync(join('fixtures/outbox', name));
const FOUNDING = outbox('secheresse-abonnes.eml');
const cli = (argv: string[]) => run(argv, { env: { LANG: 'en_GB.UTF-8' } });

/** A Dovecot-like Maildir: INBOX with new/, cur/ and a delivery in tmp/, two Maildir++ subfolders, the store's own files. */
function maildir(): string {
  const root = dirs.make({
    'Maildir/new/1700000003.M3P1.relay': outbox('courrier-client.eml'),
    'Maildir/cur/1700000002.M2P1.relay:2,S': outbox('reponse-signature.eml'),
    // Still being written: not mail yet, even though it holds the customer file.
    'Maildir/tmp/1700000004.M4P1.relay': FOUNDING,
    'Maildir/.Sent/cur/1700000001.M1P1.relay:2,RS': FOUNDING,
    'Maildir/.Sent/maildirfolder': '',
    'Maildir/.Archives.2025/cur/1700000005.M5P1.relay!2,FP': outbox('grille-tarifaire.eml'),
    'Maildir/dovecot-uidlist': '3 V1700000000 N6\n',
    'Maildir/subscriptions': 'Sent\nArchives.2025\n',
  });
  mkdirSync(join(root, 'Maildir/.Sent/new'));
  mkdirSync(join(root, 'Maildir/.Archives.2025/new'));
  return join(root, 'Maildir');
}

describe('Maildir', () => {
  it('is read as one mailbox: new/ then cur/, then each Maildir++ folder, with folder and flags; tmp/ and the store files said, not read', async () => {
    const dir = maildir();
    const r = await cli(['--format', 'json', dir]);
    const report = JSON.parse(r.stdout) as { messages: { source: string; mailbox: unknown; verdict: string; people: number }[] };
    expect(report.messages.map((m) => [m.source.slice(dir.length + 1), m.mailbox, m.verdict, m.people])).toEqual([
      ['new/1700000003.M3P1.relay', { format: 'maildir', folder: 'INBOX', flags: [] }, 'pass', 1],
      ['cur/1700000002.M2P1.relay:2,S', { format: 'maildir', folder: 'INBOX', flags: ['seen'] }, 'pass', 0],
      ['.Archives.2025/cur/1700000005.M5P1.relay!2,FP', { format: 'maildir', folder: 'Archives/2025', flags: ['flagged', 'passed'] }, 'pass', 0],
      ['.Sent/cur/1700000001.M1P1.relay:2,RS', { format: 'maildir', folder: 'Sent', flags: ['replied', 'seen'] }, 'block', 15930],
    ]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      `pii-scan: note: ${dir}/tmp: 1 message still being delivered (Maildir tmp/), not read\n` +
        `pii-scan: note: ${dir}/.Sent: Maildir (Sent): 1 file of the mail store's own (indexes, subscriptions) beside its messages, not read\n` +
        `pii-scan: note: ${dir}: Maildir (INBOX): 2 files of the mail store's own (indexes, subscriptions) beside its messages, not read\n`,
    );
  });

  it('gives a message the findings it has as an .eml file', async () => {
    const dir = maildir();
    const eml = dirs.make({ 'sent.eml': FOUNDING });
    const findings = async (path: string) => (JSON.parse((await cli(['--format', 'json', path])).stdout) as { messages: { findings: unknown[] }[] }).messages[0].findings;
    expect(await findings(join(dir, '.Sent/cur/1700000001.M1P1.relay:2,RS'))).toEqual(await findings(join(eml, 'sent.eml')));
  });

  it('shows the folder and the flags in the text report, in French and English', async () => {
    const dir = maildir();
    const en = await cli(['--format', 'text', join(dir, '.Sent')]);
    expect(en.stdout.split('\n')[0]).toBe(`BLOCKED     ${dir}/.Sent/cur/1700000001.M1P1.relay:2,RS  (folder Sent, replied, seen)`);
    const fr = await cli(['--format', 'text', '--lang', 'fr', dir]);
    expect(fr.stdout).toContain(`${dir}/.Archives.2025/cur/1700000005.M5P1.relay!2,FP  (dossier Archives/2025, suivi, transféré)`);
    expect(fr.stdout).toContain(`${dir}/new/1700000003.M3P1.relay  (dossier INBOX)`);
  });

  it('reads the flags of a file name: every letter, either separator, none', () => {
    expect(place('Sent', '1.M1.h:2,DFPRST').flags).toEqual(['draft', 'flagged', 'passed', 'replied', 'seen', 'trashed']);
    expect(place('Sent', '1.M1.h!2,S').flags).toEqual(['seen']);
    expect([place('INBOX', '1.M1.h').flags, place('INBOX', '1.M1.h:2,').flags]).toEqual([[], []]);
  });
});
