import type { Verdict } from '../model/result.js';
import { adviceLines } from './advice.js';
import { counted, entityList, formatNumber, messages } from './i18n.js';
import type { Lang } from './i18n.js';
import type { MessageReport, Report } from './report.js';
import type { RenderOptions, StreamReporter } from './reporters.js';
import { headerLine } from './text-reporter.js';
import { issueDetailText } from './issue-detail-text.js';

/** Passing messages named in the folded list; past this, counted only (a mailbox passes by the thousand). */
const MAX_PASSED_NAMED = 1000;

/** Text for HTML content or a quoted attribute. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const COLORS: Record<Verdict, string> = { block: '#c62828', unscannable: '#8e24aa', warn: '#ef6c00', pass: '#2e7d32' };

/**
 * `--format html`: one self-contained page a data protection officer opens and prints (no script,
 * no network, no external asset): the verdicts as a bar chart, then one card per blocked,
 * unreadable or warned message (how to find it, each finding's columns and counts, masked
 * samples, what could not be read, and the advice), the passing messages folded away. The counts
 * come first on the page and are known at the end: cards are kept as strings, as JUnit's cases are.
 */
export function htmlReporter(options: RenderOptions): StreamReporter {
  const cards: string[] = [];
  const passed: string[] = [];
  let passedUnnamed = 0;
  const lang = options.lang;
  return {
    begin: () => '',
    message(msg) {
      if (msg.verdict === 'pass') {
        if (passed.length < MAX_PASSED_NAMED) passed.push(`<li>${escapeHtml(nameOf(msg, lang))}</li>`);
        else passedUnnamed++;
      } else cards.push(card(msg, lang, options.showData === true));
      return '';
    },
    end(verdict, summary) {
      const m = messages(lang);
      const title = lang === 'fr' ? 'Rapport pii-scan' : 'pii-scan report';
      const more = passedUnnamed > 0 ? `<li>${escapeHtml(lang === 'fr' ? `et ${formatNumber(passedUnnamed, lang)} autre(s)` : `and ${formatNumber(passedUnnamed, lang)} more`)}</li>` : '';
      return [
        '<!doctype html>',
        `<html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title>`,
        `<style>${STYLE}</style></head>`,
        `<body data-verdict="${verdict}">`,
        `<h1>${title}</h1>`,
        `<p class="conclusion">${escapeHtml(m.conclusion(summary))}</p>`,
        chart(summary, lang),
        `<p class="summary">${escapeHtml(m.summary({ messages: formatNumber(summary.messages, lang), blocked: formatNumber(summary.blocked, lang), warned: formatNumber(summary.warned, lang), unscannable: formatNumber(summary.unscannable, lang), passed: formatNumber(summary.passed, lang), seconds: summary.seconds.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB') }))}</p>`,
        ...cards,
        `<details class="passed"><summary>${escapeHtml(`${m.verdict.pass}${m.colon}${formatNumber(summary.passed, lang)}`)}</summary><ul>${passed.join('')}${more}</ul></details>`,
        '</body></html>',
        '',
      ].join('\n');
    },
  };
}

const STYLE = [
  'body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}',
  '.card{border:1px solid #ccc;border-left:8px solid var(--c);padding:.5em 1em;margin:1em 0;break-inside:avoid}',
  '.card h2{font-size:1.1em;margin:.2em 0;color:var(--c)}',
  'table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}',
  '.advice{font-weight:600}.samples{font-family:monospace}',
  '@media print{details.passed{display:none}}',
].join('');

function nameOf(msg: MessageReport, lang: Lang): string {
  return msg.index !== undefined ? `${msg.source}, ${messages(lang).position(formatNumber(msg.index + 1, lang))}` : msg.source;
}

/** The verdict counts as horizontal bars, in SVG drawn here: no chart library, nothing fetched. */
function chart(s: Report['summary'], lang: Lang): string {
  const m = messages(lang);
  const bars: [Verdict, number][] = [['block', s.blocked], ['unscannable', s.unscannable], ['warn', s.warned], ['pass', s.passed]];
  const max = Math.max(1, ...bars.map(([, n]) => n));
  const rows = bars.map(([v, n], i) => {
    const width = Math.round((n / max) * 400);
    const y = i * 28;
    return `<g data-verdict="${v}" data-count="${n}"><text x="0" y="${y + 17}">${escapeHtml(m.verdict[v])}</text><rect x="120" y="${y + 4}" width="${Math.max(width, n > 0 ? 2 : 0)}" height="18" fill="${COLORS[v]}"/><text x="${128 + width}" y="${y + 17}">${formatNumber(n, lang)}</text></g>`;
  });
  return `<svg class="chart" role="img" width="600" height="${bars.length * 28}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}</svg>`;
}

function card(msg: MessageReport, lang: Lang, showData: boolean): string {
  const m = messages(lang);
  const findings = msg.findings.filter((f) => f.severity !== 'low');
  const rows = findings.map((f) => {
    const columns = f.columns.map((c) => `${c.header} (${c.entity})`).join(', ');
    const what = f.people > 0 ? `${escapeHtml(m.kind[f.kind])} — ${escapeHtml(counted(f.people, m.people, lang))}` : escapeHtml(m.kind[f.kind]);
    return `<tr class="finding"><td>${escapeHtml(f.where)}</td><td>${what}</td><td>${f.rows !== undefined ? escapeHtml(counted(f.rows, m.rows, lang)) : ''}</td><td>${escapeHtml(columns)}</td><td>${escapeHtml(entityList(f.entities, lang))}</td><td class="samples">${escapeHtml(f.samples.join(', '))}</td></tr>`;
  });
  const issues = msg.issues.map((i) => `<li class="issue">${escapeHtml(`${i.where}${m.colon}${m.issue[i.code]} (${i.code}: ${issueDetailText(i, lang)})`)}</li>`);
  const advice = adviceLines(msg, lang).map((a) => `<p class="advice">${escapeHtml(a)}</p>`);
  const header = msg.headers ? `<p class="headers">${escapeHtml(headerLine(msg.headers, lang))}</p>` : '';
  const reason = msg.rule === 'mass-mailing' && msg.massMailing ? `<p class="reason">${escapeHtml(m.massMailing(msg.massMailing))}</p>` : '';
  const head = lang === 'fr' ? ['Où', 'Quoi', 'Lignes', 'Colonnes', 'Valeurs trouvées', showData ? 'Valeurs' : 'Exemples masqués'] : ['Where', 'What', 'Rows', 'Columns', 'Values found', showData ? 'Values' : 'Masked samples'];
  return [
    `<article class="card" data-verdict="${msg.verdict}" style="--c:${COLORS[msg.verdict]}">`,
    `<h2>${escapeHtml(m.verdict[msg.verdict])} — ${escapeHtml(nameOf(msg, lang))}</h2>`,
    header,
    reason,
    rows.length ? `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>` : '',
    issues.length ? `<ul>${issues.join('')}</ul>` : '',
    ...advice,
    '</article>',
  ]
    .filter(Boolean)
    .join('\n');
}
