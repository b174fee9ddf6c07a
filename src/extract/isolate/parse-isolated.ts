import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';
import type { ParsedDocument } from '../../model/issue-details.js';
import type { Part } from '../../model/part.js';
import type { TableUnit } from '../../model/units.js';
import type { ExtractContext, ExtractOutput } from '../extractor.js';
import type { ParserKind, ParserReply } from './parser-jobs.js';
import { ParserThread } from './parser-thread.js';
import type { ThreadStop } from './parser-thread.js';

/**
 * Warm parser threads waiting for work. One is kept: starting a thread and loading pdf.js or
 * exceljs in it costs more than most parts take to read. Others (parts read at the same time)
 * are terminated once idle.
 */
const idle: ParserThread[] = [];
const KEPT_IDLE = 1;
let nextJob = 0;

function takeThread(heapMb: number): ParserThread {
  const at = idle.findIndex((t) => !t.dead && t.heapMb === heapMb);
  return at === -1 ? new ParserThread(heapMb) : idle.splice(at, 1)[0];
}

function keepWarm(thread: ParserThread): void {
  if (thread.dead) return;
  if (idle.length < KEPT_IDLE) idle.push(thread);
  else void thread.stop();
}

/**
 * A thread that had to go is replaced at once, its parser module loaded ahead (exceljs and SheetJS
 * whole; pdf.js itself is imported by the first PDF), so the next part of the same kind does not
 * wait for a thread and its modules to load.
 */
function retire(thread: ParserThread, kind: ParserKind): void {
  void thread.stop();
  if (idle.length >= KEPT_IDLE) return;
  const next = new ParserThread(thread.heapMb);
  next.warm(kind);
  idle.push(next);
}

/** Rows past which a parser thread is replaced after its job (the founding case's sheet is 15,930 rows). */
const LARGE_TABLE_ROWS = 100_000;

/** Rows a thread sent back, all tables together. */
function rowsIn(replies: readonly ParserReply[]): number {
  let rows = 0;
  for (const reply of replies) {
    if ('rows' in reply) rows += reply.rows.length;
    else if ('rowsAhead' in reply) rows += reply.rowsAhead.length;
    else if ('out' in reply && reply.out.kind === 'unit' && reply.out.unit.kind === 'table') rows += reply.out.unit.rows.length;
  }
  return rows;
}

/** Outputs from a thread's replies, rows sent in batches joined back onto their table. */
function outputsOf(replies: readonly ParserReply[]): ExtractOutput[] {
  const outputs: ExtractOutput[] = [];
  let table: TableUnit | undefined;
  let ahead: string[][] = [];
  for (const reply of replies) {
    if ('out' in reply) {
      table = reply.out.kind === 'unit' && reply.out.unit.kind === 'table' ? reply.out.unit : undefined;
      if (table && ahead.length > 0) {
        for (const row of table.rows) ahead.push(row);
        table.rows = ahead;
        ahead = [];
      }
      outputs.push(reply.out);
    } else if ('rowsAhead' in reply) {
      for (const row of reply.rowsAhead) ahead.push(row);
    } else if ('rows' in reply && table) {
      for (const row of reply.rows) table.rows.push(row);
    }
  }
  return outputs;
}

/** The issue for a thread stopped mid-parse. */
function stoppedIssue(stop: ThreadStop, document: ParsedDocument, timeoutMs: number): PartIssueError {
  if (stop.stopped === 'timeout') return new PartIssueError('timeout', issueDetail('parser-timeout', { document, seconds: timeoutMs / 1000 }));
  if (stop.stopped === 'memory') return new PartIssueError('too-large', issueDetail('parser-out-of-memory', { document, heapMb: stop.heapMb }));
  if (stop.stopped === 'crash') return new PartIssueError('corrupt', issueDetail('parser-crashed', { document, cause: stop.cause }));
  return new PartIssueError('corrupt', issueDetail('parser-exited', { document, exitCode: stop.exitCode }));
}

/**
 * Runs a parser that cannot be interrupted (pdf.js, exceljs, SheetJS) on one part, in a parser
 * thread: what it spends is charged to the message's budget, and at the part's deadline (its own
 * time limit or the message's, whichever is first) or past its memory cap the thread is
 * terminated, so nothing of it runs on into the next part. Units read before the stop are kept
 * and the part gets the issue (`timeout`, `too-large`). `what` names the document in details.
 */
export async function* parseIsolated(kind: ParserKind, part: Part, ctx: ExtractContext, what: ParsedDocument): AsyncGenerator<ExtractOutput> {
  ctx.budget.checkTime();
  const timeoutMs = ctx.budget.partTimeout();
  const thread = takeThread(ctx.limits.parserHeapMb);
  // A copy the thread owns (transferred, not copied again): the part's buffer may be a view on the whole message.
  const content = new Uint8Array(part.content);
  const job = { id: ++nextJob, kind, where: part.where, content, limits: ctx.limits, budget: ctx.budget.state(), timeoutMs };
  const outcome = await thread.run(job, timeoutMs);
  let failure: PartIssueError | undefined;
  if ('stopped' in outcome) {
    retire(thread, kind);
    failure = stoppedIssue(outcome, what, timeoutMs);
  }
  for (const reply of outcome.replies) {
    if ('done' in reply) ctx.budget.absorb(reply.done);
    if ('failed' in reply) {
      ctx.budget.absorb(reply.spent);
      const { issue, message } = reply.failed;
      failure = issue ? new PartIssueError(issue.code, issue.detail) : new PartIssueError('corrupt', issueDetail('parser-error', { document: what, cause: message }));
      if (reply.failed.retire) retire(thread, kind);
    }
  }
  // A thread that has just read a very large table holds a heap grown to its size: let it go, so
  // that its memory is not held beside the scanner's copy of the table while that is scored.
  if (rowsIn(outcome.replies) > LARGE_TABLE_ROWS) retire(thread, kind);
  else keepWarm(thread);
  yield* outputsOf(outcome.replies);
  if (failure) throw failure;
}
