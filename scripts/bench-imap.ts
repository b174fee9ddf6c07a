/**
 * The IMAP bench (`npm run bench -- --mbox big.mbox --imap 10000`): the first N messages of the
 * mailbox put in a private Dovecot's Sent folder (test/helpers/dovecot.ts, Debian's
 * dovecot-imapd), then scanned over IMAP (imaps:// on loopback) and from the same Maildir on disk,
 * alternated run by run. Prints messages/s and peak RSS of each, the ratio, and checks that both
 * reach the same verdicts.
 */
import { chownSync, createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { MboxSplitter } from '../src/sources/mbox.js';
import { median } from './bench-common.js';
import { DOVECOT_RUNS, IMAP_PASSWORD, IMAP_USER, startDovecot } from '../test/helpers/dovecot.js';

type RunOnce = (args: string[]) => { seconds: number; status: number | null; peakKb: number | null };

/** The first `count` messages of an mbox, written as Maildir files of the Sent folder (seen). */
async function fillSent(mbox: string, maildir: string, count: number): Promise<number> {
  const cur = join(maildir, '.Sent', 'cur');
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(maildir, '.Sent', sub), { recursive: true });
  const splitter = new MboxSplitter();
  let written = 0;
  const write = (messages: ReturnType<MboxSplitter['push']>) => {
    for (const m of messages) {
      if (written >= count) return;
      writeFileSync(join(cur, `${1700000000 + written}.M${written}P1.bench:2,S`), m.content);
      written++;
    }
  };
  for await (const chunk of createReadStream(mbox, { highWaterMark: 1 << 20 })) {
    write(splitter.push(chunk as Buffer));
    if (written >= count) break;
  }
  if (written < count) write(splitter.end());
  return written;
}

export async function imapBench(mbox: string, count: number, runs: number, jobs: string, runOnce: RunOnce): Promise<boolean> {
  if (!DOVECOT_RUNS) {
    console.log('\nIMAP: Dovecot is not installed (apt-get install dovecot-imapd): no IMAP bench');
    return true;
  }
  const dovecot = await startDovecot();
  try {
    const messages = await fillSent(mbox, dovecot.maildir, count);
    if (userInfo().uid === 0) for (const d of ['', '.Sent', '.Sent/cur', '.Sent/new', '.Sent/tmp']) chownSync(join(dovecot.maildir, d), 65534, 65534);
    process.env.PII_SCAN_IMAP_PASSWORD = IMAP_PASSWORD;
    const url = `imaps://${IMAP_USER}@127.0.0.1:${dovecot.imaps}/Sent`;
    const folder = join(dovecot.maildir, '.Sent');
    const imapReport = join(dovecot.dir, 'imap.json');
    const diskReport = join(dovecot.dir, 'disk.json');
    // Dovecot indexes the folder on its first opening: a first run, untimed, does it.
    runOnce(['--format', 'json', '--jobs', jobs, '--ca', dovecot.ca, '--output', imapReport, url]);
    const imap: ReturnType<RunOnce>[] = [];
    const disk: ReturnType<RunOnce>[] = [];
    for (let i = 0; i < runs; i++) {
      imap.push(runOnce(['--format', 'json', '--jobs', jobs, '--ca', dovecot.ca, '--output', imapReport, url]));
      disk.push(runOnce(['--format', 'json', '--jobs', jobs, '--output', diskReport, folder]));
    }
    if ([...imap, ...disk].some((r) => ![0, 1, 2].includes(r.status ?? -1))) throw new Error(`IMAP bench: exit ${[...imap, ...disk].map((r) => r.status).join(',')}`);
    const summary = (file: string) => (existsSync(file) ? JSON.stringify((JSON.parse(readFileSync(file, 'utf8')) as { summary: Record<string, number> }).summary, ['messages', 'blocked', 'warned', 'unscannable', 'passed']) : 'none');
    const line = (name: string, rs: ReturnType<RunOnce>[]) => {
      const s = median(rs.map((r) => r.seconds));
      console.log(`${name} | ${s.toFixed(1)} s | ${(messages / s).toFixed(0)} messages/s | peak RSS ${(Math.max(...rs.map((r) => r.peakKb ?? 0)) / 1024).toFixed(0)} MB`);
      return s;
    };
    console.log(`\nIMAP: ${messages} messages of ${mbox} in a Dovecot Sent folder on loopback, --jobs ${jobs}, ${runs} run(s) each, alternated, medians:`);
    const a = line('imaps:// (Dovecot, TLS)', imap);
    const b = line('the same Maildir on disk', disk);
    const same = summary(imapReport) === summary(diskReport);
    console.log(`IMAP / disk: ${(a / b).toFixed(2)}x | verdicts ${summary(imapReport)} | same from disk: ${same ? 'OK' : `MISSED (${summary(diskReport)})`}`);
    return same;
  } finally {
    dovecot.stop();
  }
}
