import type { FailOn } from '../model/exit-codes.js';
import type { AllowlistConfig } from '../detect/allowlist.js';
import { DETECTORS } from '../detect/detectors/index.js';
import type { Entity } from '../model/entities.js';
import { ISSUE_CODES } from '../model/issues.js';
import type { IssueCode } from '../model/issues.js';
import { DEFAULT_LIMITS } from '../model/limits.js';
import type { Limits } from '../model/limits.js';
import { MEDIA_TYPES } from '../model/part.js';
import type { MediaType } from '../model/part.js';
import { DEFAULT_POLICY } from '../policy/policy.js';
import type { IssueVerdict } from '../policy/policy.js';
import type { OnBlock, OnError } from '../model/relay-choices.js';


/** What the relay modes (`filter`, `pipe`, `milter`) do; validated here, applied by src/relay. */
export interface RelayConfig {
  /** A blocked message: refused (5xx), kept in quarantineDir, or passed on with a header. */
  onBlock: OnBlock;
  /** A message pii-scan could not decide (crash, timeout): deferred (4xx, the sender's server retries), refused, or passed on. */
  onError: OnError;
  /** Absolute folder for quarantined messages; required when onBlock is quarantine. */
  quarantineDir: string | null;
  /** Largest message the relay accepts, in bytes. */
  maxMessageBytes: number;
  /** Time one message may take before onError applies. */
  timeoutSeconds: number;
  /** `host:port` the content filter listens on. */
  listen: string;
  /** `host:port` messages that pass are re-injected to. */
  nextHop: string;
  /** The milter's socket: `inet:PORT@HOST`, `inet:HOST:PORT` or `unix:/PATH`. */
  milterListen: string;
}

/** The thresholds of DESIGN.md §3 (the PolicyConfig numbers). */
export interface Thresholds {
  minPeople: number;
  warnPeople: number;
  blockIdentifiers: number;
  /** The message's own recipients found in the address lists it attaches, from which it is blocked as a mass mailing. */
  massMailingRecipients: number;
  /** Records of the organisation's own customers (fingerprints) in one message from which it is blocked; from one, it warns. */
  knownCustomers: number;
}

/**
 * The whole configuration, resolved: every key present, defaults applied, paths absolute. What
 * `loadConfig` returns and what every command reads (src/config/run-settings.ts turns it into the
 * scan's policy, limits and detection settings).
 */
export interface PiiScanConfig {
  thresholds: Thresholds;
  /** Every detector id, true when it runs. */
  detectors: Record<string, boolean>;
  /** Extra column-header words per entity. */
  headerWords: Partial<Record<Entity, string[]>>;
  /** Extra role-address local parts (regular expressions on the whole local part). */
  roleAddresses: string[];
  allowlist: AllowlistConfig;
  limits: Limits;
  /**
   * Media types (of the closed list MEDIA_TYPES: image, audio, video, font) listed `skipped`; a
   * type left out is `unsupported`, and its message unscannable. Any other unread part is an issue.
   */
  skipTypes: MediaType[];
  /** The verdict each issue code gives its message. */
  issues: Record<IssueCode, IssueVerdict>;
  failOn: FailOn;
  /** Absolute path of the baseline of accepted findings, or null for none. */
  baseline: string | null;
  relay: RelayConfig;
  /** The organisation's customer base, fingerprinted (`pii-scan fingerprint`): absolute paths, or null. */
  fingerprints: { file: string | null; key: string | null };
}

/** Every detector id, in DETECTORS order: the keys of `detectors`. */
export const DETECTOR_IDS: readonly string[] = DETECTORS.map((d) => d.id);

const MiB = 1024 * 1024;

/** The built-in configuration: what a run uses without a file, and what `pii-scan init` writes. */
export const DEFAULT_CONFIG: PiiScanConfig = {
  thresholds: { minPeople: DEFAULT_POLICY.minPeople, warnPeople: DEFAULT_POLICY.warnPeople, blockIdentifiers: DEFAULT_POLICY.blockIdentifiers, massMailingRecipients: DEFAULT_POLICY.massMailingRecipients, knownCustomers: DEFAULT_POLICY.knownCustomers },
  detectors: Object.fromEntries(DETECTOR_IDS.map((id) => [id, true])),
  headerWords: {},
  roleAddresses: [],
  allowlist: { values: [], emails: [], text: [] },
  limits: { ...DEFAULT_LIMITS },
  skipTypes: [...MEDIA_TYPES],
  issues: Object.fromEntries(ISSUE_CODES.map((code) => [code, 'unscannable'])) as Record<IssueCode, IssueVerdict>,
  failOn: 'block',
  baseline: null,
  fingerprints: { file: null, key: null },
  relay: {
    onBlock: 'reject',
    // Fail closed but without losing mail: the sending server keeps the message and retries.
    onError: 'defer',
    quarantineDir: null,
    // 64 MiB: above Postfix's default message_size_limit (10 MB) and the 25-50 MB of most providers.
    maxMessageBytes: 64 * MiB,
    // 2 minutes: a 100k-row workbook scans in seconds; Postfix waits 10 minutes for the end of data.
    timeoutSeconds: 120,
    // Postfix's after-queue content filter convention: the filter on 10025, re-injection on 10026.
    listen: '127.0.0.1:10025',
    nextHop: '127.0.0.1:10026',
    // Loopback, on a port no common milter takes (OpenDKIM 8891, rspamd 11332, ClamAV 7357).
    milterListen: 'inet:10030@127.0.0.1',
  },
};
