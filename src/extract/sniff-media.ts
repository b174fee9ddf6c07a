import type { MediaType } from '../model/part.js';

/** A media format recognised from its first bytes: its type and the name a report shows. */
export interface MediaFormat {
  type: MediaType;
  name: string;
}

/** Bytes at an offset; `null` in `bytes` matches any byte. */
interface Magic {
  at?: number;
  bytes: readonly (number | null)[] | string;
  /** The magic is a plain word a text could start with: a control byte must follow it too. */
  binary?: boolean;
  type: MediaType;
  name: string;
}

/**
 * Magic numbers of the media pii-scan skips (images, audio, video, fonts): formats whose bytes hold
 * no text a person wrote. One row per signature, first match wins. SVG is not here: it is XML
 * text, scanned as text.
 */
const MEDIA_MAGIC: readonly Magic[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], type: 'image', name: 'PNG image' },
  { bytes: [0xff, 0xd8, 0xff], type: 'image', name: 'JPEG image' },
  { bytes: 'GIF87a', type: 'image', name: 'GIF image' },
  { bytes: 'GIF89a', type: 'image', name: 'GIF image' },
  { bytes: 'BM', binary: true, type: 'image', name: 'BMP image' },
  { bytes: [0x49, 0x49, 0x2a, 0x00], type: 'image', name: 'TIFF image' },
  { bytes: [0x4d, 0x4d, 0x00, 0x2a], type: 'image', name: 'TIFF image' },
  { bytes: [0x00, 0x00, 0x01, 0x00], type: 'image', name: 'ICO icon' },
  { bytes: [0x00, 0x00, 0x02, 0x00], type: 'image', name: 'CUR cursor' },
  { at: 8, bytes: 'WEBP', type: 'image', name: 'WebP image' },
  { at: 8, bytes: 'WAVE', type: 'audio', name: 'WAV audio' },
  { at: 8, bytes: 'AVI ', type: 'video', name: 'AVI video' },
  { bytes: 'ID3', binary: true, type: 'audio', name: 'MP3 audio' },
  { bytes: [0xff, 0xfb], type: 'audio', name: 'MP3 audio' },
  { bytes: [0xff, 0xf3], type: 'audio', name: 'MP3 audio' },
  { bytes: [0xff, 0xf2], type: 'audio', name: 'MP3 audio' },
  { bytes: [0xff, 0xf1], type: 'audio', name: 'AAC audio' },
  { bytes: [0xff, 0xf9], type: 'audio', name: 'AAC audio' },
  { bytes: 'OggS', binary: true, type: 'audio', name: 'Ogg audio' },
  { bytes: 'fLaC', binary: true, type: 'audio', name: 'FLAC audio' },
  { bytes: [0x1a, 0x45, 0xdf, 0xa3], type: 'video', name: 'WebM/Matroska video' },
  { bytes: 'wOFF', binary: true, type: 'font', name: 'WOFF font' },
  { bytes: 'wOF2', binary: true, type: 'font', name: 'WOFF2 font' },
  { bytes: 'OTTO', binary: true, type: 'font', name: 'OpenType font' },
  { bytes: 'ttcf', binary: true, type: 'font', name: 'TrueType font collection' },
  { bytes: 'true', binary: true, type: 'font', name: 'TrueType font' },
  { bytes: [0x00, 0x01, 0x00, 0x00, 0x00, null], type: 'font', name: 'TrueType font' },
];

/** ISO base media brands (bytes 8-11 after `ftyp`) that are still images or sound, not video. */
const FTYP_IMAGE = new Set(['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis', 'hevc', 'hevx']);
const FTYP_AUDIO = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);
/** Containers (RIFF) whose type sits at byte 8: only the listed ones are media. */
const RIFF = 'RIFF';

function matches(buf: Buffer, magic: Magic): boolean {
  const at = magic.at ?? 0;
  const bytes = typeof magic.bytes === 'string' ? [...Buffer.from(magic.bytes, 'latin1')] : magic.bytes;
  if (buf.length < at + bytes.length) return false;
  if (!bytes.every((b, i) => b === null || buf[at + i] === b)) return false;
  return !magic.binary || buf.subarray(at + bytes.length, 32).some((b) => b < 0x09);
}

/** The ISO base media file (`ftyp` box at byte 4): HEIC/AVIF images, M4A audio, MP4/MOV/3GP video. */
function isoMedia(buf: Buffer): MediaFormat | null {
  if (buf.length < 12 || buf.toString('latin1', 4, 8) !== 'ftyp') return null;
  const brand = buf.toString('latin1', 8, 12);
  if (FTYP_IMAGE.has(brand)) return { type: 'image', name: `${brand.trim().toUpperCase()} image` };
  if (FTYP_AUDIO.has(brand)) return { type: 'audio', name: 'MPEG-4 audio' };
  return { type: 'video', name: brand === 'qt  ' ? 'QuickTime video' : 'MPEG-4 video' };
}

/** The media format of `buf` by its magic number, or null when it is none of them. */
export function sniffMedia(buf: Buffer): MediaFormat | null {
  const iso = isoMedia(buf);
  if (iso) return iso;
  const riff = buf.toString('latin1', 0, 4) === RIFF;
  for (const magic of MEDIA_MAGIC) {
    // The RIFF rows (at byte 8) count only inside a RIFF container.
    if (magic.at === 8 && !riff) continue;
    if (matches(buf, magic)) return { type: magic.type, name: magic.name };
  }
  return null;
}
