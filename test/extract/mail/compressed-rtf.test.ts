import { decompressRTF } from '@kenjiuno/decompressrtf';
import { describe, expect, it } from 'vitest';
import { compressedRtfSize, decompressRtf } from '../../../src/extract/mail/compressed-rtf.js';
import { toCompressedRtf } from '../../../fixtures/generator/outlook.js';

const RTF = String.raw`{\rtf1\ansi\ansicpg1252 Bonjour Andr\'e9\par}`;

describe('decompressRtf', () => {
  it('gives back what the fixture writer compressed, as @kenjiuno/decompressrtf does', () => {
    const compressed = toCompressedRtf(RTF);
    expect(decompressRtf(compressed).toString('latin1')).toBe(RTF);
    expect(Buffer.from(decompressRTF([...compressed])).toString('latin1')).toBe(RTF);
  });

  it('follows back-references into the primed dictionary', () => {
    // "{\rtf1\ansi" is the dictionary's first 11 bytes: one token (offset 0, length 11 - 2 = 9), then the end marker.
    const data = Buffer.from([0x03, 0x00, 0x09, (207 + 11) >> 4, ((207 + 11) & 0x0f) << 4]);
    const header = Buffer.alloc(16);
    header.writeUInt32LE(data.length + 12, 0);
    header.writeUInt32LE(11, 4);
    header.writeUInt32LE(0x75465a4c, 8);
    expect(decompressRtf(Buffer.concat([header, data])).toString('latin1')).toBe('{\\rtf1\\ansi');
  });

  it('reads the uncompressed form (MELA)', () => {
    const header = Buffer.alloc(16);
    header.writeUInt32LE(RTF.length + 12, 0);
    header.writeUInt32LE(RTF.length, 4);
    header.writeUInt32LE(0x414c454d, 8);
    expect(decompressRtf(Buffer.concat([header, Buffer.from(RTF, 'latin1')])).toString('latin1')).toBe(RTF);
  });

  it('allocates no more than the input can expand to when the header claims 4 GB', () => {
    const compressed = toCompressedRtf(RTF);
    compressed.writeUInt32LE(0xffffffff, 4);
    expect(compressedRtfSize(compressed)).toBe((compressed.length - 16) * 8);
    expect(decompressRtf(compressed).toString('latin1')).toBe(RTF);
  });

  it('reports an unknown compression type as corrupt', () => {
    const bad = Buffer.alloc(32);
    bad.write('ABCD', 8, 'latin1');
    expect(() => decompressRtf(bad)).toThrow('compressed RTF of unknown type 0x44434241');
  });
});
