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

  it('splits on an address and any date or none before headers; a bare word and no asctime date needs --mbox-lenient', async () => {
    const addressed = 'From sender@example.com 2022-01-03T10:00:00Z\nSubject: 1\n\nun\n\nFrom other@example.com\nSubject: 2\n\ndeux\n';
    const strict = await collect(readInputs({ kind: 'file', path: tempFile('addr.mbox', addressed) }, undefined, OPTIONS));
    expect(summary(strict).map((s) => [s.kind, s.index, s.subject])).toEqual([['message', 0, '1'], ['message', 1, '2']]);
    const odd = 'From sender 2022-01-03T10:00:00Z\nSubject: 1\n\nun\n\nFrom other 2022-01-04\nSubject: 2\n\ndeux\n';
    const path = tempFile('odd.mbox', odd);
    const plain = await collect(readInputs({ kind: 'file', path }, undefined, OPTIONS));
    expect(summary(plain).map((s) => [s.kind, s.index])).toEqual([['file', undefined]]);
    const lenient = await collect(readInputs({ kind: 'file', path }, undefined, { ...OPTIONS, mboxLenient: true }));
    expect(summary(lenient).map((s) => [s.kind, s.index, s.subject])).toEqual([['message', 0, '1'], ['message', 1, '2']]);
  });

  it('reads any other file whole, larger than the sniffing head included', async () => {
    const csv = `Nom;Prénom\n${'MOREL;Jeanne\n'.repeat(10_000)}`;
    const path = tempFile('clients.csv', csv);
    const raws = await collect(readInputs({ kind: 'file', path }, undefined, { maxMessageBytes: 1_000_000 }));
    expect(raws.map((r) => [r.kind, r.content.equals(Buffer.from(csv)), r.oversize])).toEqual([['file', true, undefined]]);
  });

  const EML = (bodyBytes: number) => `From: a@example.com\nSubject: 7\n\n${'ligne de texte\n'.repeat(Math.ceil(bodyBytes / 15))}`;

  it.each([
    ['a message file', 'big.eml', 'message'],
    ['a bare file', 'big.csv', 'file'],
  ])('stops holding %s past the message limit and says its size', async (_what, name, kind) => {
    const text = name.endsWith('.eml') ? EML(3_000_000) : `Nom;Prénom\n${'MOREL;Jeanne\n'.repeat(250_000)}`;
    const path = tempFile(name, text);
    const raws = await collect(readInputs({ kind: 'file', path }, undefined, { maxMessageBytes: 1_048_576 }));
    expect(raws.map((r) => [r.kind, r.oversize, r.content.length <= 64 * 1024])).toEqual([[kind, Buffer.byteLength(text), true]]);
  });

  it('stops holding a message on standard input past the limit, in chunks smaller or larger than it', async () => {
    const text = Buffer.from(EML(300_000));
    const chunks = [text.subarray(0, 1000), text.subarray(1000, 250_000), text.subarray(250_000)];
    const raws = await collect(readInputs({ kind: 'stdin' }, Readable.from(chunks), { maxMessageBytes: 100_000 }));
    expect(raws.map((r) => [r.kind, r.oversize, r.content.length <= 64 * 1024])).toEqual([['message', text.length, true]]);
    const exact = await collect(readInputs({ kind: 'stdin' }, Readable.from(chunks), { maxMessageBytes: text.length }));
    expect(exact.map((r) => [r.kind, r.oversize, r.content.length])).toEqual([['message', undefined, text.length]]);
  });

  it('turns a read error into one line naming the input', async () => {
    await expect(collect(readInputs({ kind: 'file', path: '/nonexistent/x.mbox' }, undefined, OPTIONS))).rejects.toThrow('/nonexistent/x.mbox: no such file or directory');
  });
});
