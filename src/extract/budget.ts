import { issueDetail } from '../model/issue-details.js';
import { PartIssueError } from '../model/issues.js';
import type { Limits } from '../model/limits.js';

/**
 * What one message may cost, shared by every archive, document and parser nested in it
 * (DESIGN.md §4). Limits counted per archive let a message multiply them: ten zips of 500 MB
 * each, or one zip holding ten others. One budget per message closes that: every inflated
 * byte, every entry, every cell and the clock are charged to the message, wherever they are spent.
 *
 * Each charge throws PartIssueError ('too-large' or 'timeout') once the message's allowance is
 * spent, so the part being read gets the issue and the walk stops spending.
 */
export class MessageBudget {
  private inflated = 0;
  private entries = 0;
  private cells = 0;
  /** Epoch milliseconds past which nothing more of this message is read. */
  readonly deadline: number;

  /** `resume` continues a budget already partly spent (a parser thread spends the message's budget). */
  constructor(
    readonly limits: Limits,
    private readonly now: () => number = Date.now,
    resume?: BudgetState,
  ) {
    this.deadline = resume?.deadline ?? now() + limits.messageTimeoutMs;
    if (resume) this.absorb(resume);
  }

  /** What has been spent so far, as plain data that can cross to a parser thread and back. */
  state(): BudgetState {
    return { inflated: this.inflated, entries: this.entries, cells: this.cells, deadline: this.deadline };
  }

  /** Takes over what a parser thread spent from this budget's state (counts only grow). */
  absorb(spent: BudgetState): void {
    this.inflated = Math.max(this.inflated, spent.inflated);
    this.entries = Math.max(this.entries, spent.entries);
    this.cells = Math.max(this.cells, spent.cells);
  }

  /** Bytes still allowed to be inflated (by archives, documents and streams) for this message. */
  inflatedLeft(): number {
    return Math.max(0, this.limits.maxInflatedBytes - this.inflated);
  }

  /** Charges bytes inflated from any archive or compressed stream of the message. */
  chargeInflated(bytes: number): void {
    this.inflated += bytes;
    if (this.inflated > this.limits.maxInflatedBytes) {
      throw new PartIssueError('too-large', issueDetail('message-inflated-over-limit', { limit: this.limits.maxInflatedBytes }));
    }
  }

  /** Charges one archive entry or embedded file. */
  chargeEntry(): void {
    if (++this.entries > this.limits.maxArchiveEntries) {
      throw new PartIssueError('too-large', issueDetail('message-entries-over-limit', { limit: this.limits.maxArchiveEntries }));
    }
  }

  /** Charges spreadsheet cells read (a sheet claiming a million rows of 16,384 columns). */
  chargeCells(count: number): void {
    this.cells += count;
    if (this.cells > this.limits.maxCellsPerMessage) {
      throw new PartIssueError('too-large', issueDetail('message-cells-over-limit', { limit: this.limits.maxCellsPerMessage }));
    }
  }

  /** Milliseconds left before the message's deadline (0 once it has passed). */
  timeLeft(): number {
    return Math.max(0, this.deadline - this.now());
  }

  /** Throws 'timeout' once the message's time is spent. Call between units of work. */
  checkTime(): void {
    if (this.now() > this.deadline) throw new PartIssueError('timeout', issueDetail('message-timeout', { seconds: this.limits.messageTimeoutMs / 1000 }));
  }

  /** Epoch milliseconds past which the part starting now is not read: its own limit or the message's, whichever comes first. */
  partDeadline(): number {
    return this.now() + this.partTimeout();
  }

  /** The time a parser may take now: its own limit, or what is left of the message's, whichever is shorter. */
  partTimeout(): number {
    return Math.min(this.limits.partTimeoutMs, this.timeLeft());
  }
}

/** A budget's spending, as plain data (see MessageBudget.state). */
export interface BudgetState {
  inflated: number;
  entries: number;
  cells: number;
  deadline: number;
}
