import { describe, expect, it } from 'vitest';
import { matchesIn } from '../../src/detect/detector.js';
import { DETECTORS } from '../../src/detect/detectors/index.js';


// Every detector carries its own examples (DESIGN.md §6); this table runs them all, one case each,
// so that a failure names the detector and the value.
const cellCases = DETECTORS.flatMap((d) => [
  ...d.examples.match.map((value) => ({ id: d.id, value, expected: true })),
  ...d.examples.noMatch.map((value) => ({ id: d.id, value, expected: false })),
]);
const textCases = DETECTORS.flatMap((d) => d.textExamples.map(({ text, values }) => ({ id: d.id, text, values })));
const byId = new Map(DETECTORS.map((d) => [d.id, d]));

describe('detector examples', () => {
  it('every detector has cell examples both ways and a unique id', () => {
    expect(byId.size).toBe(DETECTORS.length);
    const missing = DETECTORS.filter((d) => d.examples.match.length === 0 || d.examples.noMatch.length === 0).map((d) => d.id);
    expect(missing).toEqual([]);
  });

  it.each(cellCases)('$id: matchCell($value) is $expected', ({ id, value, expected }) => {
    expect(byId.get(id)?.matchCell(value)).toBe(expected);
  });

  it('finds full names whose given name is hyphenated', () => {
    expect(matchesIn(byId.get('person-name')!, 'Jean-Pierre MOREL et Marie-Claire Roux').map((m) => m.value)).toEqual(['Jean-Pierre MOREL', 'Marie-Claire Roux']);
  });

  it.each(textCases)('$id: find($text)', ({ id, text, values }) => {
    expect(matchesIn(byId.get(id)!, text).map((m) => m.value)).toEqual(values);
  });

  it.each(textCases.filter((c) => c.values.length > 0))('$id: find($text) reports the offset of each value', ({ id, text, values }) => {
    expect(matchesIn(byId.get(id)!, text).map((m) => text.slice(m.index, m.index + m.value.length))).toEqual(values);
  });
});
