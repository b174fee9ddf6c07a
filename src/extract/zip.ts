import { PartIssueError } from '../model/issues.js';
import type { Extractor, ExtractOutput } from './extractor.js';
import { entries, entryName, openZip, readEntry } from './zip-reader.js';

/**
 * ZIP archives: each entry is a part of its own (`export.zip!clients.csv`). Limits on entries,
 * inflated bytes and compression ratio stop bombs; an encrypted entry is an issue while the
 * other entries are still read.
 */
export const zipExtractor: Extractor = {
  id: 'zip',
  accepts: (type) => type === 'zip',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const { limits } = ctx;
    const zip = await openZip(part.content);
    let count = 0;
    let inflated = 0;
    for await (const entry of entries(zip)) {
      const name = entryName(entry);
      const where = `${part.where}!${name}`;
      if (name.endsWith('/')) continue;
      if (++count > limits.maxArchiveEntries) {
        yield { kind: 'issue', code: 'too-large', where: part.where, detail: `more than ${limits.maxArchiveEntries} entries; the rest were not read` };
        return;
      }
      if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
        yield { kind: 'issue', code: 'encrypted', where, detail: 'password-protected entry' };
        continue;
      }
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (ratio > limits.maxCompressionRatio && entry.uncompressedSize > 1024 * 1024) {
        yield { kind: 'issue', code: 'too-large', where, detail: `compression ratio ${Math.round(ratio)}:1 looks like a zip bomb` };
        continue;
      }
      const archiveLeft = limits.maxInflatedBytes - inflated;
      let content: Buffer;
      try {
        content = await readEntry(zip, entry, Math.min(limits.maxPartBytes, archiveLeft));
      } catch (err) {
        if (!(err instanceof PartIssueError) || err.code !== 'too-large') throw err;
        // One oversized entry is an issue of its own; the next entries are still read, unless the
        // whole archive's inflation budget is spent (a bomb spread over many entries).
        if (archiveLeft <= limits.maxPartBytes) {
          yield { kind: 'issue', code: 'too-large', where: part.where, detail: `archive inflates past ${limits.maxInflatedBytes} bytes; the rest was not read` };
          return;
        }
        yield { kind: 'issue', code: 'too-large', where, detail: `entry inflates past the ${limits.maxPartBytes}-byte limit` };
        continue;
      }
      inflated += content.length;
      yield { kind: 'part', part: { where, filename: name, declaredType: null, content, depth: part.depth + 1 } };
    }
  },
};
