import { describe, expect, it } from 'vitest';
import { checkDetector } from '../../src/cli/rules-command.js';
import { run } from '../../src/cli/run.js';
import { DETECTORS } from '../../src/detect/detectors/index.js';
import type { Detector } from '../../src/detect/detector.js';

const io = { stdin: process.stdin, stdoutIsTTY: false, env: {} };

describe('pii-scan rules test', () => {
  it('runs every example of every detector and exits 0 when all hold', async () => {
    const result = await run(['rules', 'test'], io);
    const total = DETECTORS.reduce((n, d) => n + d.examples.match.length + d.examples.noMatch.length + d.textExamples.length, 0);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.trimEnd().split('\n').pop()).toBe(`${DETECTORS.length} detectors, ${total} examples, 0 failed`);
    expect(result.stdout).toContain('ok   nir                nir              16 examples (nirKey)');
  });

  it('names the detector and the example that fails', () => {
    const broken: Detector = {
      id: 'broken',
      entity: 'phone',
      matchCell: (cell) => cell.startsWith('0'),
      find: () => [],
      examples: { match: ['0465711234', '+33465711234'], noMatch: ['0000'] },
      textExamples: [{ text: 'Tél. 04 65 71 12 34', values: ['04 65 71 12 34'] }],
    };
    expect(checkDetector(broken)).toEqual({
      checked: 4,
      failures: [
        { detector: 'broken', what: 'cell "+33465711234" should match' },
        { detector: 'broken', what: 'cell "0000" should not match' },
        { detector: 'broken', what: 'text "Tél. 04 65 71 12 34" gave [], expected ["04 65 71 12 34"]' },
      ],
    });
  });

  it('without a subcommand is a usage error (exit 3)', async () => {
    expect((await run(['rules'], io)).exitCode).toBe(3);
  });
});
