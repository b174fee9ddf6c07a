import { appendFileSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { tempDirs } from '../helpers/temp-dir.js';

const dirs = tempDirs();
afterAll(() => dirs.remove());

const outbox = (name: string) => readFileSync(join('fixtures/outbox', name));
const cli = (argv: string[]) => run(argv, { env: { LANG: 'en_GB.UTF-8' } });
const scanned = async (argv: string[]) => {
  const r = await cli(['--format', 'json', ...argv]);
  const report = JSON.parse(r.stdout) as { messages: { source: string; verdict: string }[] };
  return { exitCode: r.exitCode, stderr: r.stderr, sources: report.messages.map((m) => m.source.replace(/^.*\/Maildir\//, '')) };
};

function maildir(): { dir: string; state: string } {
  const root = dirs.make({
    'Maildir/cur/1700000001.M1P1.relay:2,S': outbox('secheresse-abonnes.eml'),
    'Maildir/cur/1700000002.M2P1.relay:2,S': outbox('reponse-signature.eml'),
    'Maildir/new/1700000003.M3P1.relay': outbox('courrier-client.eml'),
  });
  return { dir: join(root, 'Maildir'), state: join(root, 'audit.state') };
}

describe('--since-state: a nightly audit scans only what is new', () => {
  it('scans everything once, then nothing: unchanged files are not read again', async () => {
    const { dir, state } = maildir();
    // A date in whole seconds, which every file system keeps exactly, so that it can be put back.
    const sent = join(dir, 'cur/1700000001.M1P1.relay:2,S');
    utimesSync(sent, 1_700_000_000, 1_700_000_000);
    const first = await scanned(['--since-state', state, dir]);
    expect([first.exitCode, first.sources]).toEqual([1, ['new/1700000003.M3P1.relay', 'cur/1700000001.M1P1.relay:2,S', 'cur/1700000002.M2P1.relay:2,S']]);
    expect(statSync(state).mode & 0o777).toBe(0o600);
    const recorded = JSON.parse(readFileSync(state, 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(recorded.files).map((p) => p.slice(dir.length + 1))).toEqual(['cur/1700000001.M1P1.relay:2,S', 'cur/1700000002.M2P1.relay:2,S', 'new/1700000003.M3P1.relay']);

    // Not read at all: a file whose bytes changed behind the same size and date is not noticed.
    writeFileSync(sent, Buffer.alloc(statSync(sent).size, 0x20));
    utimesSync(sent, 1_700_000_000, 1_700_000_000);
    const second = await scanned(['--since-state', state, dir]);
    expect([second.exitCode, second.sources]).toEqual([0, []]);
    expect(second.stderr).toBe(`pii-scan: note: 3 files unchanged since they were scanned (--since-state ${state}), not read\npii-scan: note: nothing new to scan since the last run (--since-state ${state})\n`);
  });

  it('knows a message renamed by a flag change by its content, and scans a new or changed one', async () => {
    const { dir, state } = maildir();
    await scanned(['--since-state', state, dir]);
    renameSync(join(dir, 'cur/1700000002.M2P1.relay:2,S'), join(dir, 'cur/1700000002.M2P1.relay:2,RS'));
    writeFileSync(join(dir, 'new/1700000004.M4P1.relay'), outbox('annuaire-services.eml'));
    writeFileSync(join(dir, 'new/1700000003.M3P1.relay'), Buffer.concat([outbox('courrier-client.eml'), Buffer.from('\nPS : changed.\n')]));
    const next = await scanned(['--since-state', state, dir]);
    expect(next.sources).toEqual(['new/1700000003.M3P1.relay', 'new/1700000004.M4P1.relay']);
    expect(next.stderr).toBe('pii-scan: note: 1 file unchanged since they were scanned (--since-state ' + state + '), not read\npii-scan: note: 1 file already scanned under another name or date (same content), not scanned again\n');
    const recorded = Object.keys((JSON.parse(readFileSync(state, 'utf8')) as { files: Record<string, unknown> }).files).map((p) => p.slice(dir.length + 1));
    // The old name is gone from the disk, and from the state.
    expect(recorded).toEqual(['cur/1700000001.M1P1.relay:2,S', 'cur/1700000002.M2P1.relay:2,RS', 'new/1700000003.M3P1.relay', 'new/1700000004.M4P1.relay']);
  });

  it('records no message whose scan ran out of time: the next run reads it again', async () => {
    const { dir, state } = maildir();
    const config = join(dir, '..', 'slow.yml');
    writeFileSync(config, 'limits:\n  messageTimeoutMs: 1\n');
    const first = await scanned(['--jobs', '1', '--config', config, '--since-state', state, join(dir, 'cur')]);
    expect(first.sources).toEqual(['cur/1700000001.M1P1.relay:2,S', 'cur/1700000002.M2P1.relay:2,S']);
    // The founding case's workbook takes far more than a millisecond: not recorded, so read again under the same settings.
    const recorded = Object.keys((JSON.parse(readFileSync(state, 'utf8')) as { files: Record<string, unknown> }).files).map((p) => p.slice(dir.length + 1));
    expect(recorded).not.toContain('cur/1700000001.M1P1.relay:2,S');
    const again = await scanned(['--jobs', '1', '--config', config, '--since-state', state, join(dir, 'cur')]);
    expect(again.sources).toContain('cur/1700000001.M1P1.relay:2,S');
  });

  it('scans everything again under other settings or another version: what was found before is not what this run would find', async () => {
    const { dir, state } = maildir();
    await scanned(['--since-state', state, dir]);
    const note = `pii-scan: note: --since-state ${state} was written by another version of pii-scan or under other settings (detection, thresholds, limits, fingerprints): everything is scanned again\n`;
    // A lower threshold: the three messages read again, and the state now holds this run's settings.
    const lower = await scanned(['--min-people', '3', '--since-state', state, dir]);
    expect([lower.sources.length, lower.stderr]).toEqual([3, note]);
    const same = await scanned(['--min-people', '3', '--since-state', state, dir]);
    expect(same.sources).toEqual([]);
    // A state written before settings were kept in it (or by another version) is one of other settings.
    const recorded = JSON.parse(readFileSync(state, 'utf8')) as { settings?: string };
    expect(recorded.settings).toMatch(/^[0-9a-f]{64}$/);
    delete recorded.settings;
    writeFileSync(state, JSON.stringify(recorded));
    const older = await scanned(['--min-people', '3', '--since-state', state, dir]);
    expect([older.sources.length, older.stderr]).toEqual([3, note]);
  });

  it('reads an mbox that grew from where the last run stopped, and one changed inside whole', async () => {
    const entry = (name: string, hour: number) => Buffer.concat([Buffer.from(`From envoi@example.fr Thu Dec  3 ${hour}:00:00 2026\n`), outbox(name), Buffer.from('\n')]);
    const root = dirs.make({ 'Sent.mbox': Buffer.concat([entry('courrier-client.eml', 10), entry('reponse-signature.eml', 11)]) });
    const mbox = join(root, 'Sent.mbox');
    const state = join(root, 'audit.state');
    const indexes = async () => {
      const r = await cli(['--format', 'json', '--since-state', state, mbox]);
      return { exitCode: r.exitCode, stderr: r.stderr, messages: (JSON.parse(r.stdout) as { messages: { index: number; verdict: string }[] }).messages.map((m) => [m.index, m.verdict]) };
    };
    expect((await indexes()).messages).toEqual([[0, 'pass'], [1, 'pass']]);
    appendFileSync(mbox, entry('secheresse-abonnes.eml', 12));
    const grown = await indexes();
    expect([grown.exitCode, grown.messages, grown.stderr]).toEqual([1, [[2, 'block']], 'pii-scan: note: 1 mailbox grown since scanned: only the messages added are read\n']);
    expect((await indexes()).messages).toEqual([]);
    // A message changed inside (not only added to): the whole mailbox again.
    const bytes = readFileSync(mbox);
    bytes[bytes.indexOf('Subject:') + 9] ^= 0x20;
    writeFileSync(mbox, Buffer.concat([bytes, entry('annuaire-services.eml', 13)]));
    expect((await indexes()).messages.map(([index]) => index)).toEqual([0, 1, 2, 3]);
  });

  it('scans standard input every time, and says so', async () => {
    const { state } = maildir();
    const once = () => run(['--format', 'json', '--since-state', state, '-'], { env: { LANG: 'en_GB.UTF-8' }, stdin: Readable.from([outbox('courrier-client.eml')]) });
    await once();
    const again = await once();
    expect((JSON.parse(again.stdout) as { messages: unknown[] }).messages).toHaveLength(1);
    expect(again.stderr).toBe('pii-scan: note: standard input is scanned whole every time: --since-state records files only\n');
  });

  it('refuses a state file that is not one: one line, exit 3, nothing scanned', async () => {
    const { dir, state } = maildir();
    writeFileSync(state, '{"hello": 1}');
    const r = await cli(['--since-state', state, dir]);
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([3, '', `pii-scan: --since-state ${state}: not a pii-scan scan state of this version; name another file, or delete it to scan everything again\n`]);
  });
});
