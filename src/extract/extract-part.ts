import { issueDetail } from '../model/issue-details.js';
import { PartIssueError } from '../model/issues.js';
import { scanIssue } from '../model/issues.js';
import type { IssueCode, KeyedIssue } from '../model/issues.js';
import type { IssueDetail } from '../model/issue-details.js';
import { isMediaType } from '../model/part.js';
import type { Part, PartRecord, PartType } from '../model/part.js';
import type { Unit } from '../model/units.js';
import type { ExtractContext } from './extractor.js';
import { EXTRACTORS } from './extractors.js';
import { oneLine } from './one-line.js';
import { sniffType } from './sniff.js';
import { sniffMedia } from './sniff-media.js';

/** What the walk records besides units: every part looked at and every issue met. */
export interface ExtractLog {
  parts: PartRecord[];
  issues: KeyedIssue[];
}

/** Units with where they came from: a message body counts one person differently from an attachment. */
export interface LocatedUnit {
  unit: Unit;
  inAttachment: boolean;
  /** From a message body (the message's own or a forwarded one's), not from a file: the mass-mailing check skips it. */
  inBody: boolean;
}

/** What is named in an `unsupported` issue for the types recognised but not read. */
const NOT_READ: Partial<Record<PartType, IssueDetail>> = {
  numbers: issueDetail('numbers-not-read'),
  sqlite: issueDetail('sqlite-not-read'),
  binary: issueDetail('type-not-read', { type: 'binary' }),
};

/**
 * Opens a part with the extractor its sniffed type calls for, recursing into inner parts (archive
 * entries, attached messages), and yields its content units. A part that fails becomes an issue;
 * the walk goes on with the others. A part is `scanned`, `skipped` only when it is media of a type
 * in `ctx.skipTypes` (images, audio, video, fonts: recognised by their magic numbers, no text a
 * person wrote) or empty, or it has an issue: anything else that is not read is `unsupported`, in
 * every mode. `bareFile` is set for a file given on the command line: media is then `unsupported`
 * too, since the user asked for that very file to be read.
 */
export async function* extractPart(part: Part, ctx: ExtractContext, log: ExtractLog, bareFile = false): AsyncGenerator<LocatedUnit> {
  const sniffed = sniffType(part);
  // An mbox attached to a mail is read as text; only a top-level mbox is split into messages.
  const type: PartType = sniffed === 'mbox' ? 'text' : sniffed;
  const record: PartRecord = { where: part.where, type, bytes: part.size ?? part.content.length, status: 'scanned' };
  log.parts.push(record);
  const issue = (code: IssueCode, detail: IssueDetail, where = part.where) => {
    log.issues.push(scanIssue(code, where, detail));
    if (where === part.where) record.status = 'issue';
  };
  if (part.depth > ctx.limits.maxDepth) return issue('too-deep', issueDetail('nested-too-deep', { depth: ctx.limits.maxDepth }));
  const skip = type === 'empty' || (isMediaType(type) && ctx.skipTypes.has(type));
  if (skip && !bareFile) {
    record.status = 'skipped';
    return;
  }
  const load = EXTRACTORS[type];
  if (!load) return issue('unsupported', unsupportedDetail(type, part.content, bareFile));
  const inAttachment = part.text === undefined || part.depth > 0;
  const inBody = part.text !== undefined;
  try {
    const extractor = await load();
    for await (const out of extractor.extract(part, ctx)) {
      if (out.kind === 'unit') yield { unit: out.unit, inAttachment, inBody };
      else if (out.kind === 'issue') issue(out.code, out.detail, out.where);
      else if (out.kind === 'subject') record.subject = out.subject;
      else yield* extractPart(out.part, ctx, log);
    }
  } catch (err) {
    if (err instanceof PartIssueError) issue(err.code, err.detail);
    else issue('corrupt', issueDetail('unreadable-part', { cause: oneLine(err) }));
  }
}

function unsupportedDetail(type: PartType, content: Buffer, bareFile: boolean): IssueDetail {
  if (type === 'empty') return issueDetail('empty-file');
  const media = isMediaType(type) ? sniffMedia(content) : null;
  if (media) return bareFile ? issueDetail('media-without-text', { format: media.name }) : issueDetail('media-type-not-skipped', { format: media.name, type });
  return NOT_READ[type] ?? issueDetail('type-not-read', { type });
}
