import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stripAccents } from '../../src/detect/fold.js';
import { PackedStringSet } from '../../src/detect/packed-string-set.js';
import { isKnownName } from '../../src/detect/detectors/person-name.js';
import { packageFile, readRuleText } from '../../src/detect/rules.js';

describe('PackedStringSet', () => {
  const set = new PackedStringSet('abc\nab\n\nabcd\nab\nxyz\nskip\nlast', (line) => line !== 'skip');

  it('holds each kept line once, and nothing else', () => {
    expect(set.size).toBe(5);
    expect(['abc', 'ab', 'abcd', 'xyz', 'last'].map((k) => set.has(k))).toEqual([true, true, true, true, true]);
    expect(['a', 'abcde', 'bc', '', 'skip', 'las', 'lastx', 'ab\nxyz'].map((k) => set.has(k))).toEqual([false, false, false, false, false, false, false, false]);
  });

  it('agrees with a Set built line by line on the whole humannames list', () => {
    const stop = new Set(readRuleText('name-stopwords.txt').split('\n').filter((l) => l && !l.startsWith('#')));
    const raw = readFileSync(packageFile('humannames/list.txt'), 'utf8');
    const reference = new Set<string>();
    for (const line of raw.split(/\r?\n/)) {
      const key = stripAccents(line.trim());
      if (key.length >= 2 && !stop.has(key)) reference.add(key);
    }
    const words = [...reference];
    expect(words.filter((w) => !isKnownName(w))).toEqual([]);
    // Near misses of every 50th name, and the stop words, are not in it.
    const near = words.filter((_, i) => i % 50 === 0).flatMap((w) => [`${w}q`, w.slice(1)]).filter((w) => !reference.has(w));
    expect(near.filter((w) => isKnownName(w))).toEqual([]);
    expect([...stop].filter((w) => isKnownName(w))).toEqual([]);
  });
});
