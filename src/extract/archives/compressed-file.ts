import type { Part } from '../../model/part.js';
import type { ExtractContext, ExtractOutput } from '../extractor.js';
import { baseName, entryPart, refuseEntry } from './archive-entry.js';
import { InflateSink } from './inflate-sink.js';
import { isTarHeader } from './tar-reader.js';
import { tarOutputs } from './tar.js';

/** Suffixes a compressed file's name loses (`.tgz` and kin were tars). */
const SUFFIXES: readonly [RegExp, string][] = [
  [/\.(?:tgz|tbz2?|txz)$/i, '.tar'],
  [/\.(?:gz|gzip|bz2|bzip2|xz)$/i, ''],
];

/**
 * What a gzip, bzip2 or xz file holds: the tar's entries when it is a compressed tar
 * (`export.tar.gz!clients.csv`), else one inner part named after the file without its suffix
 * (`clients.csv.gz!clients.csv`), or after the name stored in the stream. `inflate` streams the
 * decompressed bytes into the sink, which stops it at the first limit reached (PartIssueError).
 */
export async function* compressedFileOutputs(part: Part, ctx: ExtractContext, inflate: (sink: InflateSink) => Promise<void>, storedName: string | null = null): AsyncGenerator<ExtractOutput> {
  const sink = new InflateSink(ctx, part.content.length);
  await inflate(sink);
  const content = sink.result();
  if (isTarHeader(content)) return yield* tarOutputs(part, content, ctx);
  const refused = refuseEntry(part, ctx);
  if (refused) return yield refused;
  yield entryPart(part, innerName(baseName(part), storedName), content);
}

/** `clients.csv.gz` -> `clients.csv`; a name with no known suffix gives way to the stored name. */
export function innerName(name: string, storedName: string | null): string {
  for (const [suffix, replacement] of SUFFIXES) if (suffix.test(name)) return name.replace(suffix, replacement);
  return storedName || name;
}
