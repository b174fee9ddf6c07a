import type { IssueDetail } from '../model/issue-details.js';
import type { IssueCode } from '../model/issues.js';
import type { Limits } from '../model/limits.js';
import { MEDIA_TYPES } from '../model/part.js';
import type { MediaType, Part, PartType } from '../model/part.js';
import type { Unit } from '../model/units.js';
import { MessageBudget } from './budget.js';

/** What an extractor yields: content to score, an inner part to open in turn, or an issue. */
export type ExtractOutput =
  | { kind: 'unit'; unit: Unit }
  | { kind: 'part'; part: Part }
  | { kind: 'issue'; code: IssueCode; where: string; detail: IssueDetail }
  /** The subject of the message the part is (an attached or forwarded mail), for its part record. */
  | { kind: 'subject'; subject: string };

export interface ExtractContext {
  limits: Limits;
  /** What the message being read may still spend, shared by every part nested in it. */
  budget: MessageBudget;
  /** Media types listed `skipped` rather than `unsupported` (configuration key `skipTypes`). */
  skipTypes: ReadonlySet<MediaType>;
}

/** The context for reading one message (or one bare file): its own budget, fresh. */
export function messageContext(limits: Limits, skipTypes: readonly MediaType[] = MEDIA_TYPES): ExtractContext {
  return { limits, budget: new MessageBudget(limits), skipTypes: new Set(skipTypes) };
}

/**
 * One format (DESIGN.md §2 "extract"). A new format is one file and one line in
 * extract/extractors.ts. `extract` throws PartIssueError for a part it cannot read whole.
 */
export interface Extractor {
  id: string;
  accepts(type: PartType): boolean;
  extract(part: Part, ctx: ExtractContext): AsyncIterable<ExtractOutput>;
}
