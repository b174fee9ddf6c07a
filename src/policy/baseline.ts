import { createHmac, randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { FINDING_KINDS, type Acceptance, type Finding } from '../model/findings.js';

/** The version of the baseline file format written here; a file of another version is refused. */
export const BASELINE_VERSION = 1;


const ENTRY = v.object({
  fingerprint: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits (HMAC-SHA256)')),
  kind: v.picklist(FINDING_KINDS, `expected one of ${FINDING_KINDS.join(', ')}`),
  reason: v.pipe(v.string(), v.trim(), v.minLength(1, 'expected a reason: an accepted finding says why')),
  added: v.pipe(v.string(), v.isoTimestamp('expected an ISO date and time')),
});

const FILE = v.object({
  version: v.literal(BASELINE_VERSION, `expected ${BASELINE_VERSION}`),
  salt: v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]{43}=$/, 'expected 32 random bytes in base64')),
  entries: v.array(ENTRY, 'expected an array'),
});

/** One accepted finding, as stored: a salted hash, never a value or a file name. */
export type BaselineEntry = v.InferOutput<typeof ENTRY>;
export type BaselineData = v.InferOutput<typeof FILE>;

/** A baseline file that cannot be used: its message says what is wrong, in one line. */
export class BaselineError extends Error {
  override name = 'BaselineError';
}

/**
 * Accepted findings (`--baseline`, `--write-baseline`). Each is stored as HMAC-SHA256 over the
 * finding's digest (score/people-tally.ts: an order-independent digest of its records) keyed by
 * a random salt of the file. What is hashed is data, not place: the same file sent again from
 * another mbox message, another folder or under another name matches; one more row does not.
 * The salt keeps two baselines from being compared, and the file from being matched against
 * lists of hashed values found elsewhere. It does not stop guessing: whoever holds the file can
 * test a guessed finding (say one phone number) against it, so keep it with the code, not public.
 */
export class Baseline {
  private readonly key: Buffer;
  private readonly byFingerprint = new Map<string, BaselineEntry>();

  private constructor(private readonly data: BaselineData) {
    this.key = Buffer.from(data.salt, 'base64');
    for (const e of data.entries) this.byFingerprint.set(e.fingerprint, e);
  }

  /** An empty baseline with a new random salt. */
  static create(): Baseline {
    return new Baseline({ version: BASELINE_VERSION, salt: randomBytes(32).toString('base64'), entries: [] });
  }

  /** Reads a baseline file's text; throws BaselineError naming the first problem. */
  static parse(text: string): Baseline {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new BaselineError(`not valid JSON (${(err as Error).message.split('\n')[0]})`);
    }
    const result = v.safeParse(FILE, json);
    if (!result.success) {
      const issue = result.issues[0];
      throw new BaselineError(`${v.getDotPath(issue) ?? 'the file'}: ${issue.message}`);
    }
    return new Baseline(result.output);
  }

  get size(): number {
    return this.data.entries.length;
  }

  /** The finding's fingerprint under this file's salt (hex). */
  fingerprint(f: Finding): string {
    return createHmac('sha256', this.key).update(`pii-scan/v1:${f.digest.toString(16)}`).digest('hex');
  }

  /** The acceptance of a finding this baseline holds, if it holds it. */
  accept(f: Finding): Acceptance | undefined {
    const entry = this.byFingerprint.get(this.fingerprint(f));
    return entry ? { reason: entry.reason, added: entry.added } : undefined;
  }

  /** Records a finding as accepted; false when it was there already (its first reason is kept). */
  record(f: Finding, reason: string, added: Date): boolean {
    const fingerprint = this.fingerprint(f);
    if (this.byFingerprint.has(fingerprint)) return false;
    const entry: BaselineEntry = { fingerprint, kind: f.kind, reason, added: added.toISOString() };
    this.data.entries.push(entry);
    this.byFingerprint.set(fingerprint, entry);
    return true;
  }

  /** The file's text: stable key order, one entry per line block, a final newline. */
  serialize(): string {
    return `${JSON.stringify(this.data, null, 2)}\n`;
  }
}
