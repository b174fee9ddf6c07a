/**
 * A parser thread: runs one parse job at a time (pdf.js, exceljs, SheetJS) for the scanner's
 * thread, which terminates it when the part's time is up or its memory cap is reached. Units go
 * back as they come, big tables in batches of rows, so no single message holds a whole sheet twice.
 */
import { MEDIA_TYPES } from '../../model/part.js';
import { parentPort } from 'node:worker_threads';
import { PartIssueError } from '../../model/issues.js';
import { MessageBudget } from '../budget.js';
import type { ExtractOutput } from '../extractor.js';
import { oneLine } from '../one-line.js';
import { parserFor } from './parser-jobs.js';
import type { ParserJob, ParserKind, ParserReply, WarmUp } from './parser-jobs.js';

/** Rows per message back to the scanner's thread. */
const ROWS_PER_BATCH = 5_000;
/** What a row already sent is replaced with. */
const SENT: string[] = [];
/** Issues after which the parser's state is known to be clean: the thread is kept for the next part. */
const CLEAN_FAILURES = new Set(['encrypted', 'no-text']);
/**
 * Parsers that leave nothing behind a failure: pdf.js's document is destroyed in a finally and its
 * late rejections are ignored (pdf-read.ts), so a corrupt PDF keeps the thread, which would
 * otherwise cost the next PDF a new thread and pdf.js loaded again (about a second).
 */
const CLEAN_AFTER_ANY_FAILURE = new Set<ParserKind>(['pdf']);

const port = parentPort;
if (!port) throw new Error('parser-worker must run in a worker thread');
const reply = (message: ParserReply) => port.postMessage(message);

function send(id: number, out: ExtractOutput): void {
  if (out.kind !== 'unit' || out.unit.kind !== 'table' || out.unit.rows.length <= ROWS_PER_BATCH) return reply({ id, out });
  const { rows } = out.unit;
  reply({ id, out: { kind: 'unit', unit: { ...out.unit, rows: rows.slice(0, ROWS_PER_BATCH) } } });
  rows.fill(SENT, 0, ROWS_PER_BATCH);
  for (let at = ROWS_PER_BATCH; at < rows.length; at += ROWS_PER_BATCH) {
    reply({ id, rows: rows.slice(at, at + ROWS_PER_BATCH) });
    // postMessage has copied the batch: drop this thread's rows as they go, so that the sheet is
    // not held whole here while the scanner's thread builds its own copy (a million-row sheet).
    rows.fill(SENT, at, at + ROWS_PER_BATCH);
  }
}

async function run(job: ParserJob): Promise<void> {
  // Loading pdf.js or exceljs is not the part's time: the clock starts once the parser is loaded.
  const parse = await parserFor(job.kind);
  reply({ id: job.id, started: true });
  const budget = new MessageBudget(job.limits, Date.now, { ...job.budget, deadline: Date.now() + job.timeoutMs });
  const content = Buffer.from(job.content.buffer, job.content.byteOffset, job.content.byteLength);
  try {
    // A parser yields units, never parts to sniff: skipTypes plays no part here.
    const sendRowsAhead = (rows: string[][]) => reply({ id: job.id, rowsAhead: rows });
    for await (const out of parse(content, job.where, { limits: job.limits, budget, skipTypes: new Set(MEDIA_TYPES) }, sendRowsAhead)) send(job.id, out);
    reply({ id: job.id, done: budget.state() });
  } catch (err) {
    const issue = err instanceof PartIssueError ? { code: err.code, detail: err.detail } : undefined;
    // exceljs can leave streams half-read behind a failure: a fresh thread is safer for the next part.
    reply({ id: job.id, failed: { ...(issue ? { issue } : {}), message: issue ? issue.detail.text : oneLine(err), retire: !CLEAN_AFTER_ANY_FAILURE.has(job.kind) && !CLEAN_FAILURES.has(issue?.code ?? '') }, spent: budget.state() });
  }
}

port.on('message', (message: ParserJob | WarmUp) => {
  // A replacement thread loads its parser before any part waits for it (a failure shows on the first job).
  if ('warm' in message) void parserFor(message.warm).catch(() => undefined);
  else void run(message);
});
