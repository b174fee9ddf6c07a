import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';

/**
 * Outlook's compressed RTF (PR_RTF_COMPRESSED, [MS-OXRTFCP]): a 16-byte header (compressed size,
 * raw size, "LZFu" or "MELA", CRC), then LZ77 runs over a 4 KiB dictionary primed with a fixed
 * RTF prefix. An own decoder rather than @kenjiuno/decompressrtf, which trusts the header's size
 * (it reads on past the end of the input) and builds its output as an array of numbers: here the
 * output is one Buffer of the raw size, charged to the message's budget before it is allocated.
 */

const LZFU = 0x75465a4c;
const MELA = 0x414c454d;
const HEADER = 16;
const DICTIONARY = 4096;
const PREFIX = Buffer.from(
  '{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx',
  'latin1',
);

/** At most 8 tokens of 2 bytes after each control byte, each giving up to 17 bytes: 136 out of 17 in. */
const MAX_EXPANSION = 8;

/**
 * What decompressing will allocate: the raw size the header announces, but no more than the
 * input can expand to, so that a header claiming gigabytes costs nothing.
 */
export function compressedRtfSize(buf: Buffer): number {
  if (buf.length < HEADER) throw new PartIssueError('corrupt', issueDetail('rtf-shorter-than-header'));
  return Math.min(buf.readUInt32LE(4), (buf.length - HEADER) * MAX_EXPANSION);
}

/** The RTF bytes. Stops at the end marker, the raw size, or the end of the input, whichever comes first. */
export function decompressRtf(buf: Buffer): Buffer {
  const rawSize = compressedRtfSize(buf);
  const type = buf.readUInt32LE(8);
  if (type === MELA) return buf.subarray(HEADER, HEADER + buf.readUInt32LE(4));
  if (type !== LZFU) throw new PartIssueError('corrupt', issueDetail('rtf-unknown-type', { type: `0x${type.toString(16)}` }));
  const end = Math.min(buf.length, buf.readUInt32LE(0) + 4);
  const dict = Buffer.alloc(DICTIONARY);
  PREFIX.copy(dict);
  let put = PREFIX.length;
  const out = Buffer.alloc(rawSize);
  let length = 0;
  const write = (b: number) => {
    out[length++] = b;
    dict[put] = b;
    put = (put + 1) % DICTIONARY;
  };
  for (let at = HEADER; at < end && length < rawSize; ) {
    const control = buf[at++];
    for (let bit = 0; bit < 8 && at < end && length < rawSize; bit++) {
      if (!(control & (1 << bit))) {
        write(buf[at++]);
        continue;
      }
      if (at + 2 > end) return out.subarray(0, length);
      const token = buf.readUInt16BE(at);
      at += 2;
      const offset = token >> 4;
      // A reference to the write position itself marks the end of the data.
      if (offset === put) return out.subarray(0, length);
      const run = (token & 0x0f) + 2;
      for (let k = 0; k < run && length < rawSize; k++) write(dict[(offset + k) % DICTIONARY]);
    }
  }
  return out.subarray(0, length);
}
