import type { PersonKeySet } from './person-key-set.js';
import { defaultDetection } from '../detect/detection-settings.js';
import type { DetectionSettings } from '../detect/detection-settings.js';
import { findInWindows, MARGIN, WINDOW, windowsOf } from '../detect/find-in-windows.js';
import type { SeenMatches } from '../detect/seen-matches.js';
import type { Finding } from '../model/findings.js';
import type { TextUnit } from '../model/units.js';
import { findingFromTally } from './finding-from-tally.js';
import { PeopleTally } from './people-tally.js';
import { entityFieldBit, isPersonMask } from './person-fields.js';
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
 * packed-matches.ts); role addresses and allowlisted values left out. `seen` records every value
 * found, those left out too, for matching with the customers' fingerprints.
 */
function matchesOf(text: string, starts: number[], detection: DetectionSettings, seen?: SeenMatches): PackedMatches {
  const packed = new PackedMatches();
  const allowlist = detection.allowlist?.hasValues ? detection.allowlist : null;
  const windows = windowsOf(text);
  seen?.start(text);
  for (const detector of detection.detectors) {
    let line = 0;
    const values = seen?.ran(detector);
    findInWindows(detector, text, (match) => {
      values?.push(match.value);
      if (match.entity === 'email' ? detection.ignoresEmail(match.value) : allowlist?.hasValue(match.value)) return;
      line = lineOf(starts, match.index, line);
      packed.push(match.index, match.index + match.value.length, line, entityCode(match.entity));
    }, WINDOW, MARGIN, windows);
  }
  return packed;
}

/** Blocks of 2 to 5 lines between blank lines: the shape of an address list or a label sheet's text. */
const BLOCK_LINES = { min: 2, max: 5 };
/** Blocks that make a text a list of people: at least this many, and at least half its blocks with values. */
const MIN_PERSON_BLOCKS = 3;

/**
 * The blocks of a text that are people written over several lines ("Jeanne MOREL" / "12 rue des
 * Lilas" / "83000 Toulon" / "jeanne.morel@example.org"), as [first line, end line): a mail-merge of
 * addresses, a list pasted from a label document. A block is one when its lines together hold two
 * person fields, one an anchor, and no line of it is a person alone (lines that are, are a table
 * pasted as text, counted line by line). A text is read this way only when such blocks are most
 * of its blocks with values and there are at least MIN_PERSON_BLOCKS of them: a letter's
 * signature is no list.
 */
export function addressBlocks(text: string, starts: number[], masks: Int32Array): [number, number][] {
  // Most texts hold a few values or none: no list of blocks is possible, and the text is not walked.
  let partial = 0;
  for (let line = 0; line < masks.length && partial < MIN_PERSON_BLOCKS; line++) if (masks[line] !== 0 && !isPersonMask(masks[line])) partial++;
  if (partial < MIN_PERSON_BLOCKS) return [];
  const isBlank = (line: number) => {
    const end = line + 1 < starts.length ? starts[line + 1] : text.length;
    for (let i = starts[line]; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 62 && c !== 160) return false;
    }
    return true;
  };
  const people: [number, number][] = [];
  let withValues = 0;
  for (let line = 0; line < starts.length; ) {
    if (isBlank(line)) {
      line++;
      continue;
    }
    const first = line;
    let merged = 0;
    let linePerson = false;
    for (; line < starts.length && !isBlank(line); line++) {
      merged |= masks[line];
      if (isPersonMask(masks[line])) linePerson = true;
    }
    if (merged === 0) continue;
    withValues++;
    const size = line - first;
    if (size >= BLOCK_LINES.min && size <= BLOCK_LINES.max && !linePerson && isPersonMask(merged)) people.push([first, line]);
  }
  return people.length >= MIN_PERSON_BLOCKS && people.length * 2 >= withValues ? people : [];
}

/**
 * Scores free text: every detector runs over the whole text once, matches are grouped by line,
 * and a line holding two person fields (one an anchor) is a person, as a table row would be; in a
 * list of address blocks, a block is (see addressBlocks).
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
  seen?: SeenMatches,
): { finding: Finding; keys: PersonKeySet } | null {
  const { text } = unit;
  const starts = lineStarts(text);
  const matches = matchesOf(text, starts, detection, seen);
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
  // Each line's kept matches, and the person fields they give.
  const kept: (number[] | undefined)[] = [];
  const masks = new Int32Array(starts.length);
  for (let line = 0; line < starts.length; line++) {
    const from = firstOfLine[line];
    const to = firstOfLine[line + 1];
    if (from === to || isQuoteHeader(line) || footer?.coversLine(lineText(line))) continue;
    const positions = keptPositions(matches, order, from, to);
    kept[line] = positions;
    for (const p of positions) masks[line] |= entityFieldBit(ENTITIES[matches.entities[p]]);
  }
  const add = (line: number) => {
    for (const p of kept[line] ?? []) tally.addSpan(slot(matches.entities[p]), text, matches.starts[p], matches.ends[p]);
  };
  const blocks = addressBlocks(text, starts, masks);
  for (let line = 0, b = 0; line < starts.length; line++) {
    if (b < blocks.length && blocks[b][0] === line) {
      // A block of a list of people: one record, whatever line each field is on.
      const [first, end] = blocks[b++];
      for (let l = first; l < end; l++) add(l);
      tally.endRecord();
      line = end - 1;
      continue;
    }
    if (kept[line] === undefined) continue;
    add(line);
    tally.endRecord();
  }
  const finding = findingFromTally(tally, { where: unit.where, columns: [], inAttachment });
  return finding ? { finding, keys: tally.keys } : null;
}
