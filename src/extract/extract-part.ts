import { PartIssueError } from '../model/issues.js';
import type { ScanIssue } from '../model/issues.js';
import type { Part, PartRecord, PartType } from '../model/part.js';
import type { Unit } from '../model/units.js';
import type { ExtractContext } from './extractor.js';
import { EXTRACTORS } from './extractors.js';
import { oneLine } from './one-line.js';
import { sniffType } from './sniff.js';

/** What the walk records besides units: every part looked at and every issue met. */
export interface ExtractLog {
  parts: PartRecord[];
  issues: ScanIssue[];
}

/** Units with where they came from: a message body counts one person differently from an attachment. */
export interface LocatedUnit {
  unit: Unit;
  inAttachment: boolean;
  /** From a message body (the message's own or a forwarded one's), not from a file: the mass-mailing check skips it. */
  inBody: boolean;
}

/** Parts with no text to scan: listed as skipped, not unscannable (DESIGN.md §1 `parts`). */
const NO_TEXT: ReadonlySet<PartType> = new Set(['image', 'empty']);

/**
 * Opens a part with the extractor its sniffed type calls for, recursing into inner parts (archive
 * entries, attached messages), and yields its content units. A part that fails becomes an issue;
 * the walk goes on with the others. `bareFile` is set for a file given on the command line: a type
 * pii-scan cannot read is then `unsupported` rather than skipped.
 */
export async function* extractPart(part: Part, ctx: ExtractContext, log: ExtractLog, bareFile = false): AsyncGenerator<LocatedUnit> {
  const sniffed = sniffType(part);
  // An mbox attached to a mail is read as text; only a top-level mbox is split into messages.
  const type: PartType = sniffed === 'mbox' ? 'text' : sniffed;
  const record: PartRecord = { where: part.where, type, bytes: part.content.length, status: 'scanned' };
  log.parts.push(record);
  const issue = (code: ScanIssue['code'], detail: string, where = part.where) => {
    log.issues.push({ code, where, detail });
    if (where === part.where) record.status = 'issue';
  };
  if (part.depth > ctx.limits.maxDepth) return issue('too-deep', `nested more than ${ctx.limits.maxDepth} levels deep`);
  if (NO_TEXT.has(type) && !bareFile) {
    record.status = 'skipped';
    return;
  }
  const extractor = EXTRACTORS.find((e) => e.accepts(type));
  if (!extractor) {
    if (type === 'binary' && !bareFile) record.status = 'skipped';
    else issue('unsupported', unsupportedDetail(type));
    return;
  }
  const inAttachment = part.text === undefined || part.depth > 0;
  const inBody = part.text !== undefined;
  try {
    for await (const out of extractor.extract(part, ctx)) {
      if (out.kind === 'unit') yield { unit: out.unit, inAttachment, inBody };
      else if (out.kind === 'issue') issue(out.code, out.detail, out.where);
      else yield* extractPart(out.part, ctx, log);
    }
  } catch (err) {
    if (err instanceof PartIssueError) issue(err.code, err.message);
    else issue('corrupt', `could not be read: ${oneLine(err)}`);
  }
}

function unsupportedDetail(type: PartType): string {
  if (type === 'empty') return 'empty file';
  return `not a mail nor a file type pii-scan reads (${type})`;
}
