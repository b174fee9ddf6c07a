import { PartIssueError } from '../../model/issues.js';
import type { Part } from '../../model/part.js';
import type { ExtractContext, ExtractOutput } from '../extractor.js';

/**
 * Charges one entry of an archive to the message (count and clock), as ZIP does. Returns the
 * issue to yield on the archive when the budget refuses (the rest of the archive is then not
 * read), or null to go on.
 */
export function refuseEntry(archive: Part, ctx: ExtractContext): ExtractOutput | null {
  try {
    ctx.budget.chargeEntry();
    ctx.budget.checkTime();
    return null;
  } catch (err) {
    if (!(err instanceof PartIssueError)) throw err;
    return { kind: 'issue', code: err.code, where: archive.where, detail: err.detail };
  }
}

/** An archive entry as an inner part: `clients.7z!clients.csv`, one level deeper. */
export function entryPart(archive: Part, name: string, content: Buffer): ExtractOutput {
  return { kind: 'part', part: { where: `${archive.where}!${name}`, filename: name, declaredType: null, content, depth: archive.depth + 1 } };
}

/** The last segment of a part's name (`mail.eml!x/clients.csv.gz` -> `clients.csv.gz`). */
export function baseName(part: Part): string {
  const name = part.filename ?? part.where.split('!').at(-1) ?? part.where;
  return name.split(/[\\/]/).at(-1) || name;
}
