/**
 * Where a message lives in a mail store, so that a user can find it there: its folder, the flags
 * its mail program set (a Maildir file name's `:2,` suffix, an IMAP message's flags), and on an
 * IMAP server its UID (with the folder's UIDVALIDITY, which makes the UID last).
 */
export type MailboxPlace =
  | { format: 'maildir'; folder: string; flags: MaildirFlag[] }
  | { format: 'imap'; folder: string; flags: MaildirFlag[]; uid: number; uidValidity: string };

/** The Maildir flags (cr.yp.to/proto/maildir.html), in the letters' order. */
export const MAILDIR_FLAGS = { D: 'draft', F: 'flagged', P: 'passed', R: 'replied', S: 'seen', T: 'trashed' } as const;
export type MaildirFlag = (typeof MAILDIR_FLAGS)[keyof typeof MAILDIR_FLAGS];

/** The same flags as IMAP names them (RFC 9051; `$Forwarded`, RFC 5788), as Dovecot maps one to the other. */
export const IMAP_FLAGS: Record<string, MaildirFlag> = { '\\Draft': 'draft', '\\Flagged': 'flagged', $Forwarded: 'passed', '\\Answered': 'replied', '\\Seen': 'seen', '\\Deleted': 'trashed' };
