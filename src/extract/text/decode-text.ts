import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/** Bytes looked at to tell UTF-16 without a BOM: enough for a header line and some rows. */
const UTF16_SAMPLE = 4096;

/**
 * UTF-16 written without a byte-order mark (some exports, PowerShell's `Out-File -Encoding
 * Unicode` piped through tools that drop it): text in Latin script has a NUL in every other
 * byte, on the odd positions for little-endian, on the even ones for big-endian, and printable
 * characters in the others. Tested on a sample, in linear time; null when it does not look so.
 */
export function utf16WithoutBom(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, UTF16_SAMPLE) & ~1;
  if (n < 8) return null;
  const nul = [0, 0];
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) nul[i & 1]++;
    else if (b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) printable++;
  }
  const pairs = n / 2;
  const others = n - nul[0] - nul[1];
  // Almost every high byte NUL, almost no low byte NUL, the low bytes mostly printable.
  const plain = others > 0 && printable >= others * 0.95;
  if (plain && nul[1] >= pairs * 0.9 && nul[0] <= pairs * 0.02) return 'utf-16le';
  if (plain && nul[0] >= pairs * 0.9 && nul[1] <= pairs * 0.02) return 'utf-16be';
  return null;
}

/**
 * Decodes bytes of unknown encoding: a BOM decides first, then the byte pattern of UTF-16 without
 * a BOM, then a strict UTF-8 check, else Windows-1252 (what French Excel writes). Node 20's
 * TextDecoder('windows-1252') is really ISO-8859-1 (0x80 is not €), hence iconv-lite.
 */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.toString('utf8', 3);
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(bytes.subarray(2), 'utf-16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(bytes.subarray(2), 'utf-16be');
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return iconv.decode(bytes, utf16);
  if (isUtf8(bytes)) return bytes.toString('utf8');
  return iconv.decode(bytes, 'win1252');
}
