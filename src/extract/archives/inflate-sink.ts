import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';
import type { ExtractContext } from '../extractor.js';

/** Output past this size is only judged a bomb by its ratio: tiny files compress oddly. */
const RATIO_FLOOR = 1024 * 1024;

/**
 * Collects what a decompressor produces, charging every byte to the message's budget and
 * stopping (PartIssueError 'too-large') the moment the output passes the part limit, what the
 * message may still inflate, or the bomb ratio. Decompressors push into it chunk by chunk, so a
 * bomb is stopped after a few megabytes, never inflated whole to learn its size.
 */
export class InflateSink {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  private readonly cap: number;
  private readonly messageBound: boolean;

  constructor(
    private readonly ctx: ExtractContext,
    /** Size of the compressed input, for the ratio. */
    private readonly compressedBytes: number,
  ) {
    const left = ctx.budget.inflatedLeft();
    this.cap = Math.min(ctx.limits.maxPartBytes, left);
    this.messageBound = left <= ctx.limits.maxPartBytes;
  }

  /** Bytes taken so far. */
  get size(): number {
    return this.total;
  }

  /** Takes one chunk of output (copied: decoders reuse their buffers); throws once a limit is passed. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.total += chunk.length;
    const { limits } = this.ctx;
    if (this.total > this.cap) {
      throw new PartIssueError('too-large', this.messageBound ? issueDetail('archives-over-message-limit', { limit: limits.maxInflatedBytes }) : issueDetail('inflates-over-part-limit', { limit: limits.maxPartBytes }));
    }
    const ratio = this.total / Math.max(1, this.compressedBytes);
    if (this.total > RATIO_FLOOR && ratio > limits.maxCompressionRatio) {
      throw new PartIssueError('too-large', issueDetail('ratio-over-limit', { ratio: limits.maxCompressionRatio }));
    }
    this.ctx.budget.chargeInflated(chunk.length);
    this.chunks.push(Buffer.from(chunk));
  }

  /** Everything taken, as one buffer. */
  result(): Buffer {
    return Buffer.concat(this.chunks, this.total);
  }
}
