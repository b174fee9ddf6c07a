import type { HostileCase } from '../hostile-case.js';
import { streamToFile } from '../hostile-case.js';
import { makePeople } from '../../../fixtures/generator/people.js';

/** One line of `bytes` made of `item(i)` separated by spaces: no line break anywhere. */
function* longLine(bytes: number, item: (i: number) => string): Generator<string> {
  let written = 0;
  let chunk = '';
  for (let i = 0; written < bytes; i++) {
    chunk += `${item(i)} `;
    if (chunk.length >= 65_536) {
      written += chunk.length;
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

const PEOPLE = makePeople(11, 2000);
const phone = (i: number) => `06 ${String(10 + (i % 90))} ${String(10 + ((i * 7) % 90))} ${String(10 + ((i * 13) % 90))} ${String(10 + ((i * 31) % 90))}`;
const name = (i: number) => `${PEOPLE[i % PEOPLE.length].firstName} ${PEOPLE[i % PEOPLE.length].lastName.toUpperCase()}`;
const email = (i: number) => `${PEOPLE[i % PEOPLE.length].email.replace('@', `${i}@`)}`;

const MB = 1024 * 1024;
/**
 * One long line of one kind of value, with no second field to make a person of: it passes, as the
 * same line of 32 KB does today; only the time to get there is at stake (linear, not quadratic).
 */
const lineCase = (what: string, item: (i: number) => string, mb: number): HostileCase => ({
  name: `text: one ${mb} MB line of ${what}`,
  build: (d) => streamToFile(`${d}/${what}-${mb}.txt`, longLine(mb * MB, item)),
  expected: { exit: 0, verdict: 'pass', issues: [] },
});

/** An HTML page of spaces and &nbsp; between two words: whitespace regexes must stay linear. */
function* spacesHtml(mb: number): Generator<string> {
  yield '<html><body><p>Bonjour';
  for (let i = 0; i < mb * 16; i++) yield ' &nbsp;'.repeat(65_536 / 7) + ' '.repeat(1000);
  yield 'fin</p></body></html>\n';
}

export const TEXT_CASES: HostileCase[] = [
  lineCase('phones', phone, 4),
  lineCase('phones', phone, 16),
  lineCase('names', name, 4),
  lineCase('names', name, 16),
  lineCase('emails', email, 4),
  lineCase('emails', email, 16),
  { name: 'html: 16 MB of spaces and &nbsp;', build: (d) => streamToFile(`${d}/spaces.html`, spacesHtml(16)), expected: { exit: 0, verdict: 'pass', issues: [] } },
];
