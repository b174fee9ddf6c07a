import { describe, expect, it } from 'vitest';
import { pkcs7Extractor } from '../../../src/extract/mail/pkcs7.js';
import { der, envelopedData, signedData } from '../../../fixtures/generator/cms.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';

const INNER = Buffer.from('Content-Type: text/plain; charset=utf-8\r\n\r\nBonjour,\r\nvoici le fichier.\r\n'.repeat(40));
const extract = (content: Buffer) => collect(pkcs7Extractor.extract(filePart('smime.p7m', content, 1), ctxWith()));
const fail = async (content: Buffer) => {
  try {
    await extract(content);
  } catch (err) {
    return { code: (err as { code?: string }).code, detail: (err as Error).message };
  }
  return null;
};

describe('pkcs7Extractor', () => {
  it.each([
    ['DER, definite lengths', signedData(INNER)],
    ['BER, indefinite lengths, content in 1 KiB chunks', signedData(INNER, { ber: true })],
  ])('gives the signed content of a SignedData as an inner part (%s)', async (_name, p7m) => {
    expect(await extract(p7m)).toEqual([{ kind: 'part', part: { where: 'smime.p7m!signed-content', filename: null, declaredType: null, content: INNER, depth: 2 } }]);
  });

  it('gives nothing for a detached signature (multipart/signed), which holds no content', async () => {
    expect(await extract(signedData(null))).toEqual([]);
  });

  it.each([
    ['EnvelopedData', envelopedData(), 'encrypted S/MIME message (CMS EnvelopedData)'],
    ['AuthEnvelopedData', envelopedData('authEnveloped'), 'encrypted S/MIME message (CMS AuthEnvelopedData)'],
  ])('reports %s as encrypted', async (_name, p7m, detail) => {
    expect(await fail(p7m)).toEqual({ code: 'encrypted', detail });
  });

  it.each([
    ['cut off', signedData(INNER).subarray(0, 200), 'unreadable CMS (PKCS #7) structure: an element runs past the end'],
    ['a BER stream cut off inside a chunk', signedData(INNER, { ber: true }).subarray(0, 600), 'unreadable CMS (PKCS #7) structure: an element runs past the end'],
    ['a BER stream without its end-of-contents', signedData(INNER, { ber: true }).subarray(0, -2), 'unreadable CMS (PKCS #7) structure: cut off'],
    ['no SignedData inside', der(0x30, signedData(null).subarray(2, 13), der(0xa0, der(0x02, Buffer.from([1])))), 'unreadable CMS (PKCS #7) structure: no SignedData'],
  ])('reports a broken structure as corrupt: %s', async (_name, p7m, detail) => {
    expect(await fail(p7m)).toEqual({ code: 'corrupt', detail });
  });

  it('stops at 64 levels of nested indefinite lengths instead of recursing without end', async () => {
    const deep = Buffer.concat([Buffer.from([0x30, 0x80]), signedData(null).subarray(2, 13), Buffer.alloc(200, 0).fill(Buffer.from([0x30, 0x80]))]);
    expect(await fail(deep)).toEqual({ code: 'corrupt', detail: 'unreadable CMS (PKCS #7) structure: nested too deep' });
  });
});
