import { Readable } from 'node:stream';

/**
 * Feeds compressed bytes in small slices, so that a decoder's output per write stays small (deflate
 * inflates 4 KiB to at most ~4 MiB) and a limit is seen before the next slice goes in.
 */
export const SLICE = 4096;

/** The content as a stream of SLICE-byte pieces. */
export function slicedStream(content: Buffer): Readable {
  return Readable.from(slices(content), { objectMode: false });
}

function* slices(content: Buffer): Generator<Buffer> {
  for (let at = 0; at < content.length; at += SLICE) yield content.subarray(at, at + SLICE);
}
