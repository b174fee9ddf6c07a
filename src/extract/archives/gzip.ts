import { issueDetail } from '../../model/issue-details.js';
import { createGunzip } from 'node:zlib';
import { PartIssueError } from '../../model/issues.js';
import type { Extractor, ExtractOutput } from '../extractor.js';
import { oneLine } from '../one-line.js';
import { compressedFileOutputs } from './compressed-file.js';
import { slicedStream } from './compressed-input.js';
import type { InflateSink } from './inflate-sink.js';

/**
 * gzip files (RFC 1952, node:zlib): `clients.csv.gz` gives `clients.csv`, a .tar.gz or .tgz its tar's
 * entries. Inflated as a stream into the budget's sink, which stops a bomb after a few megabytes.
 * Concatenated members are read as one file, as gunzip does.
 */
export const gzipExtractor: Extractor = {
  id: 'gzip',
  accepts: (type) => type === 'gzip',
  extract: (part, ctx): AsyncIterable<ExtractOutput> => compressedFileOutputs(part, ctx, (sink) => gunzip(part.content, sink), storedName(part.content)),
};

async function gunzip(content: Buffer, sink: InflateSink): Promise<void> {
  const stream = slicedStream(content).pipe(createGunzip());
  try {
    for await (const chunk of stream) sink.push(chunk as Buffer);
  } catch (err) {
    if (err instanceof PartIssueError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'Z_BUF_ERROR') throw new PartIssueError('truncated', issueDetail('gzip-cut-off'));
    throw new PartIssueError('corrupt', issueDetail('gzip-damaged', { cause: oneLine(err) }));
  } finally {
    stream.destroy();
  }
}

/** The original file name (FNAME, flag bit 3) stored in the gzip header, when there is one. */
function storedName(content: Buffer): string | null {
  const flags = content[3];
  if (!(flags & 0x08) || content.length < 10) return null;
  let at = 10;
  if (flags & 0x04) at += content.length >= 12 ? 2 + content.readUInt16LE(at) : content.length; // FEXTRA
  const end = content.indexOf(0, at);
  if (end < 0 || end - at > 1024) return null;
  return content.subarray(at, end).toString('latin1').split(/[\\/]/).at(-1) || null;
}
