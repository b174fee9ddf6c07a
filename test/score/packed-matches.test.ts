import { describe, expect, it } from 'vitest';
import { entityCode, PackedMatches } from '../../src/score/packed-matches.js';

describe('PackedMatches', () => {
  it('orders positions by line, keeping the order they were pushed in within a line, past its first capacity', () => {
    const packed = new PackedMatches();
    // 600 matches (the arrays start at 256): lines 2, 0, 1, 2, 0, 1, ... pushed in that order.
    for (let i = 0; i < 600; i++) packed.push(i * 10, i * 10 + 5, [2, 0, 1][i % 3], entityCode(i % 2 ? 'phone' : 'email'));
    const { order, firstOfLine } = packed.byLine(4);
    expect([...firstOfLine]).toEqual([0, 200, 400, 600, 600]);
    expect([...order.subarray(0, 3)]).toEqual([1, 4, 7]);
    expect([...order.subarray(200, 203)]).toEqual([2, 5, 8]);
    expect([...order.subarray(400, 403)]).toEqual([0, 3, 6]);
    expect(packed.starts[599]).toBe(5990);
    expect(packed.ends[599]).toBe(5995);
    expect(packed.entities[599]).toBe(entityCode('phone'));
  });
});
