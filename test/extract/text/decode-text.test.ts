import { describe, expect, it } from 'vitest';
import { decodeText, utf16WithoutBom } from '../../../src/extract/text/decode-text.js';

const TEXT = 'Société Générale – 12 €';
const bom = (...b: number[]) => Buffer.from(b);

/** UTF-16 BE bytes of a string (Node has no 'utf16be' encoding: swap the LE bytes). */
function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  return Buffer.from(le).swap16();
}

describe('decodeText', () => {
  it.each([
    ['UTF-8 without BOM', Buffer.from(TEXT, 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([bom(0xef, 0xbb, 0xbf), Buffer.from(TEXT, 'utf8')])],
    ['UTF-16 LE with BOM', Buffer.concat([bom(0xff, 0xfe), Buffer.from(TEXT, 'utf16le')])],
    ['UTF-16 BE with BOM', Buffer.concat([bom(0xfe, 0xff), utf16be(TEXT)])],
  ])('%s', (_name, bytes) => {
    expect(decodeText(bytes)).toBe(TEXT);
  });

  it('reads Windows-1252 bytes with 0x80 as € and 0x96 as –', () => {
    // "Soci\xe9t\xe9 G\xe9n\xe9rale \x96 12 \x80", written out byte by byte.
    const bytes = Buffer.from([
      0x53, 0x6f, 0x63, 0x69, 0xe9, 0x74, 0xe9, 0x20, 0x47, 0xe9, 0x6e, 0xe9, 0x72, 0x61, 0x6c, 0x65,
      0x20, 0x96, 0x20, 0x31, 0x32, 0x20, 0x80,
    ]);
    expect(decodeText(bytes)).toBe(TEXT);
  });

  it.each([
    ['0x80', 0x80, '€'],
    ['0x96', 0x96, '–'],
    ['0x92', 0x92, '’'],
    ['0x9c', 0x9c, 'œ'],
    ['0x85', 0x85, '…'],
  ])('maps the cp1252 byte %s to its character', (_hex, byte, expected) => {
    expect(decodeText(Buffer.from([0x61, byte, 0x62]))).toBe(`a${expected}b`);
  });

  it('drops the BOM from the text', () => {
    expect(decodeText(bom(0xef, 0xbb, 0xbf, 0x41))).toBe('A');
  });

  it('decodes an empty buffer to an empty string', () => {
    expect(decodeText(Buffer.alloc(0))).toBe('');
  });
});

describe('decodeText: UTF-16 without a byte-order mark', () => {
  const CSV = 'Nom;Prénom;Ville\r\nDUPONT;Jérôme;Hyères\r\nMARTIN;Zoé;Toulon – 12 €\r\n';
  it.each([
    ['little-endian', Buffer.from(CSV, 'utf16le'), 'utf-16le'],
    ['big-endian', utf16be(CSV), 'utf-16be'],
  ] as const)('%s is recognised by its NUL bytes and decoded', (_name, bytes, order) => {
    expect(utf16WithoutBom(bytes)).toBe(order);
    expect(decodeText(bytes)).toBe(CSV);
  });

  it.each([
    ['UTF-8 text', Buffer.from(CSV, 'utf8')],
    ['binary with NULs at random places', Buffer.from([1, 0, 0, 7, 200, 0, 3, 0, 0, 0, 9, 14, 0, 0, 0, 1])],
    ['NULs on every other byte but control bytes in between', Buffer.from([1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8, 0])],
  ])('%s is not UTF-16', (_name, bytes) => {
    expect(utf16WithoutBom(bytes)).toBeNull();
  });
});
