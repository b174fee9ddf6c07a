import type { TextMatch } from '../detect/detector.js';
import { ENTITIES } from '../model/entities.js';
import { entityCode, PackedMatches } from './packed-matches.js';

/**
 * When detectors claim overlapping text, the most specific wins: one value has one entity
 * (DESIGN.md §1). "contrat n° 0835154188" is a customer number, not also a phone.
 */
const PRIORITY: Partial<Record<string, number>> = {
  'customer-id': 0, 'meter-id': 0, nir: 1, iban: 1, rib: 1, 'payment-card': 1, siret: 1, 'vat-fr': 1, siren: 2, 'birth-date': 2, email: 3, phone: 4, 'postal-address': 5,
};
/** Entities without a priority come last. */
const LAST_RANK = 6;
/** Rank by entity code (see packed-matches.ts). */
const RANK = Uint8Array.from(ENTITIES, (e) => PRIORITY[e] ?? LAST_RANK);

/**
 * The matches of one record (`order[from]` to `order[to - 1]`, positions in `matches`) with
 * overlaps resolved, as positions in text order: by rank (most specific first), then left to
 * right, a match is kept when it overlaps none kept before it.
 *
 * A sweep rather than a comparison with every kept match, so that one long line holding a million
 * values costs n log n, not n²: ranks are few, so each rank's matches (in text order) are swept
 * against the kept ones, which are disjoint and so ordered by start and by end alike. Detectors
 * never return an empty value; one would overlap nothing and is left out.
 */
export function keptPositions(matches: PackedMatches, order: ArrayLike<number>, from: number, to: number): number[] {
  const { starts, ends, entities } = matches;
  // Most lines hold one value or none: nothing to compare.
  if (to - from === 1) return ends[order[from]] > starts[order[from]] ? [order[from]] : [];
  const byRank: number[][] = [];
  for (let i = from; i < to; i++) {
    const p = order[i];
    if (ends[p] > starts[p]) (byRank[RANK[entities[p]]] ??= []).push(p);
  }
  let kept: number[] = [];
  for (const group of byRank) {
    if (!group) continue;
    // Stable: matches at the same offset keep the detectors' order.
    group.sort((a, b) => starts[a] - starts[b]);
    kept = merge(kept, sweep(group, kept, starts, ends), starts);
  }
  return kept;
}

/** The same for matches as objects: the record's matches without overlaps, in text order. */
export function withoutOverlaps(matches: readonly TextMatch[]): TextMatch[] {
  const packed = new PackedMatches();
  for (const m of matches) packed.push(m.index, m.index + m.value.length, 0, entityCode(m.entity));
  const order = Int32Array.from(matches, (_, i) => i);
  return keptPositions(packed, order, 0, matches.length).map((p) => matches[p]);
}

/** The positions of one rank (in text order) that overlap neither a kept match nor one taken before them. */
function sweep(group: readonly number[], kept: readonly number[], starts: Int32Array, ends: Int32Array): number[] {
  const taken: number[] = [];
  let k = 0;
  let takenEnd = -Infinity;
  for (const p of group) {
    const start = starts[p];
    const end = ends[p];
    // Kept matches ending at or before this start cannot overlap it, nor any later match.
    while (k < kept.length && ends[kept[k]] <= start) k++;
    if (start >= takenEnd && !(k < kept.length && starts[kept[k]] < end)) {
      taken.push(p);
      takenEnd = end;
    }
  }
  return taken;
}

/** Two lists of positions in text order merged into one. */
function merge(a: number[], b: number[], starts: Int32Array): number[] {
  if (b.length === 0) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && starts[a[i]] <= starts[b[j]])) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}
