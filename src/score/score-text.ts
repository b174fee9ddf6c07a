import type { PersonKeySet } from './person-key-set.js';
import { defaultDetection } from '../detect/detection-settings.js';
import type { DetectionSettings } from '../detect/detection-settings.js';
import type { TextMatch } from '../detect/detector.js';
import { findInWindows } from '../detect/find-in-windows.js';
import type { Finding } from '../model/findings.js';
import type { TextUnit } from '../model/units.js';
import { findingFromTally } from './finding-from-tally.js';
import { PeopleTally } from './people-tally.js';
import { withoutOverlaps } from './without-overlaps.js';

/**
 * Lines that quote a correspondent rather than carry data: reply attributions ("Le 3 mai, Jean
 * <jean@x.fr> a écrit :") and forwarded headers ("De : ...", "À : ..."). Like the message's own
 * headers they are not findings.
 */
const ATTRIBUTION = /^[>\s]*(?:(?:le|on)\b.{0,160}(?:a écrit|wrote)\s*:\s*$|(?:de|from|à|a|to|cc|cci|bcc|envoyé|sent|date|objet|subject|répondre à|reply-to)\s*:)/i;
/** A reply attribution wrapped over two lines: "Le 3 mai, Jeanne Morel <" / "jeanne@x.fr> a écrit :". */
const ATTRIBUTION_START = /^[>\s]*(?:le|on)\b/i;
const ATTRIBUTION_END = /(?:a écrit|wrote)\s*:\s*$/i;

/**
 * iCalendar attendee lines (`ATTENDEE;CN=Jeanne Morel:mailto:jeanne.morel@...`): an invitation
 * lists its own recipients. Skipped only when the address is one of the message's header addresses;
 * a calendar listing strangers is data like any other.
 */
const CALENDAR_PERSON = /^(?:ATTENDEE|ORGANIZER)[;:].*?mailto:([^\s;:]+)/i;

function isOwnCalendarLine(line: string, headerAddresses: ReadonlySet<string>): boolean {
  const m = CALENDAR_PERSON.exec(line);
  return m !== null && headerAddresses.has(m[1].toLowerCase());
}

/** Offsets where each line starts, for mapping a match to its line by binary search. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Matches of the enabled detectors grouped by line (indexed by line number: walked in line order
 * with no sort, and no map to grow); role addresses and allowlisted values left out.
 */
function matchesByLine(text: string, starts: number[], detection: DetectionSettings): (TextMatch[] | undefined)[] {
  const byLine = new Array<TextMatch[] | undefined>(starts.length);
  const allowlist = detection.allowlist?.hasValues ? detection.allowlist : null;
  for (const detector of detection.detectors) {
    for (const match of findInWindows(detector, text)) {
      if (match.entity === 'email' ? detection.ignoresEmail(match.value) : allowlist?.hasValue(match.value)) continue;
      const line = lineOf(starts, match.index);
      const list = byLine[line];
      if (list) list.push(match);
      else byLine[line] = [match];
    }
  }
  return byLine;
}

/**
 * Scores free text: every detector runs over the whole text once, matches are grouped by line,
 * and a line holding two person fields (one an anchor) is a person, as a table row would be.
 * A table pasted as text, a PDF table and a mail-merge letter are all counted this way. Lines
 * that hold an allowlisted text (the organisation's footer) count nothing. `onEmail` sees each
 * personal e-mail counted (the mass-mailing check).
 */
export function scoreText(
  unit: TextUnit,
  inAttachment: boolean,
  headerAddresses: ReadonlySet<string> = new Set(),
  detection: DetectionSettings = defaultDetection(),
  onEmail?: (value: string) => void,
): { finding: Finding; keys: PersonKeySet } | null {
  const { text } = unit;
  const starts = lineStarts(text);
  const byLine = matchesByLine(text, starts, detection);
  const lineText = (line: number) => (line < 0 || line >= starts.length ? '' : text.slice(starts[line], starts[line + 1] ?? text.length));
  const isQuoteHeader = (line: number) => {
    const content = lineText(line);
    return (
      ATTRIBUTION.test(content) ||
      (ATTRIBUTION_END.test(content) && ATTRIBUTION_START.test(lineText(line - 1))) ||
      (ATTRIBUTION_START.test(content) && ATTRIBUTION_END.test(lineText(line + 1))) ||
      isOwnCalendarLine(content, headerAddresses)
    );
  };
  const footer = detection.allowlist?.hasText ? detection.allowlist : null;
  const tally = new PeopleTally(onEmail);
  // forEach skips the lines without a match, in line order.
  byLine.forEach((matches, line) => {
    if (!matches || isQuoteHeader(line) || footer?.coversLine(lineText(line))) return;
    tally.addRecord(withoutOverlaps(matches));
  });
  const finding = findingFromTally(tally, { where: unit.where, columns: [], inAttachment });
  return finding ? { finding, keys: tally.keys } : null;
}
