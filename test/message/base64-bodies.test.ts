import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { decodeBody, decodedSize, markerIndex, restoreBodies, splitBase64Bodies } from '../../src/message/base64-bodies.js';
import { HEAD_BYTES, parseMessage } from '../../src/message/parse-message.js';
import { DEFAULT_LIMITS } from '../../src/model/limits.js';
import type { Limits } from '../../src/model/limits.js';
import { PartCache } from '../../src/score/part-cache.js';
import { createRng } from '../../fixtures/generator/rng.js';
import { plainIssues } from '../helpers/issues.js';

/** Seeded bytes: no two attachments alike, the same on every run. */
function bytes(length: number, seed: number): Buffer {
  const rng = createRng(seed);
  return Buffer.from(Array.from({ length }, () => rng.int(0, 255)));
}

const wrap = (data: Buffer, width: number) => (data.toString('base64').match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join('\n');

interface RawPart {
  headers: string[];
  body: string;
}

/** A multipart/mixed message written by hand (line ends as asked), so that every byte of its layout is known. */
function rawMessage(parts: RawPart[], eol = '\r\n', boundary = 'XYZ'): Buffer {
  const lines = ['From: a@example.org', 'To: b@example.net', 'Subject: test', 'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${boundary}"`, ''];
  for (const part of parts) lines.push(`--${boundary}`, ...part.headers, '', part.body);
  lines.push(`--${boundary}--`, '');
  return Buffer.from(lines.join('\n').replace(/\n/g, eol), 'latin1');
}

const text: RawPart = { headers: ['Content-Type: text/plain; charset=utf-8'], body: 'Bonjour,\nci-joint.' };
const file = (name: string, data: Buffer, width = 76, type = 'application/octet-stream'): RawPart => ({
  headers: [`Content-Type: ${type}; name="${name}"`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename="${name}"`],
  body: wrap(data, width),
});

const parse = (message: Buffer, limits: Partial<Limits> = {}, cache?: PartCache) => parseMessage(message, { prefix: '', depth: 0, limits: { ...DEFAULT_LIMITS, ...limits }, ...(cache ? { cache } : {}) });

/** What mailparser alone gives of a message's attachments: name, type and bytes. */
async function mailparserAttachments(message: Buffer) {
  const parsed = await simpleParser(message, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  return parsed.attachments.map((a) => ({ filename: a.filename ?? null, declaredType: a.contentType, content: a.content.toString('hex') }));
}
const attachmentsOf = (parts: Awaited<ReturnType<typeof parse>>['parts']) =>
  parts.filter((p) => p.text === undefined).map((p) => ({ filename: p.filename, declaredType: p.declaredType, content: p.content.toString('hex') }));

describe('splitBase64Bodies', () => {
  it('takes each base64 attachment of 8 KB or more out of the message, leaves text and small parts, and gives their exact bytes', () => {
    const big = bytes(30_000, 1);
    const small = bytes(3_000, 2);
    const message = rawMessage([text, file('a.bin', big), file('small.bin', small)]);
    const split = splitBase64Bodies(message);
    expect(split?.bodies.length).toBe(1);
    const body = split!.bodies[0]!;
    expect(markerIndex(body.marker)).toBe(0);
    expect(decodeBody(message, body).equals(big)).toBe(true);
    expect(decodedSize(body)).toBe(30_000);
    expect(decodeBody(message, body, 1000).equals(big.subarray(0, 1000))).toBe(true);
    // The rest of the message is left as it was: only the body's lines are replaced.
    expect(split!.shortened.length).toBe(message.length - (body.end - body.start) + 34);
    expect(split!.shortened.includes(wrap(small, 76).replace(/\n/g, '\r\n'))).toBe(true);
  });

  it.each([
    ['no padding', 30_000],
    ['one padding character', 30_001],
    ['two padding characters', 30_002],
  ])('counts the decoded size of a body exactly: %s', (_name, length) => {
    const message = rawMessage([file('a.bin', bytes(length, 3))], '\n');
    const body = splitBase64Bodies(message)!.bodies[0]!;
    expect([decodedSize(body), decodeBody(message, body).length]).toEqual([length, length]);
  });

  it('leaves base64 text bodies to mailparser (they are read as text, not attachments)', () => {
    const body: RawPart = { headers: ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'], body: wrap(Buffer.from('Bonjour à tous. '.repeat(2000)), 76) };
    expect(splitBase64Bodies(rawMessage([body]))).toBeNull();
  });

  it('hashes a body only when its shape was met before, and takes it by its digest once its lines were read in full', () => {
    const data = bytes(40_000, 4);
    const shapes = new Set<string>();
    const known = new Map<string, number>();
    const runs = { seen: (shape: string) => shapes.has(shape) || (shapes.add(shape), false), charactersOf: (d: string) => known.get(d), remember: (d: string, c: number) => void known.set(d, c) };
    const characters = Math.ceil(40_000 / 3) * 4 - 2;
    const first = splitBase64Bodies(rawMessage([text, file('a.bin', data)]), runs)!.bodies[0]!;
    expect([first.digest, first.characters, shapes.size, known.size]).toEqual([undefined, characters, 1, 0]);
    const second = splitBase64Bodies(rawMessage([file('b.bin', data), text]), runs)!.bodies[0]!;
    expect([typeof second.digest, second.characters, shapes.size, known.size]).toEqual(['string', characters, 1, 1]);
    const third = splitBase64Bodies(rawMessage([text, file('c.bin', data)]), runs)!.bodies[0]!;
    expect([third.digest, third.characters, known.get(third.digest!)]).toEqual([second.digest, characters, characters]);
    // Another body of the same length: its shape (first bytes) differs, it is not hashed.
    expect(splitBase64Bodies(rawMessage([file('d.bin', bytes(40_000, 5))]), runs)!.bodies[0]!.digest).toBeUndefined();
  });
});

describe('parseMessage with base64 bodies taken out: the same parts as mailparser alone', () => {
  const forwarded = () => {
    // Written with LF: rawMessage makes every line end CRLF, the forwarded message's too.
    const inner = rawMessage([text, file('inner.bin', bytes(40_000, 13))], '\n', 'INNER').toString('latin1');
    return rawMessage([text, { headers: ['Content-Type: message/rfc822', 'Content-Disposition: attachment; filename="fwd.eml"'], body: inner.replace(/\n$/, '') }]);
  };
  const forwardedSinglePart = () => {
    const inner = ['From: c@example.org', 'Subject: inner', 'Content-Type: application/pdf; name="x.pdf"', 'Content-Transfer-Encoding: base64', '', wrap(bytes(30_000, 14), 76)].join('\n');
    return rawMessage([text, { headers: ['Content-Type: message/rfc822', 'Content-Disposition: attachment; filename="fwd.eml"'], body: inner }]);
  };
  /** Name, message, and how many parts are taken from their encoded lines (0: mailparser read it all, as it must). */
  const cases: [string, () => Buffer, number][] = [
    ['CRLF lines, 76 characters', () => rawMessage([text, file('a.bin', bytes(50_000, 5)), file('b.bin', bytes(20_000, 6))]), 2],
    ['LF lines, 64 characters', () => rawMessage([text, file('a.bin', bytes(50_000, 7), 64)], '\n'), 1],
    ['one line of 100 KB', () => rawMessage([file('a.bin', bytes(75_000, 8), 200_000), text]), 1],
    ['an empty line after the base64', () => rawMessage([{ ...file('a.bin', bytes(30_000, 12)), body: `${wrap(bytes(30_000, 12), 76)}\n` }]), 1],
    ['a stray character inside the base64 (after 15 KB of it)', () => rawMessage([{ ...file('a.bin', bytes(30_000, 9)), body: wrap(bytes(30_000, 9), 76).replace(/^(.{20000}[^\n]*\n.{10})/s, '$1!') }]), 0],
    ['padding in the middle (two encodings joined)', () => rawMessage([{ ...file('a.bin', bytes(30_000, 10)), body: `${wrap(bytes(20_000, 10), 76)}\n${wrap(bytes(10_001, 11), 76)}` }]), 0],
    ['a forwarded message holding an attachment (7bit)', forwarded, 0],
    ['a forwarded single-part message whose base64 body is its last line', forwardedSinglePart, 0],
  ];

  it.each(cases)('%s', async (_name, build, taken) => {
    const message = build();
    // Parsed twice: met again, a taken body is hashed, and listed in `encoded` (a body read by mailparser never is).
    const cache = new PartCache();
    await parse(message, {}, cache);
    const parsed = await parse(message, {}, cache);
    expect(attachmentsOf(parsed.parts)).toEqual(await mailparserAttachments(message));
    expect(parsed.issues).toEqual([]);
    expect(parsed.encoded.size).toBe(taken);
    expect(splitBase64Bodies(message)?.bodies.length ?? 0).toBeGreaterThan(0);
  });

  it('reads a base64 part mailparser takes as text (an inline delivery report) through mailparser alone, its text whole', async () => {
    const report = Array.from({ length: 400 }, (_, i) => `Final-Recipient: rfc822; client.${i}@example.net`).join('\n');
    const part: RawPart = { headers: ['Content-Type: message/delivery-status', 'Content-Transfer-Encoding: base64', 'Content-Disposition: inline'], body: wrap(Buffer.from(report), 76) };
    const message = rawMessage([text, part]);
    expect(splitBase64Bodies(message)?.bodies.length).toBe(1);
    const cache = new PartCache();
    await parse(message, {}, cache);
    const parsed = await parse(message, {}, cache);
    const alone = await simpleParser(message, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
    expect([parsed.parts.find((p) => p.where === 'body/text')?.text, parsed.encoded.size]).toEqual([alone.text, 0]);
    expect(alone.text).toContain('client.399@example.net');
  });

  it.each([
    ['a forwarded message', forwarded],
    ['a forwarded single-part message', forwardedSinglePart],
  ])('puts the base64 lines back where a part holds the marker line itself: %s', async (_name, build) => {
    const message = build();
    const split = splitBase64Bodies(message)!;
    const [shortenedPart] = await mailparserAttachments(split.shortened);
    const [originalPart] = await mailparserAttachments(message);
    const seen = new Uint8Array(split.bodies.length);
    const restored = restoreBodies(Buffer.from(shortenedPart!.content, 'hex'), message, split.bodies, seen);
    expect([restored.toString('hex') === originalPart!.content, [...seen]]).toEqual([true, [1]]);
  });

  it('holds only the first HEAD_BYTES of a large image, with its exact size', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), bytes(200_000 - 8, 15)]);
    const parsed = await parse(rawMessage([text, file('photo.png', png, 76, 'image/png')]));
    const photo = parsed.parts.find((p) => p.where === 'photo.png')!;
    expect([photo.size, photo.content.length, photo.content.equals(png.subarray(0, HEAD_BYTES))]).toEqual([200_000, HEAD_BYTES, true]);
  });

  it('reports a taken body over the part limit as too large, with its decoded size', async () => {
    const parsed = await parse(rawMessage([text, file('a.bin', bytes(30_000, 16))]), { maxPartBytes: 20_000 });
    expect(plainIssues(parsed.issues)).toEqual([{ code: 'too-large', where: 'a.bin', detail: 'attachment of 30000 bytes is over the 20000-byte limit' }]);
    expect(parsed.parts.map((p) => p.where)).toEqual(['body/text']);
  });

  it('with the part cache, finds a copy by its encoded lines and gives no bytes to read again', async () => {
    const data = bytes(40_000, 17);
    const cache = new PartCache();
    // First met: read and decoded, not hashed. Met again: hashed, and decoded while the cache knows only its decoded bytes.
    const first = await parse(rawMessage([text, file('a.bin', data)]), {}, cache);
    expect(first.encoded.size).toBe(0);
    const second = await parse(rawMessage([file('a.bin', data), text]), {}, cache);
    const part = second.parts.find((p) => p.where === 'a.bin')!;
    const known = second.encoded.get(part);
    expect([part.content.equals(data), known?.replay]).toEqual([true, undefined]);
    // What scan-message.ts does once the part is scored: keeps it, and names it by its encoded key.
    const key = cache.keyOf(part, 'message')!;
    cache.set(key, { units: [], records: [{ where: 'a.bin', type: 'binary', bytes: 40_000, status: 'issue' }] });
    cache.setEncoded(known!.key, key);
    const again = await parse(rawMessage([text, file('a.bin', data)]), {}, cache);
    const copy = again.parts.find((p) => p.where === 'a.bin')!;
    expect([copy.content.length, again.encoded.get(copy)?.replay?.records[0]?.bytes, cache.hits]).toEqual([0, 40_000, 1]);
    // Under another name it is another part: read again.
    const renamed = await parse(rawMessage([file('b.bin', data), text]), {}, cache);
    expect(renamed.parts.find((p) => p.where === 'b.bin')?.content.equals(data)).toBe(true);
  });
});
