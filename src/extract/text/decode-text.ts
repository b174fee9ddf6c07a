import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Decodes bytes of unknown encoding: a BOM decides first, then a strict UTF-8 check, else
 * Windows-1252 (what French Excel writes). Node 20's TextDecoder('windows-1252') is really
 * ISO-8859-1 (0x80 is not €), hence iconv-lite.
 */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.toString('utf8', 3);
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(bytes.subarray(2), 'utf-16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(bytes.subarray(2), 'utf-16be');
  if (isUtf8(bytes)) return bytes.toString('utf8');
  return iconv.decode(bytes, 'win1252');
}
