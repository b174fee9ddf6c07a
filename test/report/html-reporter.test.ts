import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { renderReport } from '../helpers/report.js';
import { sampleReport } from '../helpers/sample-report.js';

const dom = (html: string) => parseDocument(html);
const all = (doc: ReturnType<typeof dom>, test: (e: Element) => boolean) => DomUtils.findAll(test, doc.children);
const text = (e: Element) => DomUtils.textContent(e).replace(/\s+/g, ' ').trim();

describe('--format html', () => {
  it('the counts as a chart, one card per blocked, unreadable or warned message, passing ones folded away', () => {
    const report = sampleReport();
    report.messages[0].headers = { subject: 'Restrictions <b>d’eau</b>', from: 'ser***@***.org', to: ['abo***@***.fr'], recipients: 15930, date: '2022-08-08T08:14:00.000Z' };
    const doc = dom(renderReport('html', report, { lang: 'en', color: false }));
    const bars = all(doc, (e) => e.name === 'g' && e.attribs['data-verdict'] !== undefined).map((g) => [g.attribs['data-verdict'], g.attribs['data-count']]);
    expect(bars).toEqual([['block', '1'], ['unscannable', '1'], ['warn', '1'], ['pass', '2']]);
    const cards = all(doc, (e) => e.name === 'article');
    expect(cards.map((c) => c.attribs['data-verdict'])).toEqual(['block', 'warn', 'unscannable']);
    // The blocked card: how to find the mail (a subject's markup shown as text, not markup), its finding, the advice.
    expect(text(cards[0])).toContain('Subject: Restrictions <b>d’eau</b> — From: ser***@***.org — To: abo***@***.fr and 15,929 more');
    const finding = all(doc, (e) => e.name === 'tr' && e.attribs.class === 'finding')[0];
    expect(DomUtils.getChildren(finding).filter((c): c is Element => (c as Element).name === 'td').map(text)).toEqual([
      'clients.zip!clients.csv',
      'customer file — 15,930 people',
      '15,930 rows',
      'Nom (last-name), Email (email)',
      '15,930 surnames, 14,688 e-mails',
      'DU***, jea***@***.fr',
    ]);
    expect(text(all(doc, (e) => e.attribs.class === 'advice' && cards[2].children.includes(e))[0])).toMatch(/^What to do: pii-scan cannot check a password-protected file/);
    const folded = all(doc, (e) => e.name === 'details')[0];
    expect(all(doc, (e) => e.name === 'li' && DomUtils.getParent(e)?.parent === folded).map(text)).toEqual(['outbox/reponses.mbox, message 3', 'outbox/vide.eml']);
    expect(text(all(doc, (e) => e.attribs.class === 'conclusion')[0])).toBe('Do not send: 1 message. Check before anything goes: 1 message unreadable.');
  });

  it('is self-contained: no script, no stylesheet or image fetched, no address to reach', () => {
    const html = renderReport('html', sampleReport(), { lang: 'fr', color: false });
    const doc = dom(html);
    expect(all(doc, (e) => ['script', 'link', 'img', 'iframe', 'object'].includes(e.name))).toEqual([]);
    expect(html.replace('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:|url\(/);
    expect(doc.children.some((n) => (n as Element).name === 'html' && (n as Element).attribs.lang === 'fr')).toBe(true);
  });

  it('from the CLI: the founding case, masked without --show-data, exit 1 as in every format', async () => {
    const r = await run(['--format', 'html', 'fixtures/outbox/'], { env: {} });
    expect(r.exitCode).toBe(1);
    const doc = dom(r.stdout);
    expect(all(doc, (e) => e.name === 'article').map((c) => c.attribs['data-verdict'])).toEqual(['block']);
    expect(r.stdout).toContain('<td class="samples">JU***');
    expect(r.stdout).not.toContain('JULIEN');
    const shown = await run(['--format', 'html', '--show-data', 'fixtures/outbox/secheresse-abonnes.eml'], { env: {} });
    expect(shown.stdout).toContain('<td class="samples">JULIEN, Isabeau');
  });
});
