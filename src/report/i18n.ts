import type { MaildirFlag } from '../model/mailbox.js';
import type { Entity, EntityCounts, PersonField } from '../model/entities.js';
import type { FindingKind } from '../model/findings.js';
import type { IssueCode } from '../model/issues.js';
import type { Verdict } from '../model/result.js';
import type { Lang } from './lang.js';
import type { AdviceCause } from './advice.js';

export { langFromEnv, type Lang } from './lang.js';

/**
 * One formatter per language, built on first use: building one costs 50 times the formatting,
 * and building both when the module loads cost every process (one per message in pipe mode) 30 ms.
 */
const numberFormats: Partial<Record<Lang, Intl.NumberFormat>> = {};

/** Numbers as a reader of the language writes them: 15 930 / 15,930. */
export function formatNumber(n: number, lang: Lang): string {
  const format = (numberFormats[lang] ??= new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB'));
  return format.format(n).replace(/[\u202f\u00a0]/g, ' ');
}

interface Messages {
  verdict: Record<Verdict, string>;
  kind: Record<FindingKind, string>;
  fields: Record<PersonField, string>;
  /** Singular and plural label of each entity: the compiler asks for one for every new entity. */
  entity: Record<Entity, [string, string]>;
  issue: Record<IssueCode, string>;
  rows: [string, string];
  people: [string, string];
  columns: string;
  with: string;
  isolated: string;
  /** Label of the short note on a passing message. */
  personalData: string;
  /** A Maildir message's folder and flags after its file's name. */
  /** A message's folder (undefined when its address names it: IMAP) and flags, after its name. */
  mailboxPlace: (folder: string | undefined, flags: MaildirFlag[]) => string;
  /** ' : ' in French typography, ': ' in English. */
  colon: string;
  /** A known-customers finding: how many of the organisation's customers, found by which values. */
  knownCustomers: (records: string, values: string) => string;
  /** Why a mass mailing is blocked, in one line: counts and attachment names, never addresses. */
  massMailing: (n: { listed: number; recipients: number; where: string[] }) => string;
  /** Label of a finding a baseline accepted, before its reason. */
  accepted: string;
  advice: { block: string; warn: string; unscannable: string };
  /** What to do, by cause (see advice.ts): each a sentence a sender can act on. */
  adviceFor: Record<AdviceCause, string>;
  /** An attached or forwarded message named by its own subject, where the findings under it come from. */
  forwarded: (where: string, subject: string) => string;
  /** Label of a finding's values, printed with `--show-data`. */
  values: string;
  /** A message's place in its mbox, counted from 1 as a mail program shows it. */
  position: (n: string) => string;
  /** Labels of the line that finds a message again: subject, sender, recipients, date. */
  header: { subject: string; from: string; to: string; date: string; more: (n: string) => string; noSubject: string };
  /** The report's last line: what to do with the run, in one sentence. */
  conclusion: (n: { messages: number; blocked: number; warned: number; unscannable: number }) => string;
  summary: (n: { messages: string; blocked: string; warned: string; unscannable: string; passed: string; seconds: string }) => string;
  /** The summary of a run that found no message at all: not to be read as a clean pass. */
  nothingScanned: string;
}

/** The Maildir flags as Thunderbird and Outlook say them in French. */
const FR_FLAGS: Record<MaildirFlag, string> = { draft: 'brouillon', flagged: 'suivi', passed: 'transféré', replied: 'répondu', seen: 'lu', trashed: 'supprimé' };

const FR: Messages = {
  verdict: { block: 'BLOQUÉ', warn: 'ATTENTION', unscannable: 'ILLISIBLE', pass: 'OK' },
  kind: { 'customer-file': 'fichier client', 'person-record': 'fiche individuelle', 'personal-data': 'données isolées', 'known-customers': 'vos clients' },
  fields: { 'last-name': 'noms', 'first-name': 'prénoms', 'full-name': 'noms complets', address: 'adresses postales', email: 'e-mails', phone: 'téléphones', 'customer-id': "numéros d'abonné ou de client", 'birth-date': 'dates de naissance', 'national-id': 'numéros de sécurité sociale', bank: 'comptes bancaires', card: 'cartes bancaires', meter: 'numéros de compteur' },
  entity: {
    email: ['e-mail', 'e-mails'],
    phone: ['téléphone', 'téléphones'],
    'first-name': ['prénom', 'prénoms'],
    'last-name': ['nom', 'noms'],
    'full-name': ['nom complet', 'noms complets'],
    'postal-address': ['adresse postale', 'adresses postales'],
    'postal-code': ['code postal', 'codes postaux'],
    city: ['commune', 'communes'],
    'birth-date': ['date de naissance', 'dates de naissance'],
    'customer-id': ['n° client', 'n° client'],
    nir: ['n° de sécurité sociale', 'n° de sécurité sociale'],
    iban: ['IBAN', 'IBAN'],
    rib: ['RIB', 'RIB'],
    'payment-card': ['carte bancaire', 'cartes bancaires'],
    'meter-id': ['n° de compteur', 'n° de compteur'],
    siren: ['n° SIREN', 'n° SIREN'],
    siret: ['n° SIRET', 'n° SIRET'],
    'vat-fr': ['n° de TVA', 'n° de TVA'],
  },
  issue: { encrypted: 'protégé par mot de passe', corrupt: 'fichier endommagé', truncated: 'fichier tronqué', 'too-large': 'trop volumineux', 'too-deep': 'imbrication trop profonde', timeout: 'lecture trop longue', unsupported: 'format non lu', 'no-text': 'aucun texte lisible', partial: 'message fragmenté (une partie seulement)' },
  rows: ['ligne', 'lignes'],
  people: ['personne', 'personnes'],
  columns: 'colonnes',
  with: 'avec',
  isolated: 'données isolées',
  personalData: 'données personnelles',
  mailboxPlace: (folder, flags) => place(folder === undefined ? [] : [`dossier ${folder}`], flags.map((f) => FR_FLAGS[f])),
  colon: ' : ',
  knownCustomers: (records, values) => `${records} de vos clients reconnus par leurs empreintes (${values})`,
  massMailing: ({ listed, recipients, where }) => {
    const n = (x: number) => formatNumber(x, 'fr');
    const files = joinList(where, 'fr');
    const who =
      listed < recipients
        ? `${n(listed)} des ${n(recipients)} destinataires de ce message ${listed > 1 ? 'figurent' : 'figure'} dans ${files}`
        : recipients > 1
          ? `Les ${n(recipients)} destinataires de ce message figurent tous dans ${files}`
          : `Le seul destinataire de ce message figure dans ${files}`;
    return `${who} : un envoi groupé qui joint sa propre liste d'adresses`;
  },
  accepted: 'accepté',
  advice: {
    block: "Que faire : retirez cette pièce jointe, ou transmettez le fichier par un partage protégé. Si l'envoi est voulu, faites valider l'exception par votre DPO.",
    warn: 'Que faire : vérifiez que ces données personnelles doivent bien partir avec ce message.',
    unscannable: "Que faire : pii-scan n'a pas pu tout lire ; ouvrez la pièce jointe et vérifiez-la, ou envoyez-la sans mot de passe par un partage protégé.",
  },
  adviceFor: {
    'customer-file': "Que faire : retirez cette pièce jointe, ou transmettez le fichier par un partage protégé. Si l'envoi est voulu, faites valider l'exception par votre DPO.",
    'mass-mailing': "Que faire : ce message joint la liste de ses propres destinataires ; retirez la liste et faites l'envoi par votre outil d'envoi groupé (publipostage ou copie cachée), jamais avec le fichier.",
    'known-customers': "Que faire : ce message contient des données de vos propres clients ; retirez-les, ou faites valider l'envoi par votre DPO.",
    identifiers: "Que faire : des identifiants (IBAN, n° de sécurité sociale, carte bancaire) ne partent pas en clair par e-mail ; transmettez-les par le partage protégé de l'organisation.",
    'few-people': "Que faire : vérifiez que chaque personne citée doit l'être et que les destinataires ont à en connaître ; sinon retirez ces données.",
    'person-record': 'Que faire : vérifiez que le destinataire est la personne concernée ou a à connaître de sa fiche.',
    encrypted: "Que faire : pii-scan ne peut pas vérifier un fichier protégé par mot de passe. Déposez le fichier, sans mot de passe, sur le partage protégé de l'organisation et envoyez-en le lien ; ne retirez jamais le mot de passe pour l'envoyer par e-mail.",
    damaged: "Que faire : le fichier est endommagé ou incomplet ; joignez-le de nouveau depuis l'original et vérifiez qu'il s'ouvre.",
    unsupported: 'Que faire : pii-scan ne lit pas ce format ; enregistrez le fichier en PDF, CSV ou XLSX, ou faites-le vérifier par votre DPO avant l\'envoi.',
    'no-text': "Que faire : ce fichier n'a pas de texte lisible (une image numérisée) ; ouvrez-le et vérifiez qu'il ne montre pas de données personnelles.",
    'over-limit': 'Que faire : une partie dépasse une limite de lecture (taille, imbrication ou durée) ; transmettez le fichier par le partage protégé, ou faites relever la limite (limits dans .pii-scan.yml) par qui gère pii-scan.',
  },
  values: 'valeurs',
  forwarded: (where, subject) => `${where} : message transféré « ${subject} »`,
  position: (n) => `message n° ${n}`,
  header: { subject: 'Objet', from: 'De', to: 'À', date: 'Date', more: (n) => `et ${n} autre(s)`, noSubject: '(sans objet)' },
  conclusion: ({ messages: all, blocked, warned, unscannable }) => {
    const n = (x: number) => formatNumber(x, 'fr');
    const msgs = (x: number) => `${n(x)} message${x > 1 ? 's' : ''}`;
    if (blocked > 0) return `À ne pas envoyer : ${msgs(blocked)}.${unscannable > 0 ? ` À vérifier avant tout envoi : ${msgs(unscannable)} illisible${unscannable > 1 ? 's' : ''}.` : ''}`;
    if (unscannable > 0) return `À ne pas envoyer avant vérification : ${msgs(unscannable)} n'${unscannable > 1 ? 'ont' : 'a'} pas pu être lu${unscannable > 1 ? 's' : ''} en entier.`;
    if (warned > 0) return `À vérifier avant l'envoi : ${msgs(warned)} avec des données personnelles.`;
    return `Rien à arrêter : ${all > 1 ? `les ${msgs(all)} peuvent partir` : 'le message peut partir'}.`;
  },
  nothingScanned: 'Aucun message trouvé : rien n\'a été analysé.',
  summary: (n) => `${n.messages} message(s) : ${n.blocked} bloqué(s), ${n.warned} avertissement(s), ${n.unscannable} illisible(s), ${n.passed} OK (${n.seconds} s)`,
};

const EN: Messages = {
  verdict: { block: 'BLOCKED', warn: 'WARNING', unscannable: 'UNREADABLE', pass: 'OK' },
  kind: { 'customer-file': 'customer file', 'person-record': "one person's record", 'personal-data': 'loose personal data', 'known-customers': 'your customers' },
  fields: { 'last-name': 'surnames', 'first-name': 'first names', 'full-name': 'full names', address: 'postal addresses', email: 'e-mails', phone: 'phone numbers', 'customer-id': 'subscriber or customer numbers', 'birth-date': 'birth dates', 'national-id': 'social security numbers', bank: 'bank accounts', card: 'payment cards', meter: 'meter numbers' },
  entity: {
    email: ['e-mail', 'e-mails'],
    phone: ['phone number', 'phone numbers'],
    'first-name': ['first name', 'first names'],
    'last-name': ['surname', 'surnames'],
    'full-name': ['full name', 'full names'],
    'postal-address': ['postal address', 'postal addresses'],
    'postal-code': ['postal code', 'postal codes'],
    city: ['city', 'cities'],
    'birth-date': ['birth date', 'birth dates'],
    'customer-id': ['customer number', 'customer numbers'],
    nir: ['social security number', 'social security numbers'],
    iban: ['IBAN', 'IBANs'],
    rib: ['RIB', 'RIBs'],
    'payment-card': ['payment card', 'payment cards'],
    'meter-id': ['meter number', 'meter numbers'],
    siren: ['SIREN number', 'SIREN numbers'],
    siret: ['SIRET number', 'SIRET numbers'],
    'vat-fr': ['VAT number', 'VAT numbers'],
  },
  issue: { encrypted: 'password-protected', corrupt: 'damaged file', truncated: 'truncated file', 'too-large': 'too large', 'too-deep': 'nested too deep', timeout: 'took too long to read', unsupported: 'format not read', 'no-text': 'no readable text', partial: 'message fragment (only one part of it)' },
  rows: ['row', 'rows'],
  people: ['person', 'people'],
  columns: 'columns',
  with: 'with',
  isolated: 'loose personal data',
  personalData: 'personal data',
  mailboxPlace: (folder, flags) => place(folder === undefined ? [] : [`folder ${folder}`], flags),
  colon: ': ',
  knownCustomers: (records, values) => `${records} of your customers' records, known by their fingerprints (${values})`,
  massMailing: ({ listed, recipients, where }) => {
    const n = (x: number) => formatNumber(x, 'en');
    const files = joinList(where, 'en');
    const who =
      listed < recipients
        ? `${n(listed)} of this message's ${n(recipients)} recipients ${listed > 1 ? 'are' : 'is'} listed in ${files}`
        : recipients > 1
          ? `All ${n(recipients)} recipients of this message are listed in ${files}`
          : `This message's only recipient is listed in ${files}`;
    return `${who}: a mass mailing carrying its own address list`;
  },
  accepted: 'accepted',
  advice: {
    block: 'What to do: remove this attachment, or send the file through a protected share. If it is meant to go, have the exception approved by your data protection officer.',
    warn: 'What to do: check that this personal data is meant to leave with this message.',
    unscannable: 'What to do: pii-scan could not read everything; open the attachment and check it, or send it without a password through a protected share.',
  },
  adviceFor: {
    'customer-file': 'What to do: remove this attachment, or send the file through a protected share. If it is meant to go, have the exception approved by your data protection officer.',
    'mass-mailing': 'What to do: this message carries the list of its own recipients; take the list out and send through your mailing tool (mail merge or blind copy), never with the file.',
    'known-customers': "What to do: this message carries your own customers' records; take them out, or have the sending approved by your data protection officer.",
    identifiers: "What to do: identifiers (IBAN, social security or card numbers) do not go by e-mail in clear; pass them through the organisation's protected share.",
    'few-people': 'What to do: check that each person named needs to be, and that the recipients are entitled to know; otherwise take the data out.',
    'person-record': "What to do: check that the recipient is the person concerned or is entitled to that person's record.",
    encrypted: "What to do: pii-scan cannot check a password-protected file. Put the file, without its password, on the organisation's protected share and send the link instead; never remove the password to send the file by e-mail.",
    damaged: 'What to do: the file is damaged or incomplete; attach it again from the original and check that it opens.',
    unsupported: 'What to do: pii-scan does not read this format; save the file as PDF, CSV or XLSX, or have your data protection officer check it before it goes.',
    'no-text': 'What to do: this file has no readable text (a scanned image); open it and check that it shows no personal data.',
    'over-limit': 'What to do: a part is over a reading limit (size, nesting or time); send the file through the protected share, or have whoever runs pii-scan raise the limit (limits in .pii-scan.yml).',
  },
  values: 'values',
  forwarded: (where, subject) => `${where}: forwarded message "${subject}"`,
  position: (n) => `message ${n}`,
  header: { subject: 'Subject', from: 'From', to: 'To', date: 'Date', more: (n) => `and ${n} more`, noSubject: '(no subject)' },
  conclusion: ({ messages: all, blocked, warned, unscannable }) => {
    const n = (x: number) => formatNumber(x, 'en');
    const msgs = (x: number) => `${n(x)} message${x > 1 ? 's' : ''}`;
    if (blocked > 0) return `Do not send: ${msgs(blocked)}.${unscannable > 0 ? ` Check before anything goes: ${msgs(unscannable)} unreadable.` : ''}`;
    if (unscannable > 0) return `Do not send before checking: ${msgs(unscannable)} could not be read whole.`;
    if (warned > 0) return `Check before sending: ${msgs(warned)} with personal data.`;
    return `Nothing to stop: ${all > 1 ? `the ${msgs(all)} can go` : 'the message can go'}.`;
  },
  nothingScanned: 'No message found: nothing was scanned.',
  summary: (n) => `${n.messages} message(s): ${n.blocked} blocked, ${n.warned} warned, ${n.unscannable} unreadable, ${n.passed} OK (${n.seconds} s)`,
};

/** "a, b et c" / "a, b and c". */
export function joinList(items: string[], lang: Lang): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${lang === 'fr' ? 'et' : 'and'} ${items[items.length - 1]}`;
}

export function messages(lang: Lang): Messages {
  return lang === 'fr' ? FR : EN;
}

/** A count with its noun in the right number: "1 personne", "15 930 personnes". */
export function counted(n: number, noun: [string, string], lang: Lang): string {
  return `${formatNumber(n, lang)} ${noun[n > 1 ? 1 : 0]}`;
}

/** "3 e-mails, 1 téléphone" style list of entity counts. */
export function entityList(entities: EntityCounts, lang: Lang): string {
  const m = messages(lang);
  return Object.entries(entities)
    .map(([entity, n = 0]) => counted(n, m.entity[entity as Entity], lang))
    .join(', ');
}

/** `  (folder Sent, replied, seen)`, or nothing when there is nothing to say. */
function place(folder: string[], flags: readonly string[]): string {
  const words = [...folder, ...flags];
  return words.length ? `  (${words.join(', ')})` : '';
}
