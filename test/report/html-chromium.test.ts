import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { countColour, readPng } from '../helpers/png.js';

/**
 * The HTML report as a person sees it: rendered by a real headless Chromium (Debian's package,
 * installed by .ci/run), its DOM read back and its screenshot looked at pixel by pixel. The
 * screenshot is kept in test-output/html-report.png for a person to look at too.
 */
const CHROMIUM = '/usr/bin/chromium';
const whyNot = existsSync(CHROMIUM) ? undefined : 'Chromium is not installed: apt-get install chromium';
if (whyNot) console.warn(`pii-scan tests: the HTML report's rendering in Chromium did not run (${whyNot}; CI installs it)`);

const SCREENSHOT = resolve('test-output/html-report.png');
const BLOCK_RED: [number, number, number] = [0xc6, 0x28, 0x28];
const UNREADABLE_PURPLE: [number, number, number] = [0x8e, 0x24, 0xaa];
const exec = promisify(execFile);

describe.skipIf(whyNot !== undefined)('--format html in headless Chromium', () => {
  let page: string;
  let profile: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pii-scan-html-'));
    const outbox = join(dir, 'outbox');
    mkdirSync(outbox);
    for (const f of ['fixtures/outbox/secheresse-abonnes.eml', 'fixtures/outbox/grille-tarifaire.eml', 'fixtures/bad/truncated-xlsx.eml']) copyFileSync(f, join(outbox, f.split('/').pop() as string));
    page = join(dir, 'report.html');
    profile = join(dir, 'profile');
    const r = await run(['--format', 'html', '--lang', 'fr', '--output', page, outbox], { env: {} });
    expect(r.exitCode).toBe(1);
  });

  const chromium = (args: string[]) =>
    exec(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--user-data-dir=${profile}`, '--window-size=1000,1400', ...args, `file://${page}`], { timeout: 90_000, maxBuffer: 16 * 1024 * 1024 });

  it('the rendered DOM: the counts, one card per message to act on, no raw value', async () => {
    const { stdout } = await chromium(['--dump-dom']);
    const doc = parseDocument(stdout);
    const find = (test: (e: Element) => boolean) => DomUtils.findAll(test, doc.children);
    expect(find((e) => e.name === 'g' && e.attribs['data-count'] !== undefined).map((g) => [g.attribs['data-verdict'], g.attribs['data-count']])).toEqual([['block', '1'], ['unscannable', '1'], ['warn', '0'], ['pass', '1']]);
    expect(find((e) => e.name === 'article').map((a) => a.attribs['data-verdict'])).toEqual(['block', 'unscannable']);
    expect(DomUtils.textContent(find((e) => e.attribs.class === 'conclusion')[0])).toBe('À ne pas envoyer : 1 message. À vérifier avant tout envoi : 1 message illisible.');
    // The founding case's values (its first row) appear masked only.
    expect(stdout).toContain('JU***');
    expect(stdout).not.toMatch(/JULIEN|Isabeau|47 boulevard La Boétie/);
  });

  it('the screenshot: the blocked card and bar in red, the unreadable one in purple', async () => {
    mkdirSync(resolve('test-output'), { recursive: true });
    await chromium([`--screenshot=${SCREENSHOT}`]);
    const png = readPng(readFileSync(SCREENSHOT));
    expect([png.width, png.height]).toEqual([1000, 1400]);
    // Each card's 8-pixel border down its height, and the bar: hundreds of pixels of each colour.
    expect(countColour(png, BLOCK_RED)).toBeGreaterThan(1000);
    expect(countColour(png, UNREADABLE_PURPLE)).toBeGreaterThan(1000);
  });
});
