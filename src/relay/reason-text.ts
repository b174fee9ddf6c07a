import type { EntityCounts } from '../model/entities.js';
import type { Finding } from '../model/findings.js';
import type { MessageResult } from '../model/result.js';
import { counted, entityList, formatNumber, messages } from '../report/i18n.js';
import type { Lang } from '../report/i18n.js';
import { IDENTIFIERS, identifiersIn } from '../policy/policy.js';

/** A `where` longer than this is cut: an SMTP reply line must stay under 512 bytes. */
const MAX_WHERE = 100;

const TEXT = {
  en: {
    blocked: 'blocked',
    customerFile: (where: string, people: string) => `${where} holds a customer file (${people}); send it through a protected share`,
    knownCustomers: (where: string, records: string) => `${where} holds ${records} of your customers' records; send it through a protected share`,
    identifiers: (where: string, list: string) => `${where} holds ${list}; remove them or send them through a protected share`,
    other: (where: string, rule: string) => `personal data in ${where} (${rule}); send it through a protected share`,
    unreadable: 'unreadable',
    issue: (where: string, label: string) => `${where} could not be read (${label}); nothing unread is let through: send it readable or through a protected share`,
  },
  fr: {
    blocked: 'bloqué',
    customerFile: (where: string, people: string) => `${where} contient un fichier client (${people}) ; transmettez-le par un partage protégé`,
    knownCustomers: (where: string, records: string) => `${where} contient les fiches de ${records} de vos clients ; transmettez-le par un partage protégé`,
    identifiers: (where: string, list: string) => `${where} contient ${list} ; retirez-les ou passez par un partage protégé`,
    other: (where: string, rule: string) => `données personnelles dans ${where} (${rule}) ; passez par un partage protégé`,
    unreadable: 'illisible',
    issue: (where: string, label: string) => `${where} n'a pas pu être lu (${label}) ; rien de non lu ne part : envoyez-le lisible ou par un partage protégé`,
  },
} as const;

/**
 * Text safe for an SMTP reply or a pipe(8) bounce line: US-ASCII (RFC 5321 replies are ASCII;
 * accents are dropped, other characters become '?'), one line, no control characters.
 */
export function asciiLine(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?');
}

const shortWhere = (where: string) => (where.length > MAX_WHERE ? `${where.slice(0, MAX_WHERE - 3)}...` : where);

function largest(findings: Finding[], size: (f: Finding) => number): Finding | undefined {
  return findings.reduce<Finding | undefined>((best, f) => (size(f) > (best ? size(best) : 0) ? f : best), undefined);
}

function identifierCounts(findings: Finding[]): EntityCounts {
  const counts: EntityCounts = {};
  for (const f of findings) for (const e of IDENTIFIERS) if (f.entities[e]) counts[e] = (counts[e] ?? 0) + (f.entities[e] ?? 0);
  return counts;
}

/**
 * Why a message is refused, in one ASCII line a sender understands, with no personal value in
 * it: which part, what it holds, what to do. For a blocked message the finding that decided it;
 * for an unscannable one its first issue.
 */
export function reasonText(result: MessageResult, lang: Lang): string {
  const t = TEXT[lang];
  const colon = lang === 'fr' ? ' : ' : ': ';
  if (result.verdict === 'unscannable') {
    const issue = result.issues[0];
    const detail = issue ? t.issue(shortWhere(issue.where), messages(lang).issue[issue.code]) : t.issue('?', '?');
    return asciiLine(`${t.unreadable}${colon}${detail}`);
  }
  let detail: string;
  if (result.rule === 'mass-mailing' && result.massMailing) {
    // Counts and attachment names only: the recipients' addresses never go into a reply.
    detail = messages(lang).massMailing({ ...result.massMailing, where: result.massMailing.where.map(shortWhere) });
  } else if (result.rule === 'known-customers') {
    const part = largest(result.findings.filter((f) => f.kind === 'known-customers'), (f) => f.people);
    detail = t.knownCustomers(shortWhere(part?.where ?? result.source), formatNumber(result.knownCustomers ?? part?.people ?? 0, lang));
  } else if (result.rule === 'people') {
    const file = largest(result.findings, (f) => f.people);
    detail = t.customerFile(shortWhere(file?.where ?? result.source), counted(result.people, messages(lang).people, lang));
  } else if (result.rule === 'identifiers') {
    const part = largest(result.findings, identifiersIn);
    detail = t.identifiers(shortWhere(part?.where ?? result.source), entityList(identifierCounts(result.findings), lang));
  } else {
    const part = largest(result.findings, (f) => f.people + identifiersIn(f));
    detail = t.other(shortWhere(part?.where ?? result.source), result.rule ?? 'policy');
  }
  return asciiLine(`${t.blocked}${colon}${detail}`);
}
