import { FINDING_KINDS, type FindingKind } from '../model/findings.js';
import { ISSUE_CODES } from '../model/issues.js';
import type { IssueCode } from '../model/issues.js';
import type { Lang } from './i18n.js';
import { messages } from './i18n.js';

/** A SARIF reportingDescriptor: one per finding kind and one per issue code. */
export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties: { tags: string[] };
}


/** The rule id of an issue: `issue/encrypted`. */
export const issueRuleId = (code: IssueCode) => `issue/${code}`;

const DESCRIPTIONS: Record<Lang, Record<FindingKind, string> & { issue: string; exception: string }> = {
  fr: {
    'customer-file': "Un tableau ou une liste de plusieurs personnes (noms, adresses, e-mails, numéros d'abonné...) : le fichier client qui ne doit pas partir par e-mail.",
    'person-record': "La fiche d'une ou deux personnes (plusieurs données sur la même personne).",
    'personal-data': 'Des données personnelles isolées qui ne forment pas de fiches : un téléphone dans une signature, un IBAN.',
    'known-customers': "Des fiches des clients de l'organisme, reconnues par les empreintes de son fichier clients (pii-scan fingerprint), quelle que soit leur forme.",
    issue: "Un contenu que pii-scan n'a pas pu lire en entier. Rien de ce qui n'a pas été lu n'est déclaré propre.",
    exception: "Si l'envoi est voulu, enregistrez l'exception avec sa raison : pii-scan --write-baseline FICHIER --reason TEXTE.",
  },
  en: {
    'customer-file': 'A table or list of several people (names, addresses, e-mails, subscriber numbers...): the customer file that must not leave by e-mail.',
    'person-record': "One or two people's records (several fields about the same person).",
    'personal-data': 'Loose personal values that do not form records: a phone number in a signature, one IBAN.',
    'known-customers': "Records of the organisation's own customers, recognised by the fingerprints of its customer base (pii-scan fingerprint), whatever their shape.",
    issue: 'Content pii-scan could not read whole. Nothing unread is ever called clean.',
    exception: 'If the data is meant to go, record the exception with its reason: pii-scan --write-baseline FILE --reason TEXT.',
  },
};

const KIND_LEVEL: Record<FindingKind, SarifRule['defaultConfiguration']['level']> = { 'customer-file': 'error', 'person-record': 'warning', 'personal-data': 'note', 'known-customers': 'error' };

/** "customer-file" -> "CustomerFile", the rule's name as SARIF viewers show it. */
const pascal = (id: string) => id.replace(/(^|[-/])(\w)/g, (_, _sep: string, c: string) => c.toUpperCase());

/**
 * The rules of a SARIF run, in the report's language; static, so that they are written before the
 * first result. Results refer to them by id and by index in this list.
 */
export function sarifRules(lang: Lang): SarifRule[] {
  const m = messages(lang);
  const d = DESCRIPTIONS[lang];
  const kinds = FINDING_KINDS.map((kind): SarifRule => ({
    id: kind,
    name: pascal(kind),
    shortDescription: { text: m.kind[kind] },
    fullDescription: { text: d[kind] },
    help: { text: `${d[kind]} ${kind === 'personal-data' ? m.advice.warn : m.advice.block} ${d.exception}` },
    defaultConfiguration: { level: KIND_LEVEL[kind] },
    properties: { tags: ['privacy', 'personal-data'] },
  }));
  const issues = ISSUE_CODES.map((code): SarifRule => ({
    id: issueRuleId(code),
    name: pascal(issueRuleId(code)),
    shortDescription: { text: m.issue[code] },
    fullDescription: { text: `${d.issue} (${code})` },
    help: { text: `${d.issue} ${m.advice.unscannable}` },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['privacy', 'unscannable'] },
  }));
  return [...kinds, ...issues];
}
