import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { Transform } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createBase64Decoder } from '../../src/message/fast-base64.js';
import { parseMessage } from '../../src/message/parse-message.js';
import { DEFAULT_LIMITS } from '../../src/model/limits.js';
import { createRng } from '../../fixtures/generator/rng.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';

const require = createRequire(import.meta.url);
const libbase64 = require('libbase64') as { Decoder: new () => Transform };

/** What a decoder gives for `input` written in pieces of the given sizes (cycled). */
async function decode(decoder: Transform, input: Buffer, sizes: readonly number[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let at = 0, k = 0; at < input.length; k++) {
    const size = sizes[k % sizes.length];
    chunks.push(input.subarray(at, at + size));
    at += size;
  }
  const out: Buffer[] = [];
  for await (const piece of Readable.from(chunks).pipe(decoder)) out.push(piece as Buffer);
  return Buffer.concat(out);
}

/** Base64 of `data` in lines of 76 characters ending with CRLF, as mail programs write it. */
const wrapped = (data: Buffer) => (data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n') + '\r\n';

describe('the base64 transfer decoder', () => {
  const rng = createRng(20221203);
  const data = Buffer.from(Array.from({ length: 12_003 }, () => rng.int(0, 255)));

  it.each([
    ['lines of 76 with CRLF', Buffer.from(wrapped(data))],
    ['one line, no line ends', Buffer.from(data.toString('base64'))],
    ['LF only', Buffer.from(wrapped(data).replace(/\r/g, ''))],
    ['every line padded on its own (segments)', Buffer.from((data.toString('base64').match(/.{1,76}/g) ?? []).map((l) => Buffer.from(l, 'base64').toString('base64')).join('\r\n'))],
    ['stray bytes and spaces among the lines', Buffer.from(wrapped(data).replace(/\r\n/g, (m, at: number) => (at % 5 === 0 ? ' \t\x00\r\n' : m)), 'latin1')],
    ['8-bit bytes among the characters', Buffer.concat([Buffer.from(wrapped(data.subarray(0, 600))), Buffer.from([0xc3, 0xa9]), Buffer.from(wrapped(data.subarray(600)))])],
    ['a cut last quartet', Buffer.from(wrapped(data).trimEnd().slice(0, -3))],
  ])('%s: the same bytes as libbase64, whatever the chunk sizes', async (_name, input) => {
    for (const sizes of [[input.length], [1], [3, 7, 1], [76, 78, 77], [4096], [1000, 1, 2, 3]]) {
      const expected = await decode(new libbase64.Decoder(), input, sizes);
      expect(await decode(createBase64Decoder(), input, sizes)).toEqual(expected);
    }
    // The plain case gives the data itself.
    if (_name === 'lines of 76 with CRLF') expect(await decode(createBase64Decoder(), input, [333])).toEqual(data);
  });

  it('is what mailparser decodes with: its MIME node module is the one patched', async () => {
    const fromMailparser = createRequire(require.resolve('mailparser')).resolve('@zone-eu/mailsplit/lib/mime-node.js');
    expect(fromMailparser).toBe(require.resolve('@zone-eu/mailsplit/lib/mime-node.js'));
    const fromMailsplit = createRequire(require.resolve('@zone-eu/mailsplit/lib/mime-node.js')).resolve('libbase64');
    expect(fromMailsplit).toBe(require.resolve('libbase64'));
    const MimeNode = require('@zone-eu/mailsplit/lib/mime-node.js') as { prototype: { getDecoder(): Transform } };
    const decoder = MimeNode.prototype.getDecoder.call(Object.assign(Object.create(MimeNode.prototype) as object, { headers: {}, encoding: 'base64' }));
    expect(decoder.constructor.name).toBe('FastBase64Decoder');
  });

  it('decodes an attachment of a parsed message to its bytes', async () => {
    const payload = Buffer.from(data.subarray(0, 10_000));
    const parsed = await parseMessage(mail(mixed(textBody('Bonjour'), attachment('donnees.bin', payload))), { prefix: '', depth: 0, limits: DEFAULT_LIMITS });
    expect(parsed.parts.find((p) => p.where === 'donnees.bin')?.content).toEqual(payload);
  });
});
