import { issueDetail } from '../../model/issue-details.js';
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
  // A webpack-built CommonJS module: Node's ES import sees only its default export, vitest its names.
  const xz = (await import('xz-decompress')) as typeof import('xz-decompress') & { default?: typeof import('xz-decompress') };
  const XzReadableStream = xz.XzReadableStream ?? xz.default?.XzReadableStream;
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
    throw xzIssue(err, given >= content.length);
  }
}

/** xz-embedded's return codes (xz.h) as issues: no progress with all input given is a cut-off file. */
function xzIssue(err: unknown, inputEnded: boolean): PartIssueError {
  const code = Number(/error code (\d+)/.exec(oneLine(err))?.[1] ?? -1);
  // XZ_BUF_ERROR (8), or the wrapper reading past the end (a TypeError on null), once all input is in.
  if (inputEnded && (code === 8 || err instanceof TypeError)) return new PartIssueError('truncated', issueDetail('xz-cut-off'));
  if (code === 2 || code === 6) return new PartIssueError('unsupported', issueDetail('xz-options-not-read'));
  if (code === 3 || code === 4) return new PartIssueError('too-large', issueDetail('xz-dictionary-too-large'));
  return new PartIssueError('corrupt', issueDetail('xz-damaged', { cause: oneLine(err) }));
}
