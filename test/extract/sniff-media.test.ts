import { describe, expect, it } from 'vitest';
import { sniffMedia } from '../../src/extract/sniff-media.js';
import { sniffType } from '../../src/extract/sniff.js';

const b = (...bytes: number[]) => Buffer.from(bytes);
const s = (text: string) => Buffer.from(text, 'latin1');
/** A header followed by 64 bytes of 0x01 (binary, no NUL pattern). */
const head = (...parts: Buffer[]) => Buffer.concat([...parts, Buffer.alloc(64, 1)]);
const ftyp = (brand: string) => head(b(0, 0, 0, 0x18), s('ftyp'), s(brand), b(0, 0, 0, 0));
const riff = (kind: string) => head(s('RIFF'), b(0x24, 0x10, 0, 0), s(kind));

describe('sniffMedia: the closed list of media, by magic number', () => {
  it.each([
    ['PNG', head(b(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)), 'image', 'PNG image'],
    ['JPEG', head(b(0xff, 0xd8, 0xff, 0xe0)), 'image', 'JPEG image'],
    ['GIF 87a', head(s('GIF87a'), b(1, 0, 1, 0)), 'image', 'GIF image'],
    ['GIF 89a', head(s('GIF89a'), b(1, 0, 1, 0)), 'image', 'GIF image'],
    ['BMP', head(s('BM'), b(0x36, 0x10, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0)), 'image', 'BMP image'],
    ['TIFF little-endian', head(b(0x49, 0x49, 0x2a, 0x00)), 'image', 'TIFF image'],
    ['TIFF big-endian', head(b(0x4d, 0x4d, 0x00, 0x2a)), 'image', 'TIFF image'],
    ['ICO', head(b(0, 0, 1, 0, 1, 0, 16, 16)), 'image', 'ICO icon'],
    ['WebP', riff('WEBP'), 'image', 'WebP image'],
    ['HEIC', ftyp('heic'), 'image', 'HEIC image'],
    ['AVIF', ftyp('avif'), 'image', 'AVIF image'],
    ['MP3 with ID3 tag', head(s('ID3'), b(3, 0, 0, 0, 0, 0x21)), 'audio', 'MP3 audio'],
    ['MP3 frame', head(b(0xff, 0xfb, 0x90, 0x64)), 'audio', 'MP3 audio'],
    ['WAV', riff('WAVE'), 'audio', 'WAV audio'],
    ['Ogg', head(s('OggS'), b(0, 2, 0, 0)), 'audio', 'Ogg audio'],
    ['FLAC', head(s('fLaC'), b(0, 0, 0, 0x22)), 'audio', 'FLAC audio'],
    ['M4A', ftyp('M4A '), 'audio', 'MPEG-4 audio'],
    ['MP4', ftyp('isom'), 'video', 'MPEG-4 video'],
    ['QuickTime MOV', ftyp('qt  '), 'video', 'QuickTime video'],
    ['WebM / Matroska', head(b(0x1a, 0x45, 0xdf, 0xa3)), 'video', 'WebM/Matroska video'],
    ['AVI', riff('AVI '), 'video', 'AVI video'],
    ['TrueType', head(b(0, 1, 0, 0, 0, 0x0c, 0, 0x80)), 'font', 'TrueType font'],
    ['OpenType (CFF)', head(s('OTTO'), b(0, 0x0c, 0, 0x80)), 'font', 'OpenType font'],
    ['WOFF', head(s('wOFF'), b(0, 1, 0, 0)), 'font', 'WOFF font'],
    ['WOFF2', head(s('wOF2'), b(0, 1, 0, 0)), 'font', 'WOFF2 font'],
  ] as const)('%s', (_name, content, type, name) => {
    expect(sniffMedia(content)).toEqual({ type, name });
    expect(sniffType({ content, declaredType: null })).toBe(type);
  });

  it.each([
    // Read by the XML reader, as text when it holds no repeated records: its words are scanned.
    ['SVG, which is XML', s('<svg xmlns="http://www.w3.org/2000/svg"><text>Bonjour</text></svg>'), 'xml'],
    ['a RIFF that is neither WAV, AVI nor WebP', riff('CDXA'), 'binary'],
    ['a text starting with "BM"', s('BM Toulon le 3 mars\nBonjour à tous\n'), 'text'],
    ['a text starting with "OggS"', s('OggS est un format\nBonjour,\n'), 'text'],
  ] as const)('not media: %s', (_name, content, type) => {
    expect(sniffMedia(content)).toBeNull();
    expect(sniffType({ content, declaredType: null })).toBe(type);
  });
});
