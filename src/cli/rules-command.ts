import { DETECTORS } from '../detect/detectors/index.js';
import { matchesIn } from '../detect/detector.js';
import type { Detector } from '../detect/detector.js';
import { EXIT } from '../model/exit-codes.js';

/** One example that did not behave as its detector says. */
interface Failure {
  detector: string;
  what: string;
}

export function checkDetector(d: Detector): { checked: number; failures: Failure[] } {
  const failures: Failure[] = [];
  let checked = 0;
  for (const value of d.examples.match) {
    checked++;
    if (!d.matchCell(value)) failures.push({ detector: d.id, what: `cell ${JSON.stringify(value)} should match` });
  }
  for (const value of d.examples.noMatch) {
    checked++;
    if (d.matchCell(value)) failures.push({ detector: d.id, what: `cell ${JSON.stringify(value)} should not match` });
  }
  for (const { text, values } of d.textExamples) {
    checked++;
    const found = matchesIn(d, text).map((m) => m.value);
    if (JSON.stringify(found) !== JSON.stringify(values)) {
      failures.push({ detector: d.id, what: `text ${JSON.stringify(text)} gave ${JSON.stringify(found)}, expected ${JSON.stringify(values)}` });
    }
  }
  return { checked, failures };
}

/**
 * `pii-scan rules test`: runs every detector's own examples (cells that must and must not match,
 * texts and the values they hold) against the rules in use, so that an edited rules/ file is
 * checked before it reaches a relay. Exit 0 when all hold, 1 otherwise.
 */
export function rulesTestCommand(): { exitCode: number; stdout: string } {
  const lines: string[] = [];
  let total = 0;
  const failures: Failure[] = [];
  for (const d of DETECTORS) {
    const result = checkDetector(d);
    total += result.checked;
    failures.push(...result.failures);
    const validator = d.validator ? ` (${d.validator})` : '';
    lines.push(`${result.failures.length === 0 ? 'ok  ' : 'FAIL'} ${d.id.padEnd(18)} ${d.entity.padEnd(15)} ${String(result.checked).padStart(3)} examples${validator}`);
  }
  for (const f of failures) lines.push(`  ${f.detector}: ${f.what}`);
  lines.push(`${DETECTORS.length} detectors, ${total} examples, ${failures.length} failed`);
  return { exitCode: failures.length === 0 ? EXIT.ok : EXIT.block, stdout: lines.join('\n') + '\n' };
}
