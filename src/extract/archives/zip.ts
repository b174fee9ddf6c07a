import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';
import type { Extractor, ExtractOutput } from '../extractor.js';
import { entries, entryName, openZip, readEntry } from './zip-reader.js';

/**
 * ZIP archives: each entry is a part of its own (`export.zip!clients.csv`). Entries and inflated
 * bytes are charged to the message's budget, so nested archives cannot multiply the limits; a
 * compression ratio past the limit is a bomb. An encrypted entry is an issue while the other
 * entries are still read.
 */
export const zipExtractor: Extractor = {
  id: 'zip',
  accepts: (type) => type === 'zip',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const { limits, budget } = ctx;
    const zip = await openZip(part.content);
    for await (const entry of entries(zip)) {
      const name = entryName(entry);
      const where = `${part.where}!${name}`;
      if (name.endsWith('/')) continue;
      try {
        budget.chargeEntry();
        budget.checkTime();
      } catch (err) {
        if (!(err instanceof PartIssueError)) throw err;
        yield { kind: 'issue', code: err.code, where: part.where, detail: err.detail };
        return;
      }
      if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
        yield { kind: 'issue', code: 'encrypted', where, detail: issueDetail('entry-encrypted') };
        continue;
      }
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (ratio > limits.maxCompressionRatio && entry.uncompressedSize > 1024 * 1024) {
        yield { kind: 'issue', code: 'too-large', where, detail: issueDetail('zip-bomb-ratio', { ratio: Math.round(ratio) }) };
        continue;
      }
      const messageLeft = budget.inflatedLeft();
      let content: Buffer;
      try {
        content = await readEntry(zip, entry, Math.min(limits.maxPartBytes, messageLeft));
      } catch (err) {
        if (!(err instanceof PartIssueError) || err.code !== 'too-large') throw err;
        // One oversized entry is an issue of its own; the next entries are still read, unless the
        // message's inflation budget is spent (a bomb spread over many entries or archives).
        if (messageLeft <= limits.maxPartBytes) {
          yield { kind: 'issue', code: 'too-large', where: part.where, detail: issueDetail('archives-over-message-limit', { limit: limits.maxInflatedBytes }) };
          return;
        }
        yield { kind: 'issue', code: 'too-large', where, detail: issueDetail('entry-over-part-limit', { limit: limits.maxPartBytes }) };
        continue;
      }
      budget.chargeInflated(content.length);
      yield { kind: 'part', part: { where, filename: name, declaredType: null, content, depth: part.depth + 1 } };
    }
  },
};
