import { InputError } from '../input-error.js';

/**
 * An IMAP folder (or folders) named on the command line, as RFC 5092 spells a mailbox:
 * `imaps://user@host[:port]/Sent?since=2026-11-01`. Filters are done by the server (SEARCH).
 */
export interface ImapTarget {
  secure: boolean;
  user: string;
  host: string;
  port: number;
  /** A folder name, or a glob over the account's folders: `*` any run of characters, `?` one. */
  folder: string;
  since?: Date;
  before?: Date;
  /** Only messages larger than this many bytes. */
  largerThan?: number;
  /** The account as shown in reports and notes, without filters: `imaps://user@host:port`. */
  account: string;
  /**
   * The filters as one query, in a fixed order (`?since=2026-11-01&larger-than=1048576`), '' for
   * none: part of what `--since-state` remembers a folder by, since a run with filters scans only
   * the messages they let through.
   */
  filters: string;
}

const FILTERS = ['since', 'before', 'larger-than'] as const;

/** Whether a command-line input names an IMAP server rather than a file. */
export function isImapUrl(input: string): boolean {
  return /^imaps?:\/\//i.test(input);
}

/**
 * The target of an `imap://` or `imaps://` input. Refused with one line (exit 3): a password in
 * the address (it would be in the shell's history and the process list), an unknown filter, a date
 * that is not YYYY-MM-DD.
 */
export function parseImapUrl(input: string): ImapTarget {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new InputError(`${input}: not an IMAP address (imaps://user@host/Folder)`);
  }
  const secure = url.protocol === 'imaps:';
  const shown = `${url.protocol}//${url.username ? `${url.username}@` : ''}${url.host}`;
  if (url.password) throw new InputError(`${shown}: a password in the address is refused (it would be seen in the process list and the shell's history): set PII_SCAN_IMAP_PASSWORD, or type it when asked`);
  if (!url.username) throw new InputError(`${shown}: no user name: imaps://user@${url.host}/Folder`);
  if (!url.hostname) throw new InputError(`${input}: no server name`);
  const port = url.port ? Number(url.port) : secure ? 993 : 143;
  // RFC 5092: the folder is the path, percent-encoded; `;UID=` and other parameters are not folders.
  const rawFolder = url.pathname.replace(/^\//, '');
  if (rawFolder.includes(';')) throw new InputError(`${shown}: ";" parameters (UID, UIDVALIDITY) are not supported: name a folder, with ?since= or ?before= to narrow it`);
  let folder: string;
  try {
    folder = decodeURIComponent(rawFolder) || 'INBOX';
  } catch {
    throw new InputError(`${shown}: the folder name is not valid percent-encoding`);
  }
  // An IPv6 address is written in brackets in a URL, and connected to without them.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const target: ImapTarget = { secure, user: decodeURIComponent(url.username), host, port, folder, account: `${url.protocol}//${url.username}@${url.hostname}:${port}`, filters: '' };
  for (const [key, value] of url.searchParams) {
    if (!(FILTERS as readonly string[]).includes(key)) throw new InputError(`${shown}: unknown filter "${key}" (known: ${FILTERS.join(', ')})`);
    if (key === 'since' || key === 'before') target[key] = day(shown, key, value);
    else target.largerThan = size(shown, value);
  }
  // Spelt from what was read (the last of a filter given twice, a size in bytes): one set of filters, one spelling.
  const given = [
    ...(target.since ? [`since=${target.since.toISOString().slice(0, 10)}`] : []),
    ...(target.before ? [`before=${target.before.toISOString().slice(0, 10)}`] : []),
    ...(target.largerThan !== undefined ? [`larger-than=${target.largerThan}`] : []),
  ];
  if (given.length > 0) target.filters = `?${given.join('&')}`;
  if (target.since && target.before && target.since >= target.before) throw new InputError(`${shown}: since=${url.searchParams.get('since')} is not before before=${url.searchParams.get('before')}: no message could match`);
  return target;
}

/** `2026-11-01`: a calendar day, as IMAP SEARCH takes it (the server's dates, not times). */
function day(shown: string, key: string, value: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !date || date.getUTCDate() !== Number(m[3]) || date.getUTCMonth() !== Number(m[2]) - 1) throw new InputError(`${shown}: ${key}=${value} is not a date (YYYY-MM-DD)`);
  return date;
}

/** `500K`, `2M`, `1048576`: bytes. */
function size(shown: string, value: string): number {
  const m = /^(\d+)([KMG]?)$/i.exec(value);
  if (!m) throw new InputError(`${shown}: larger-than=${value} is not a size (bytes, or a number with K, M or G)`);
  const unit = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2].toUpperCase() as '' | 'K' | 'M' | 'G'];
  return Number(m[1]) * unit;
}

/** Whether a folder name matches the target's folder or glob (`*` any run, `?` one character). */
export function folderMatches(pattern: string, folder: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern.toUpperCase() === 'INBOX' ? folder.toUpperCase() === 'INBOX' : folder === pattern;
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return re.test(folder);
}
