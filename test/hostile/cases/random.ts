import type { HostileCase } from '../hostile-case.js';
import { put, randomBytes } from './common.js';

/** A megabyte of seeded noise under a name that promises a format. */
const noise = (file: string, seed: number, exit: number, verdict: 'pass' | 'unscannable', issues: string[]): HostileCase => ({
  name: `random: 1 MB of noise named ${file}`,
  build: (d) => put(d, file, randomBytes(1024 * 1024, seed)),
  expected: { exit, verdict, issues },
});

export const RANDOM_CASES: HostileCase[] = [
  noise('noise.eml', 101, 2, 'unscannable', ['unsupported@noise.eml']),
  noise('noise.xlsx', 102, 2, 'unscannable', ['unsupported@noise.xlsx']),
  noise('noise.pdf', 103, 2, 'unscannable', ['unsupported@noise.pdf']),
];
