import { describe, expect, it } from 'vitest';
import { nearestKey } from '../../src/config/nearest-key.js';

const KEYS = ['minPeople', 'warnPeople', 'blockIdentifiers', 'thresholds', 'allowlist', 'values'];

describe('nearestKey', () => {
  it.each([
    ['minPeopel', 'minPeople'], // two letters swapped
    ['minpeople', 'minPeople'], // case
    ['min_people', 'minPeople'], // snake case
    ['min-people', 'minPeople'], // kebab case
    ['treshold', 'thresholds'],
    ['allowList', 'allowlist'],
    ['value', 'values'],
    ['blockIds', null], // too far from blockIdentifiers
    ['foo', null],
    ['x', null],
  ])('%j → %s', (typed, expected) => {
    expect(nearestKey(typed, KEYS)).toBe(expected);
  });
});
