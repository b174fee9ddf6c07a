import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';
import type { Part } from '../../model/part.js';
import type { ExtractContext, Extractor, ExtractOutput } from '../extractor.js';
import { entryPart, refuseEntry } from './archive-entry.js';
import { headerEncrypted, parseListing } from './seven-zip-listing.js';
import type { SevenZipEntry } from './seven-zip-listing.js';
import { ARCHIVE_PATH, NO_PASSWORD, openSevenZip, sevenZipIssue } from './seven-zip-runner.js';
import type { SevenZipSession } from './seven-zip-runner.js';

const LIST_PATH = '/scan/names';
/** Below this, a high ratio is only a small file compressing well, not a bomb. */
const RATIO_FLOOR = 1024 * 1024;

/**
 * 7-Zip archives through 7z-wasm (7-Zip 24.09 in WASM, loaded on first need): each entry is a part
 * of its own (`clients.7z!clients.csv`). 7-Zip extracts in one synchronous run, so the entries are
 * chosen from the listing first, by their declared sizes (which bind the decoder): encrypted
 * entries are issues, an entry past the part limit or a total past what the message may still
 * inflate is `too-large` before a byte is inflated, and a ratio past the limit is a bomb.
 */
export const sevenZipExtractor: Extractor = {
  id: '7z',
  accepts: (type) => type === '7z',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    if (headerEncrypted(part.content)) throw new PartIssueError('encrypted', issueDetail('archive-names-encrypted'));
    const session = await openSevenZip(part.content);
    const chosen: SevenZipEntry[] = [];
    for (const out of choose(part, list(session), chosen, ctx)) yield out;
    const declared = chosen.reduce((sum, e) => sum + e.size, 0);
    if (declared > RATIO_FLOOR && declared / part.content.length > ctx.limits.maxCompressionRatio) {
      return yield { kind: 'issue', code: 'too-large', where: part.where, detail: issueDetail('bomb-ratio', { ratio: Math.round(declared / part.content.length) }) };
    }
    if (chosen.length === 0) return;
    for (const [entry, content] of extract(session, chosen)) {
      try {
        ctx.budget.chargeInflated(content.length);
      } catch (err) {
        if (!(err instanceof PartIssueError)) throw err;
        return yield { kind: 'issue', code: err.code, where: part.where, detail: err.detail };
      }
      yield entryPart(part, entry.name, content);
    }
  },
};

function list(session: SevenZipSession): SevenZipEntry[] {
  const out: number[] = [];
  const run = session.run(['l', '-slt', '-sccUTF-8', NO_PASSWORD, '-t7z', ARCHIVE_PATH], (b) => void out.push(b));
  if (run.code !== 0) throw sevenZipIssue(run);
  return parseListing(Buffer.from(out).toString('utf8'));
}

/** Charges each file entry to the message and picks those to extract; yields the issues of the others. */
function* choose(part: Part, entries: SevenZipEntry[], chosen: SevenZipEntry[], ctx: ExtractContext): Generator<ExtractOutput> {
  let total = 0;
  for (const entry of entries) {
    if (entry.folder) continue;
    const refused = refuseEntry(part, ctx);
    if (refused) return yield refused;
    const where = `${part.where}!${entry.name}`;
    if (entry.encrypted) {
      yield { kind: 'issue', code: 'encrypted', where, detail: issueDetail('entry-encrypted') };
    } else if (entry.size > ctx.limits.maxPartBytes) {
      yield { kind: 'issue', code: 'too-large', where, detail: issueDetail('entry-over-part-limit', { limit: ctx.limits.maxPartBytes }) };
    } else if ((total += entry.size) > ctx.budget.inflatedLeft()) {
      return yield { kind: 'issue', code: 'too-large', where: part.where, detail: issueDetail('archives-over-message-limit', { limit: ctx.limits.maxInflatedBytes }) };
    } else chosen.push(entry);
  }
}

/**
 * Extracts the chosen entries in one run to stdout (`e -so`), in archive order, and cuts the
 * bytes into entries by their declared sizes. Names go through a list file at a generated path,
 * matched literally (`-spd`), never used as paths. A failed run is an issue for the archive.
 */
function extract(session: SevenZipSession, chosen: SevenZipEntry[]): [SevenZipEntry, Buffer][] {
  const buffers = chosen.map((e) => Buffer.alloc(e.size));
  const expected = buffers.reduce((sum, b) => sum + b.length, 0);
  let index = 0;
  let at = 0;
  let received = 0;
  const onByte = (byte: number) => {
    while (index < buffers.length && at === buffers[index].length) [index, at] = [index + 1, 0];
    if (index >= buffers.length) throw new PartIssueError('corrupt', issueDetail('archive-data-past-entries'));
    buffers[index][at++] = byte;
    received++;
  };
  session.writeFile(LIST_PATH, chosen.map((e) => e.name).join('\n'));
  const run = session.run(['e', '-so', '-spd', '-sccUTF-8', '-scsUTF-8', NO_PASSWORD, '-t7z', ARCHIVE_PATH, `@${LIST_PATH}`], onByte);
  if (run.code !== 0 || received !== expected) throw sevenZipIssue(run);
  return chosen.map((entry, i) => [entry, buffers[i]]);
}
