import { ENTITIES } from '../model/entities.js';
import { ISSUE_CODES } from '../model/issues.js';
import type { Limits } from '../model/limits.js';
import { DEFAULT_CONFIG, DETECTOR_IDS } from './default-config.js';
import { formatSize } from '../model/size.js';

/** Comment lines, wrapped at 100 columns, indented to their key. */
function comment(text: string, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + 2 + line.length + 1 + word.length > 100) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => `${indent}# ${l}`);
}

/** "128 MiB" for whole mebibytes and gibibytes: what a person reads and the schema reads back. */
const size = formatSize;

const scalar = (value: unknown): string => (value === null ? 'null' : typeof value === 'string' ? JSON.stringify(value) : String(value));

/** What each limit is for, in the order of Limits; sizes are written with their unit. */
const LIMITS: [keyof Limits, string, boolean][] = [
  ['maxMessageBytes', 'One message held for scanning; a larger one is reported too-large, not scanned.', true],
  ['maxPartBytes', 'One attachment or archive entry held for extraction.', true],
  ['maxDepth', 'Nesting of archives and attached messages (a zip in a forwarded mail is 3).', false],
  ['maxMimeParts', 'MIME parts in one message.', false],
  ['maxArchiveEntries', 'Archive entries and embedded files in one message, all archives together.', false],
  ['maxInflatedBytes', 'Bytes inflated from the archives and documents of one message, all together (zip bombs).', true],
  ['maxCompressionRatio', 'Inflated / compressed size of an entry above which it is treated as a bomb.', false],
  ['maxRowsPerTable', 'Rows read from one table; the rest are counted, not scored.', false],
  ['partTimeoutMs', 'Milliseconds one spreadsheet or PDF may take.', false],
  ['maxCellsPerMessage', 'Table cells read from one message, all tables together.', false],
  ['messageTimeoutMs', 'Milliseconds one message may take, all its parts together.', false],
  ['parserHeapMb', 'Memory (MiB) of the thread a PDF or spreadsheet parser runs in; past it the part is too-large.', false],
];

const D = DEFAULT_CONFIG;

/** Header, thresholds, detectors, header words and role addresses. */
function detectionLines(): string[] {
  return [
    ...comment('pii-scan configuration, written by `pii-scan init`. Every key is shown at its default: change what you need, delete what you do not. pii-scan uses this file in this folder and in every folder below it; `--config FILE` names another one. Command-line flags win over it.'),
    '',
    ...comment('When a message is blocked or warned (a person: a row or record with two personal fields, one of them a name, an e-mail, a customer number, a birth date or a national or bank identifier).'),
    'thresholds:',
    ...comment('People in one message from which it is blocked.', '  '),
    `  minPeople: ${D.thresholds.minPeople}`,
    ...comment('People from which it warns; at most minPeople. Left out, it is 3 or minPeople, whichever is lower.', '  '),
    `  warnPeople: ${D.thresholds.warnPeople}`,
    ...comment('Valid national IDs (NIR), bank accounts (IBAN, RIB) or payment cards in one message from which it is blocked.', '  '),
    `  blockIdentifiers: ${D.thresholds.blockIdentifiers}`,
    ...comment("The message's own recipients (To, Cc, Bcc, envelope) found in the address lists it attaches, from which it is blocked as a mass mailing carrying its own list, whatever the number of people. One is the everyday case of a client's own address in the file sent to that client.", '  '),
    `  massMailingRecipients: ${D.thresholds.massMailingRecipients}`,
    ...comment("Records of the organisation's own customers, found by their fingerprints (fingerprints.file), in one message from which it is blocked; from one, it warns. A customer's own record sent to that customer alone passes.", '  '),
    `  knownCustomers: ${D.thresholds.knownCustomers}`,
    '',
    ...comment('Detectors, by id: false turns one off; its values are then neither found nor counted.'),
    'detectors:',
    ...DETECTOR_IDS.map((id) => `  ${id}: ${D.detectors[id]}`),
    '',
    ...comment(`Extra column headers per entity, for your own exports: a header equal to one of these words, or holding them as whole words, names its column (case and accents aside). Entities: ${ENTITIES.join(', ')}. Example:`),
    '#   customer-id: ["Réf. PDS", "Code tiers"]',
    'headerWords: {}',
    '',
    ...comment('Extra role addresses, which are not people (contact@, mairie@, dpo@, newsletter@ are built in): regular expressions matched against the whole local part, before @ and any +tag, case aside. Example:'),
    '#   - abonnes',
    '#   - "agence[0-9]+"',
    'roleAddresses: []',
  ];
}

function allowlistLines(): string[] {
  return [
    ...comment("Your organisation's own identifiers and texts: they are not counted in findings."),
    'allowlist:',
    ...comment('Own SIRET, SIREN, VAT number, IBAN, RIB, phone numbers: compared without spaces, dots, dashes or case ("+33 4 94 00 00 00" is "04 94 00 00 00"). Quote them. Example:', '  '),
    '  #   - "732 829 320 00074"',
    '  #   - "FR76 3000 6000 0112 3456 7890 189"',
    '  values: []',
    ...comment('Own addresses ("dpo@ville-exemple.fr") or whole domains ("@ville-exemple.fr", its subdomains too).', '  '),
    '  emails: []',
    ...comment('Lines of text such as a newsletter footer: a line of a body or document that holds one of them (whole words, case and accents aside) counts nothing. Example:', '  '),
    '  #   - "Mairie de Ville-Exemple - 1 place de la Mairie - 83000 Ville-Exemple"',
    '  text: []',
  ];
}

/** Limits, issues, failOn and baseline. */
function scanLines(): string[] {
  return [
    ...comment('Resource limits per message. Reaching one is an issue (too-large, too-deep, timeout), never a silent skip. Sizes in bytes or with a unit: 64 MiB, 10 MB, 512 Mo.'),
    'limits:',
    ...LIMITS.flatMap(([key, what, isSize]) => [...comment(what, '  '), `  ${key}: ${isSize ? size(D.limits[key]) : D.limits[key]}`]),
    '',
    ...comment('Parts listed as skipped rather than unsupported: media whose bytes hold no text a person wrote, recognised by their magic numbers. Only image, audio, video and font may be listed; leave one out and such a part is an issue (unsupported), its message unscannable. Any other part pii-scan cannot read is always an issue.'),
    `skipTypes: [${D.skipTypes.join(', ')}]`,
    '',
    ...comment('The verdict each issue (content that could not be read whole) gives its message: unscannable (exit 2), block (exit 1) or warn (exit 0, issue reported). Never pass: unread content is not clean.'),
    'issues:',
    ...ISSUE_CODES.map((code) => `  ${code}: ${D.issues[code]}`),
    '',
    ...comment('The verdict from which a run fails, as --fail-on: warn, block or never.'),
    `failOn: ${D.failOn}`,
    '',
    ...comment('Baseline of accepted findings (salted hashes, never values), relative to this file; null for none.'),
    `baseline: ${scalar(D.baseline)}`,
    '',
    ...comment("The organisation's customer base, fingerprinted by pii-scan fingerprint: a mail carrying its customers is blocked (thresholds.knownCustomers) whatever its shape. Paths relative to this file; null for none."),
    'fingerprints:',
    ...comment('The fingerprint file.', '  '),
    `  file: ${scalar(D.fingerprints.file)}`,
    ...comment("Its key file (mode 0600); null: the file's name + .key, or the environment variable PII_SCAN_FINGERPRINT_KEY.", '  '),
    `  key: ${scalar(D.fingerprints.key)}`,
  ];
}

function relayLines(): string[] {
  return [
    ...comment('Relay modes (pii-scan filter, pii-scan pipe, pii-scan milter).'),
    'relay:',
    ...comment('A blocked message: reject (refused, the sender is told), quarantine (kept in quarantineDir) or tag (passed on, marked in a header).', '  '),
    `  onBlock: ${D.relay.onBlock}`,
    ...comment('A message that could not be decided (error, timeout): defer (temporary failure: the sending server retries), reject or pass.', '  '),
    `  onError: ${D.relay.onError}`,
    ...comment('Folder for quarantined messages, relative to this file; required with onBlock: quarantine.', '  '),
    `  quarantineDir: ${scalar(D.relay.quarantineDir)}`,
    ...comment('Largest message the relay accepts.', '  '),
    `  maxMessageBytes: ${size(D.relay.maxMessageBytes)}`,
    ...comment('Seconds one message may take before onError applies.', '  '),
    `  timeoutSeconds: ${D.relay.timeoutSeconds}`,
    ...comment('host:port the content filter listens on.', '  '),
    `  listen: ${scalar(D.relay.listen)}`,
    ...comment('host:port messages that pass are re-injected to.', '  '),
    `  nextHop: ${scalar(D.relay.nextHop)}`,
    ...comment('Socket the milter listens on: inet:PORT@HOST, inet:HOST:PORT or unix:/PATH.', '  '),
    `  milterListen: ${scalar(D.relay.milterListen)}`,
  ];
}

/**
 * The file `pii-scan init` writes: every key at its built-in default, each with a comment saying
 * what it does. Built from DEFAULT_CONFIG and the lists of detectors, entities and issue codes, so
 * that it cannot drift from them (a test loads it back and compares it with DEFAULT_CONFIG).
 */
export function initTemplate(): string {
  return `${[...detectionLines(), '', ...allowlistLines(), '', ...scanLines(), '', ...relayLines()].join('\n')}\n`;
}
