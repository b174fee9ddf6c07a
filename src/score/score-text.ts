import type { PersonKeySet } from './person-key-set.js';
import { defaultDetection } from '../detect/detection-settings.js';
import type { DetectionSettings } from '../detect/detection-settings.js';
import { findInWindows } from '../detect/find-in-windows.js';
import type { Finding } from '../model/findings.js';
import type { TextUnit } from '../model/units.js';
import { findingFromTally } from './finding-from-tally.js';
import { PeopleTally } from './people-tally.js';
import { keptPositions } from './without-overlaps.js';
import { entityCode, PackedMatches } from './packed-matches.js';
import { ENTITIES } from '../model/entities.js';

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

/**
 * The line of `index`, searched from `from` (the line of the match before): a detector's matches
 * come in text order, so the walk forward is a step or two and the whole text costs one pass, not
 * a binary search per match (which grows as n log n on text of many lines). A match before `from`
 * (a detector that reports out of order) is found by binary search.
 */
function lineOf(starts: number[], index: number, from: number): number {
  let lo = 0;
  if (starts[from] <= index) {
    let line = from;
    for (let steps = 0; steps < 8; steps++) {
      if (line + 1 >= starts.length || starts[line + 1] > index) return line;
      line++;
    }
    lo = line;
  }
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Matches of the enabled detectors, with the line each starts on, as numbers (see
 * packed-matches.ts); role addresses and allowlisted values left out.
 */
function matchesOf(text: string, starts: number[], detection: DetectionSettings): PackedMatches {
  const packed = new PackedMatches();
  const allowlist = detection.allowlist?.hasValues ? detection.allowlist : null;
  for (const detector of detection.detectors) {
    let line = 0;
    findInWindows(detector, text, (match) => {
      if (match.entity === 'email' ? detection.ignoresEmail(match.value) : allowlist?.hasValue(match.value)) return;
      line = lineOf(starts, match.index, line);
      packed.push(match.index, match.index + match.value.length, line, entityCode(match.entity));
    });
  }
  return packed;
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
  const matches = matchesOf(text, starts, detection);
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
  // The tally's slot per entity code, made when the entity is first met (the report lists entities in that order).
  const slotOf = new Int16Array(ENTITIES.length).fill(-1);
  const slot = (code: number) => (slotOf[code] >= 0 ? slotOf[code] : (slotOf[code] = tally.slot(ENTITIES[code])));
  const { order, firstOfLine } = matches.byLine(starts.length);
  for (let line = 0; line < starts.length; line++) {
    const from = firstOfLine[line];
    const to = firstOfLine[line + 1];
    if (from === to || isQuoteHeader(line) || footer?.coversLine(lineText(line))) continue;
    for (const p of keptPositions(matches, order, from, to)) tally.addSpan(slot(matches.entities[p]), text, matches.starts[p], matches.ends[p]);
    tally.endRecord();
  }
  const finding = findingFromTally(tally, { where: unit.where, columns: [], inAttachment });
  return finding ? { finding, keys: tally.keys } : null;
}
