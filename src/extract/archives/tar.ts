import { issueDetail } from '../../model/issue-details.js';
import type { Part } from '../../model/part.js';
import type { Extractor, ExtractContext, ExtractOutput } from '../extractor.js';
import { entryPart, refuseEntry } from './archive-entry.js';
import { tarEntries } from './tar-reader.js';

/**
 * tar archives (ustar, GNU, pax): each regular file is a part of its own (`export.tar!clients.csv`).
 * Also reads the tar found inside a .tar.gz, .tar.bz2 or .tar.xz, whose entries are then named
 * after the compressed file (`export.tar.gz!clients.csv`).
 */
export const tarExtractor: Extractor = {
  id: 'tar',
  accepts: (type) => type === 'tar',
  extract: (part, ctx) => tarOutputs(part, part.content, ctx),
};

/** The members of the tar `content`, as inner parts of `archive`, charged to the message. */
export async function* tarOutputs(archive: Part, content: Buffer, ctx: ExtractContext): AsyncGenerator<ExtractOutput> {
  for (const entry of tarEntries(content)) {
    if (entry.kind === 'skip') continue;
    const refused = refuseEntry(archive, ctx);
    if (refused) return yield refused;
    if (entry.kind === 'sparse') {
      yield { kind: 'issue', code: 'unsupported', where: `${archive.where}!${entry.name}`, detail: issueDetail('tar-sparse-member') };
      continue;
    }
    yield entryPart(archive, entry.name, entry.content);
  }
}
