import { PartIssueError } from '../../model/issues.js';
import type { Extractor, ExtractOutput } from '../extractor.js';
import { oneLine } from '../one-line.js';
import { compressedFileOutputs } from './compressed-file.js';
import { SLICE } from './compressed-input.js';
import type { InflateSink } from './inflate-sink.js';
import { xzStreams } from './xz-streams.js';

/**
 * xz files through xz-decompress (xz-embedded compiled to WASM, loaded on first need):
 * `clients.csv.xz` gives `clients.csv`, a .tar.xz its tar's entries. Decoded as a stream into the
 * budget's sink, which stops a bomb after a few megabytes. xz-decompress runs one stream at a time
 * in the process (a lock of its own), so each stream is read to its end or cancelled before
 * anything inside it is opened: a nested .xz would otherwise wait for ever.
 */
export const xzExtractor: Extractor = {
  id: 'xz',
  accepts: (type) => type === 'xz',
  extract: (part, ctx): AsyncIterable<ExtractOutput> => compressedFileOutputs(part, ctx, (sink) => unxzAll(part.content, sink)),
};

async function unxzAll(content: Buffer, sink: InflateSink): Promise<void> {
  for (const stream of xzStreams(content)) await unxz(stream, sink);
}

async function unxz(content: Buffer, sink: InflateSink): Promise<void> {
  const { XzReadableStream } = await import('xz-decompress');
  let given = 0;
  const input = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (given >= content.length) return controller.close();
      controller.enqueue(content.subarray(given, given + SLICE));
      given += SLICE;
    },
  });
  const reader = new XzReadableStream(input).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      sink.push(value);
    }
  } catch (err) {
    await reader.cancel().catch(() => undefined); // releases the library's lock
    if (err instanceof PartIssueError) throw err;
    // The decoder asked for more after the last byte (it reads null there): a cut-off file.
    if (given >= content.length && err instanceof TypeError) throw new PartIssueError('truncated', 'the xz file is cut off');
    throw new PartIssueError('corrupt', `damaged xz data: ${oneLine(err)}`);
  }
}
