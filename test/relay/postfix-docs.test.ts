import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_MILTER_PORT, DOC_PIPE, DOC_PORTS, filterCommandLine, filterMainCf, filterMasterCf, milterCommandLine, milterMainCf, pipeMasterCf, twoFiltersMainCf } from '../helpers/postfix-config.js';

/** A block of lines as docs/postfix.md shows it: a fenced code block, indented in a list item. */
const fenced = (lines: string, indent = '') => [`${indent}\`\`\``, ...lines.split('\n').map((l) => `${indent}${l}`), `${indent}\`\`\``].join('\n');

describe('docs/postfix.md shows the lines the integration test runs', () => {
  const doc = readFileSync('docs/postfix.md', 'utf8');
  it.each([
    ['main.cf', fenced(filterMainCf(DOC_PORTS), '   ')],
    ['master.cf', fenced(filterMasterCf(DOC_PORTS), '   ')],
    ['the filter command', fenced(filterCommandLine(DOC_PORTS), '   ')],
    ['the pipe(8) variant', fenced(pipeMasterCf(DOC_PIPE))],
    ['the milter main.cf', fenced(milterMainCf(DOC_MILTER_PORT), '   ')],
    ['the milter command', fenced(milterCommandLine(DOC_MILTER_PORT), '   ')],
    ['two filter instances', fenced(twoFiltersMainCf([DOC_PORTS.filter, DOC_PORTS.filter + 2]), '  ')],
  ])('%s', (_name, block) => {
    expect(doc).toContain(block);
  });
});
