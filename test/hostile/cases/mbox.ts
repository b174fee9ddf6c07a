import type { HostileCase } from '../hostile-case.js';
import { put } from './common.js';

const msg = (n: number, body: string) => `From: a${n}@example.org\nTo: b@example.net\nSubject: Note ${n}\nDate: Fri, 05 Aug 2022 09:30:0${n} +0200\nMessage-ID: <m${n}@example.org>\n\n${body}\n`;

/**
 * Three messages; bodies hold "From " lines that are not separators: one not after a blank line,
 * one after a blank line but with no address and date, one quoted (mboxrd's ">From ").
 */
const separators = () => [
  `From a1@example.org Fri Aug  5 09:30:01 2022\n${msg(1, 'Bonjour,\nFrom the start of the month, the office is closed.\n')}`,
  `From a2@example.org Fri Aug  5 09:30:02 2022\n${msg(2, 'Bonjour,\n\nFrom now on\n>From a quoted line\n')}`,
  `From a3@example.org Fri Aug  5 09:30:03 2022\n${msg(3, 'Fin.\n')}`,
].join('\n');

/** 1 GiB of one message on standard input, generated as it is read. */
function* gigabyte(): Generator<Buffer> {
  yield Buffer.from('From: a@example.org\r\nTo: b@example.net\r\nSubject: Gros\r\nContent-Type: text/plain\r\n\r\n');
  const line = Buffer.from(`${'Lorem ipsum dolor sit amet '.repeat(36)}\r\n`);
  const block = Buffer.concat(Array.from({ length: Math.floor((1024 * 1024) / line.length) }, () => line));
  for (let i = 0; i < 1024; i++) yield block;
}

export const MBOX_CASES: HostileCase[] = [
  { name: 'mbox: From lines in bodies that are not separators', build: (d) => put(d, 'box.mbox', separators()), expected: { exit: 0, verdict: 'pass', issues: [], messages: 3 } },
  { name: 'stdin: a 1 GiB message', build: (d) => put(d, 'stdin.eml', ''), feed: gigabyte, stdin: true, expected: { exit: 2, verdict: 'unscannable', issues: ['too-large@stdin'] } },
];
