/**
 * Where a message lives in a mail store, so that a user can find it there: its folder and the
 * flags its mail program set (a Maildir file name's `:2,` suffix).
 */
export interface MailboxPlace {
  format: 'maildir';
  /** The folder, `INBOX` for the Maildir itself, Maildir++ subfolders by name (`Sent`, `Archives/2025`). */
  folder: string;
  flags: MaildirFlag[];
}

/** The Maildir flags (cr.yp.to/proto/maildir.html), in the letters' order. */
export const MAILDIR_FLAGS = { D: 'draft', F: 'flagged', P: 'passed', R: 'replied', S: 'seen', T: 'trashed' } as const;
export type MaildirFlag = (typeof MAILDIR_FLAGS)[keyof typeof MAILDIR_FLAGS];
