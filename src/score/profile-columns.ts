import { charCode } from '../detect/char-code.js';
import { defaultDetection } from '../detect/detection-settings.js';
import type { DetectionSettings } from '../detect/detection-settings.js';
import { VALUE_ONLY_ENTITIES } from '../detect/detectors/index.js';
import { looksLikeSurname } from '../detect/detectors/person-name.js';
import type { Entity } from '../model/entities.js';

/** Cells looked at to decide a column's entity: enough for a stable share, cheap on 1M-row sheets. */
const PROFILE_SAMPLE = 2000;
/** Share of filled cells that must fit the header's entity for the header to be believed. */
const HEADER_SHARE = 0.5;
/** Share of filled cells that must match for a column with no known header to take an entity. */
const VALUE_SHARE = 0.6;

export interface ColumnProfile {
  index: number;
  header: string | null;
  entity: Entity;
  /** Share of the sampled filled cells that match the entity. */
  share: number;
  /** True when the header named the entity; cells are then checked by shape, not by dictionary. */
  fromHeader: boolean;
}

/**
 * The test a cell must pass. `columnKnown`: the column is already known to hold this entity (its
 * header said so, or profiling decided it). A known name column takes any name-shaped value, rare
 * given names ("Camillien") included; to decide a column from its values alone, the given-name
 * list must know them.
 */
export function cellTest(entity: Entity, columnKnown: boolean, detection: DetectionSettings = defaultDetection()): (cell: string) => boolean {
  // A detector turned off matches nothing: its columns are not profiled, its cells not counted.
  const detector = detection.detectorFor(entity);
  if (!detector) return () => false;
  return (columnKnown ? detector.matchKnownCell : undefined) ?? detector.matchCell;
}

const mayTrim = (c: number) => c <= 32 || c === 160 || c >= 0x1680;

/**
 * A cell as trim() leaves it, without the copy when there is nothing to trim (most cells). Any
 * code point from U+1680 up may be one of trim()'s spaces: those cells take trim() itself, so that
 * the sample and the count read the same cell.
 */
export function trimmed(cell: string | undefined): string | undefined {
  if (!cell) return cell;
  const first = charCode(cell, 0);
  const last = charCode(cell, cell.length - 1);
  return mayTrim(first) || mayTrim(last) ? cell.trim() : cell;
}

function sampleColumn(rows: string[][], col: number): string[] {
  const step = Math.max(1, Math.floor(rows.length / PROFILE_SAMPLE));
  const out: string[] = [];
  for (let r = 0; r < rows.length; r += step) {
    const cell = trimmed(rows[r][col]);
    if (cell) out.push(cell);
  }
  return out;
}

const shareOf = (cells: string[], test: (c: string) => boolean) => (cells.length ? cells.filter(test).length / cells.length : 0);

/** The most cells any of the first `count` rows has (0 for none). */
export function widestRow(rows: readonly (readonly string[])[], count: number): number {
  let widest = 0;
  for (let r = 0; r < rows.length && r < count; r++) if (rows[r].length > widest) widest = rows[r].length;
  return widest;
}

/** Decides each column's entity from its header and the share of its values that match. */
export function profileColumns(header: string[] | null, rows: string[][], detection: DetectionSettings = defaultDetection()): ColumnProfile[] {
  const width = Math.max(header?.length ?? 0, widestRow(rows, PROFILE_SAMPLE));
  const profiles: ColumnProfile[] = [];
  const samples: string[][] = [];
  for (let col = 0; col < width; col++) {
    const cells = sampleColumn(rows, col);
    samples.push(cells);
    const name = header?.[col]?.trim() || null;
    const announced = name ? detection.headers.entityFor(name) : null;
    if (announced) {
      const share = shareOf(cells, cellTest(announced, true, detection));
      if (share >= HEADER_SHARE) {
        profiles.push({ index: col, header: name, entity: announced, share, fromHeader: true });
        continue;
      }
    }
    const best = bestValueEntity(cells, detection);
    if (best) profiles.push({ index: col, header: name, ...best, fromHeader: false });
  }
  return [...profiles, ...surnamesBesideGivenNames(profiles, samples, header, detection)].sort((a, b) => a.index - b.index);
}

function bestValueEntity(cells: string[], detection: DetectionSettings): { entity: Entity; share: number } | null {
  if (cells.length === 0) return null;
  let best: { entity: Entity; share: number } | null = null;
  for (const entity of VALUE_ONLY_ENTITIES) {
    const share = shareOf(cells, cellTest(entity, false, detection));
    // Five-digit numbers are postal codes only when nearly all are; stock counts and codes abound.
    const needed = entity === 'postal-code' ? 0.95 : VALUE_SHARE;
    if (share >= needed && (!best || share > best.share)) best = { entity, share };
  }
  return best;
}

/** Without headers, a column of surname-shaped words right beside a given-name column is the surname. */
function surnamesBesideGivenNames(profiles: ColumnProfile[], samples: string[][], header: string[] | null, detection: DetectionSettings): ColumnProfile[] {
  if (!detection.detectorFor('last-name')) return [];
  const taken = new Set(profiles.map((p) => p.index));
  const out: ColumnProfile[] = [];
  for (const p of profiles) {
    if (p.entity !== 'first-name') continue;
    for (const col of [p.index - 1, p.index + 1]) {
      if (col < 0 || col >= samples.length || taken.has(col)) continue;
      const share = shareOf(samples[col], looksLikeSurname);
      if (share >= 0.8) {
        out.push({ index: col, header: header?.[col]?.trim() || null, entity: 'last-name', share, fromHeader: false });
        taken.add(col);
      }
    }
  }
  return out;
}
