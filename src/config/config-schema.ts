import * as v from 'valibot';
import { FAIL_ON } from '../model/exit-codes.js';
import { identifierKey } from '../detect/allowlist.js';
import { fold } from '../detect/fold.js';
import { ENTITIES } from '../model/entities.js';
import { ISSUE_CODES } from '../model/issues.js';
import { MEDIA_TYPES } from '../model/part.js';
import { ISSUE_VERDICTS } from '../policy/policy.js';
import { ON_BLOCK, ON_ERROR } from '../model/relay-choices.js';
import { choice, flag, leaf, list, numberFrom, optionalPath, optionalSection, Problem, section, shown, text, wholeNumber } from './config-fields.js';
import type { SectionRule } from './config-fields.js';
import { DEFAULT_CONFIG, DETECTOR_IDS } from './default-config.js';
import { parseHostPort } from '../model/host-port.js';
import { parseMilterListen } from '../model/milter-listen.js';
import { MESSAGE_SIZE_BOUNDS, parseSize } from '../model/size.js';
import type { SizeBounds } from '../model/size.js';

/**
 * The schema of `.pii-scan.yml` / `.pii-scan.json` (valibot: it loads in a few milliseconds, and
 * the relay's pipe mode starts one process per message). Defaults come from DEFAULT_CONFIG, the
 * one source of truth that `pii-scan init` writes out too.
 */

const D = DEFAULT_CONFIG;

/** warnPeople is checked only when written: left out, it follows minPeople down (see loadConfig). */
const warnNotAboveMin: SectionRule = {
  keys: ['minPeople', 'warnPeople'],
  check: (s) =>
    typeof s.warnPeople === 'number' && typeof s.minPeople === 'number' && s.warnPeople > s.minPeople
      ? { key: 'warnPeople', message: `must not be above minPeople (${s.minPeople}): a message is blocked before it could warn` }
      : null,
};

const thresholds = optionalSection(
  {
    minPeople: v.optional(wholeNumber(1), D.thresholds.minPeople),
    warnPeople: v.optional(wholeNumber(1)),
    blockIdentifiers: v.optional(wholeNumber(1), D.thresholds.blockIdentifiers),
    massMailingRecipients: v.optional(wholeNumber(1), D.thresholds.massMailingRecipients),
    knownCustomers: v.optional(wholeNumber(1), D.thresholds.knownCustomers),
  },
  'key',
  [warnNotAboveMin],
);

const detectors = optionalSection(Object.fromEntries(DETECTOR_IDS.map((id) => [id, v.optional(flag(), true)])), 'detector');

const headerWord = text((s) => (fold(s) ? null : 'a header word needs letters or digits'));
const headerWords = optionalSection(Object.fromEntries(ENTITIES.map((e) => [e, v.optional(list(headerWord))])), 'entity');

/** A role-address pattern: compiled here as it will be used, so that a broken one is reported, not thrown mid-scan. */
const rolePattern = text((s) => {
  try {
    new RegExp(`^(?:${s})$`, 'i');
    return null;
  } catch (err) {
    return `invalid regular expression: ${(err as Error).message.replace(/^.*: /, '')}`;
  }
});

/** Short values would hide ordinary ones: "12" would allowlist every 12. */
const MIN_VALUE_CHARS = 5;
/** Short lines would hide ordinary text: "Mairie" would hide every line that names one. */
const MIN_LINE_CHARS = 10;

const allowedValue = text((s) => (identifierKey(s).length >= MIN_VALUE_CHARS ? null : `too short: an allowlisted value needs ${MIN_VALUE_CHARS} letters or digits at least`));
const ADDRESS_OR_DOMAIN = /^(?:[^@\s]+@|@)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;
const allowedEmail = text((s) => (ADDRESS_OR_DOMAIN.test(s.trim()) ? null : `expected an address (dpo@ville.fr) or a domain (@ville.fr), got ${shown(s)}`));
const allowedText = text((s) =>
  s.split('\n').every((line) => !fold(line) || fold(line).replace(/ /g, '').length >= MIN_LINE_CHARS)
    ? null
    : `too short: each allowlisted line needs ${MIN_LINE_CHARS} letters or digits at least`,
);

const allowlist = optionalSection({ values: list(allowedValue), emails: list(allowedEmail), text: list(allowedText) });

/** Bytes: a whole number, or a size with its unit ("64 MiB", "64M", "10 MB", "512 Mo"), as on the command line (model/size.ts), within `bounds`. */
const bytes = (bounds: SizeBounds = { min: 1, max: 2 * GiB }) =>
  leaf((x): number | Problem => {
    const n = typeof x === 'number' || typeof x === 'string' ? parseSize(x, bounds) : 'expected a size such as 64M, 64 MiB or 64 MB';
    return typeof n === 'number' ? n : new Problem(`${n}, got ${shown(x)}`);
  });
const GiB = 1024 ** 3;
/** Milliseconds a timer can wait: Node fires a longer one at once (2^31 - 1 ms is 24.8 days); an hour is the most any scan needs. */
const MAX_TIMEOUT_MS = 3_600_000;

const limits = optionalSection({
  maxMessageBytes: v.optional(bytes(), D.limits.maxMessageBytes),
  maxPartBytes: v.optional(bytes(), D.limits.maxPartBytes),
  maxDepth: v.optional(wholeNumber(1, 100), D.limits.maxDepth),
  maxMimeParts: v.optional(wholeNumber(1, 1_000_000), D.limits.maxMimeParts),
  maxArchiveEntries: v.optional(wholeNumber(1, 10_000_000), D.limits.maxArchiveEntries),
  maxInflatedBytes: v.optional(bytes({ min: 1, max: 64 * GiB }), D.limits.maxInflatedBytes),
  maxCompressionRatio: v.optional(numberFrom(1, 1_000_000), D.limits.maxCompressionRatio),
  maxRowsPerTable: v.optional(wholeNumber(1, 100_000_000), D.limits.maxRowsPerTable),
  partTimeoutMs: v.optional(wholeNumber(1, MAX_TIMEOUT_MS), D.limits.partTimeoutMs),
  maxCellsPerMessage: v.optional(wholeNumber(1, 2 ** 31), D.limits.maxCellsPerMessage),
  messageTimeoutMs: v.optional(wholeNumber(1, MAX_TIMEOUT_MS), D.limits.messageTimeoutMs),
  parserHeapMb: v.optional(wholeNumber(16, 65_536), D.limits.parserHeapMb),
});

/** Only media may be skipped: a type outside the closed list would hide content from the scan. */
const NOT_MEDIA = Object.fromEntries(['binary', 'pdf', 'zip', 'text', 'csv', 'sqlite', 'numbers'].map((t) => [t, `only image, audio, video or font can be skipped: a ${t} part that is not read is an issue, never skipped`]));

const NEVER_PASS = { pass: 'an issue can never pass: unread content is not clean (use warn to let the message go with the issue reported)' };
const issues = optionalSection(Object.fromEntries(ISSUE_CODES.map((code) => [code, v.optional(choice(ISSUE_VERDICTS, NEVER_PASS), 'unscannable')])), 'issue code');

/** A text the given parser reads (it throws otherwise): null, or the sentence saying what is wrong. */
const readBy = (parse: (s: string) => unknown, problem?: (s: string) => string) => (s: string) => {
  try {
    parse(s);
    return null;
  } catch (err) {
    return problem ? problem(s) : (err as Error).message;
  }
};
const hostPort = text(readBy((s) => parseHostPort(s), (s) => `expected host:port such as 127.0.0.1:10025, got ${shown(s)}`));
const milterSocket = text(readBy(parseMilterListen));

const quarantineNeedsDir: SectionRule = {
  keys: ['onBlock', 'quarantineDir'],
  check: (s) => (s.onBlock === 'quarantine' && (s.quarantineDir === null || s.quarantineDir === undefined) ? { key: 'quarantineDir', message: 'required when onBlock is quarantine' } : null),
};

const relay = optionalSection(
  {
    onBlock: v.optional(choice(ON_BLOCK), D.relay.onBlock),
    onError: v.optional(choice(ON_ERROR), D.relay.onError),
    quarantineDir: v.optional(optionalPath(), D.relay.quarantineDir),
    maxMessageBytes: v.optional(bytes(MESSAGE_SIZE_BOUNDS), D.relay.maxMessageBytes),
    timeoutSeconds: v.optional(wholeNumber(1, MAX_TIMEOUT_MS / 1000), D.relay.timeoutSeconds),
    listen: v.optional(hostPort, D.relay.listen),
    nextHop: v.optional(hostPort, D.relay.nextHop),
    milterListen: v.optional(milterSocket, D.relay.milterListen),
  },
  'key',
  [quarantineNeedsDir],
);

/** The whole file. */
export const CONFIG_SCHEMA = section({
  thresholds,
  detectors,
  headerWords,
  roleAddresses: list(rolePattern),
  allowlist,
  limits,
  skipTypes: v.optional(list(choice(MEDIA_TYPES, NOT_MEDIA)), D.skipTypes),
  issues,
  failOn: v.optional(choice(FAIL_ON), D.failOn),
  baseline: v.optional(optionalPath(), D.baseline),
  fingerprints: optionalSection({ file: v.optional(optionalPath(), D.fingerprints.file), key: v.optional(optionalPath(), D.fingerprints.key) }, 'key'),
  relay,
});

/** What the schema gives: every key, defaults applied; paths and warnPeople are resolved by loadConfig. */
export type ConfigFileValues = v.InferOutput<typeof CONFIG_SCHEMA>;
