import { issueDetail } from '../../model/issue-details.js';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { PartIssueError } from '../../model/issues.js';
import type { ExtractContext, Extractor, ExtractOutput } from '../extractor.js';
import { oneLine } from '../one-line.js';
import { compressedFileOutputs } from './compressed-file.js';
import type { InflateSink } from './inflate-sink.js';

/** Output is handed to the sink in pieces of this size (the decoder writes one byte at a time). */
const PIECE = 64 * 1024;
const MAGIC = Buffer.from('BZh');

/**
 * bzip2 files through seek-bzip (pure JS, loaded on first need): `clients.csv.bz2` gives
 * `clients.csv`, a .tar.bz2 its tar's entries. Decoded block by block (at most 900 kB of input
 * each) into the budget's sink, so a bomb stops after a few megabytes; concatenated streams are
 * read as one, as bunzip2 does.
 */
export const bzip2Extractor: Extractor = {
  id: 'bzip2',
  accepts: (type) => type === 'bzip2',
  extract: (part, ctx): AsyncIterable<ExtractOutput> => compressedFileOutputs(part, ctx, (sink) => bunzip(part.content, sink, ctx)),
};

/** Thrown by the input when the decoder asks past the last byte: the file is cut off. */
class CutOff extends Error {}

async function bunzip(content: Buffer, sink: InflateSink, ctx: ExtractContext): Promise<void> {
  const { default: Bunzip } = await import('seek-bzip');
  const input = byteInput(content);
  const output = pieceOutput(sink);
  try {
    const bz = new Bunzip(input, output);
    for (;;) {
      // The loop of Bunzip.decode, without its end-of-input test: a file cut after a whole block
      // must be truncated, not silently shorter.
      if (bz._init_block()) {
        bz._read_bunzip();
        ctx.budget.checkTime();
        await yieldToLoop();
        continue;
      }
      if (bz.reader.read(32) >>> 0 !== bz.streamCRC) throw new PartIssueError('corrupt', issueDetail('bzip2-checksum'));
      if (!content.subarray(input.pos(), input.pos() + 3).equals(MAGIC)) break; // end, or trailing padding
      bz._start_bunzip(input, output);
    }
    output.flush();
  } catch (err) {
    if (err instanceof PartIssueError) throw err;
    if (err instanceof CutOff) throw new PartIssueError('truncated', issueDetail('bzip2-cut-off'));
    throw new PartIssueError('corrupt', issueDetail('bzip2-damaged', { cause: oneLine(err) }));
  }
}

function byteInput(content: Buffer) {
  let pos = 0;
  const readByte = () => {
    if (pos >= content.length) throw new CutOff();
    return content[pos++];
  };
  return {
    readByte,
    read(buffer: Uint8Array, offset: number, length: number) {
      for (let i = 0; i < length; i++) buffer[offset + i] = readByte();
      return length;
    },
    seek: (to: number) => void (pos = to),
    pos: () => pos,
  };
}

/** Collects the decoder's bytes into a buffer handed to the sink (which copies it) when full. */
function pieceOutput(sink: InflateSink) {
  const piece = Buffer.alloc(PIECE);
  let filled = 0;
  return {
    writeByte(byte: number) {
      piece[filled++] = byte;
      if (filled === PIECE) {
        sink.push(piece);
        filled = 0;
      }
    },
    flush: () => sink.push(piece.subarray(0, filled)),
  };
}
