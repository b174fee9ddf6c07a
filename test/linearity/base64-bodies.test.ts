import { describe, expect, it } from 'vitest';
import { cpuGrowth, MAX_GROWTH, repeated } from '../helpers/cpu-growth.js';
import { splitBase64Bodies } from '../../src/message/base64-bodies.js';
import { PartCache } from '../../src/score/part-cache.js';

/** Crafted messages for the base64 body finder: every blank line a candidate, no delimiter ahead. */
const CASES: [string, string][] = [
  // Each tiny part says base64 and starts with base64 characters: each is looked at, none taken.
  ['many tiny base64 parts with no delimiter line', 'Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nQUJD\n'],
  // A blank line every 3 bytes, each followed by a base64 character: each has a (short) header block.
  ['a blank line every three bytes', '\n\nQ'],
  // Long header-like text between blank lines: the blocks are read once each.
  ['long header blocks between blank lines', `Content-Transfer-Encoding: base64\nX-Filler: ${'x'.repeat(3000)}\n\nQUJD=\n`],
];

describe('the base64 body finder grows linearly with the message', () => {
  for (const [name, period] of CASES) {
    it(name, async () => {
      let found: number[] = [];
      const growth = await cpuGrowth(
        (bytes) => Buffer.from(`From: a@example.org\nSubject: x\n\n${repeated(period, bytes)}`, 'latin1'),
        (message) => {
          // With the part cache, as scan and the relay run it: the delimiter search and the shapes it remembers are measured too.
          found = [splitBase64Bodies(message, new PartCache())?.bodies.length ?? 0];
        },
      );
      expect(found).toEqual([0]);
      expect(growth.ratios[0], growth.summary).toBeLessThanOrEqual(MAX_GROWTH);
      expect(growth.ratios[1], growth.summary).toBeLessThanOrEqual(MAX_GROWTH);
    }, 600_000);
  }
});
