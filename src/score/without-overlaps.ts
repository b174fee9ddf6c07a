import type { TextMatch } from '../detect/detector.js';

/**
 * When detectors claim overlapping text, the most specific wins: one value has one entity
 * (DESIGN.md §1). "contrat n° 0835154188" is a customer number, not also a phone.
 */
const PRIORITY: Partial<Record<string, number>> = {
  'customer-id': 0, 'meter-id': 0, nir: 1, iban: 1, rib: 1, 'payment-card': 1, siret: 1, 'vat-fr': 1, siren: 2, 'birth-date': 2, email: 3, phone: 4, 'postal-address': 5,
};
/** Entities without a priority come last. */
const LAST_RANK = 6;
const rank = (m: TextMatch) => PRIORITY[m.entity] ?? LAST_RANK;
const endOf = (m: TextMatch) => m.index + m.value.length;

/**
 * The matches of one record with overlaps resolved, in text order: by rank (most specific first),
 * then left to right, a match is kept when it overlaps none kept before it.
 *
 * A sweep rather than a comparison with every kept match, so that one long line holding a million
 * values costs n log n, not n²: ranks are few, so each rank's matches (in text order) are swept
 * against the kept ones, which are disjoint and so ordered by start and by end alike. Detectors
 * never return an empty value; one would overlap nothing and is left out.
 */
export function withoutOverlaps(matches: readonly TextMatch[]): TextMatch[] {
  // Most lines hold one value or none: nothing to compare.
  if (matches.length === 1 && matches[0].value.length > 0) return [matches[0]];
  const byRank: TextMatch[][] = [];
  for (const m of matches) if (m.value.length > 0) (byRank[rank(m)] ??= []).push(m);
  let kept: TextMatch[] = [];
  for (const group of byRank) {
    if (!group) continue;
    // Stable: matches at the same offset keep the detectors' order, as before.
    group.sort((a, b) => a.index - b.index);
    kept = merge(kept, sweep(group, kept));
  }
  return kept;
}

/** The matches of one rank (in text order) that overlap neither a kept match nor one taken before them. */
function sweep(group: readonly TextMatch[], kept: readonly TextMatch[]): TextMatch[] {
  const taken: TextMatch[] = [];
  let k = 0;
  let takenEnd = -Infinity;
  for (const m of group) {
    const end = endOf(m);
    // Kept matches ending at or before this start cannot overlap it, nor any later match.
    while (k < kept.length && endOf(kept[k]) <= m.index) k++;
    if (m.index >= takenEnd && !(k < kept.length && kept[k].index < end)) {
      taken.push(m);
      takenEnd = end;
    }
  }
  return taken;
}

/** Two lists in text order merged into one. */
function merge(a: readonly TextMatch[], b: readonly TextMatch[]): TextMatch[] {
  if (b.length === 0) return a as TextMatch[];
  const out: TextMatch[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i].index <= b[j].index)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}
