import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';
import type { Part } from '../../model/part.js';
import type { ExtractContext, Extractor, ExtractOutput } from '../extractor.js';
import { oneLine } from '../one-line.js';
import { entryPart, refuseEntry } from './archive-entry.js';

type Unrar = typeof import('node-unrar-js');
type RarExtractor = Awaited<ReturnType<Unrar['createExtractorFromData']>>;
type FileHeader = ReturnType<RarExtractor['getFileList']>['fileHeaders'] extends Generator<infer H> ? H : never;

/**
 * RAR archives (v4 and v5) through node-unrar-js (RARLAB's unrar in WASM, loaded on first need):
 * each entry is a part of its own (`clients.rar!clients.csv`). Entries are chosen from the file
 * headers first, by their declared sizes (unrar stops at the declared size): encrypted entries
 * are issues, an entry past the part limit or the ratio, or a total past what the message may
 * still inflate, is `too-large` before a byte is unpacked. Entries are then unpacked one at a time.
 */
export const rarExtractor: Extractor = {
  id: 'rar',
  accepts: (type) => type === 'rar',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const unrar = await import('node-unrar-js');
    const rar = await guard(() => unrar.createExtractorFromData({ data: part.content.buffer.slice(part.content.byteOffset, part.content.byteOffset + part.content.length) as ArrayBuffer, password: '' }));
    const list = await guard(async () => {
      const files = rar.getFileList();
      return { header: files.arcHeader, entries: [...files.fileHeaders] };
    });
    if (list.header.flags.headerEncrypted) throw new PartIssueError('encrypted', issueDetail('archive-names-encrypted'));
    const chosen = new Set<FileHeader>();
    for (const out of choose(part, list.entries, chosen, ctx)) yield out;
    if (chosen.size === 0) return;
    // node-unrar-js keeps each unpacked file in a map under unrar's own, sanitised name and reads it
    // back under the header's name: a `../x` entry then crashes it, and every file stays in memory.
    // One fixed key (files are unpacked one at a time) fixes both; pinned to 2.0.2, where it is so.
    Object.assign(rar, { getExtractedFileName: () => '*Extracted*/current' });
    const extracted = rar.extract({ files: (header) => [...chosen].some((c) => c.name === header.name) });
    const files = await guard(async () => extracted.files);
    for (;;) {
      const next = await guard(async () => files.next());
      if (next.done) return;
      const { fileHeader, extraction } = next.value;
      if (fileHeader.flags.directory || !extraction) continue;
      try {
        ctx.budget.chargeInflated(extraction.length);
      } catch (err) {
        if (!(err instanceof PartIssueError)) throw err;
        for (const _ of files); // unrar frees its archive only once the list is read to its end
        return yield { kind: 'issue', code: err.code, where: part.where, detail: err.detail };
      }
      yield entryPart(part, fileHeader.name, Buffer.from(extraction.buffer, extraction.byteOffset, extraction.length));
    }
  },
};

/** Charges each file entry to the message and picks those to unpack; yields the issues of the others. */
function* choose(part: Part, entries: FileHeader[], chosen: Set<FileHeader>, ctx: ExtractContext): Generator<ExtractOutput> {
  let total = 0;
  for (const entry of entries) {
    if (entry.flags.directory) continue;
    const refused = refuseEntry(part, ctx);
    if (refused) return yield refused;
    const where = `${part.where}!${entry.name}`;
    const ratio = entry.unpSize / Math.max(1, entry.packSize);
    if (entry.flags.encrypted) {
      yield { kind: 'issue', code: 'encrypted', where, detail: issueDetail('entry-encrypted') };
    } else if (entry.unpSize > ctx.limits.maxPartBytes) {
      yield { kind: 'issue', code: 'too-large', where, detail: issueDetail('entry-over-part-limit', { limit: ctx.limits.maxPartBytes }) };
    } else if (entry.unpSize > 1024 * 1024 && ratio > ctx.limits.maxCompressionRatio && !entry.flags.solid) {
      yield { kind: 'issue', code: 'too-large', where, detail: issueDetail('bomb-ratio', { ratio: Math.round(ratio) }) };
    } else if ((total += entry.unpSize) > ctx.budget.inflatedLeft()) {
      return yield { kind: 'issue', code: 'too-large', where: part.where, detail: issueDetail('archives-over-message-limit', { limit: ctx.limits.maxInflatedBytes }) };
    } else chosen.add(entry);
  }
}

/** Runs a step of unrar, mapping its errors (UnrarError reasons) to issue codes. */
async function guard<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof PartIssueError) throw err;
    throw rarIssue(err);
  }
}

function rarIssue(err: unknown): PartIssueError {
  const reason = (err as { reason?: string }).reason ?? '';
  if (reason === 'ERAR_MISSING_PASSWORD' || reason === 'ERAR_BAD_PASSWORD') return new PartIssueError('encrypted', issueDetail('archive-encrypted'));
  if (reason === 'ERAR_UNKNOWN_FORMAT') return new PartIssueError('unsupported', issueDetail('rar-version-not-read'));
  if (reason === 'ERAR_EREAD' || reason === 'ERAR_EOPEN') return new PartIssueError('truncated', issueDetail('archive-cut-off'));
  if (reason === 'ERAR_NO_MEMORY') return new PartIssueError('too-large', issueDetail('unpacking-out-of-memory'));
  return new PartIssueError('corrupt', issueDetail('unreadable-archive', { cause: oneLine(err) }));
}
