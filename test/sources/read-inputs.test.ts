import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/sources/read-inputs.js';
import type { ReadOptions } from '../../src/sources/read-inputs.js';
import { collect } from '../helpers/collect.js';

const SEP = (n: number) => `From sender${n}@example.com Mon Jan  3 10:0${n}:00 2022`;
const message = (n: number, body = `corps ${n}`) => `${SEP(n)}\nFrom: a@example.com\nSubject: ${n}\n\n${body}\n\n`;
const OPTIONS: ReadOptions = { maxMessageBytes: 10_000 };

function tempFile(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pii-read-')), name);
  writeFileSync(path, content);
  return path;
}

const summary = (raws: { index?: number; kind: string; content: Buffer; oversize?: number }[]) =>
  raws.map((r) => ({ index: r.index, kind: r.kind, subject: /Subject: (\d+)/.exec(r.content.toString())?.[1], bytes: r.content.length, oversize: r.oversize }));

describe('readInputs', () => {
  it('streams an mbox file into its messages, in order, with their index', async () => {
    const path = tempFile('box.mbox', [1, 2, 3].map((n) => message(n)).join(''));
    const raws = await collect(readInputs({ kind: 'file', path }, undefined, OPTIONS));
    expect(raws.map((r) => [r.source, r.name])).toEqual([[path, 'box.mbox'], [path, 'box.mbox'], [path, 'box.mbox']]);
    expect(summary(raws)).toEqual([1, 2, 3].map((n, index) => ({ index, kind: 'message', subject: String(n), bytes: 41, oversize: undefined })));
  });

  it('holds a message past maxMessageBytes only up to the limit, and says its size', async () => {
    const path = tempFile('big.mbox', message(1) + message(2, 'x'.repeat(20_000)) + message(3));
    const raws = await collect(readInputs({ kind: 'file', path }, undefined, OPTIONS));
    expect(summary(raws).map((s) => [s.index, s.bytes, s.oversize])).toEqual([[0, 41, undefined], [1, 10_000, 20_034], [2, 41, undefined]]);
  });

  it('does not take a message shortened by mboxrd unquoting for a cut one', async () => {
    const path = tempFile('quoted.mbox', message(1, '>From here\n>>From there') + message(2));
    const raws = await collect(readInputs({ kind: 'file', path }, undefined, OPTIONS));
    expect(summary(raws).map((s) => [s.index, s.oversize])).toEqual([[0, undefined], [1, undefined]]);
    expect(raws[0].content.toString()).toContain('\nFrom here\n>From there\n');
  });

  it('splits an mbox given on standard input the same way', async () => {
    const stdin = Readable.from([Buffer.from(message(1) + message(2).slice(0, 20)), Buffer.from(message(2).slice(20))]);
    const raws = await collect(readInputs({ kind: 'stdin' }, stdin, OPTIONS));
    expect(summary(raws).map((s) => [s.index, s.subject])).toEqual([[0, '1'], [1, '2']]);
    expect(raws[0].source).toBe('-');
  });

  it('needs --mbox-lenient for separators without an asctime date', async () => {
    const odd = 'From sender@example.com 2022-01-03T10:00:00Z\nSubject: 1\n\nun\n\nFrom other@example.com 2022-01-04\nSubject: 2\n\ndeux\n';
    const path = tempFile('odd.mbox', odd);
    const strict = await collect(readInputs({ kind: 'file', path }, undefined, OPTIONS));
    expect(summary(strict).map((s) => [s.kind, s.index])).toEqual([['file', undefined]]);
    const lenient = await collect(readInputs({ kind: 'file', path }, undefined, { ...OPTIONS, mboxLenient: true }));
    expect(summary(lenient).map((s) => [s.kind, s.index, s.subject])).toEqual([['message', 0, '1'], ['message', 1, '2']]);
  });

  it('reads any other file whole, larger than the sniffing head included', async () => {
    const csv = `Nom;Prénom\n${'MOREL;Jeanne\n'.repeat(10_000)}`;
    const path = tempFile('clients.csv', csv);
    const raws = await collect(readInputs({ kind: 'file', path }, undefined, OPTIONS));
    expect(raws.map((r) => [r.kind, r.content.equals(Buffer.from(csv))])).toEqual([['file', true]]);
  });

  it('turns a read error into one line naming the input', async () => {
    await expect(collect(readInputs({ kind: 'file', path: '/nonexistent/x.mbox' }, undefined, OPTIONS))).rejects.toThrow('/nonexistent/x.mbox: no such file or directory');
  });
});
