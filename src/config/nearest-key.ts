/** Letters and digits only, lower case: "min_people", "MinPeople" and "min-people" are one spelling. */
const squash = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Edit distance (insertions, deletions, substitutions), on two short keys. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The known key a mistyped one most likely meant ("minPeopel" → "minPeople", "min_people" →
 * "minPeople"), or null when none is close: at most a third of the key's letters wrong, 1 at least.
 */
export function nearestKey(key: string, known: readonly string[]): string | null {
  const typed = squash(key);
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(typed, squash(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(typed.length / 3)) ? best : null;
}
