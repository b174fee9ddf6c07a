import type { ImapTarget } from './imap-url.js';
import { InputError } from '../input-error.js';

/** How pii-scan logs in: a password, or an OAuth2 bearer token (XOAUTH2: Microsoft 365, Gmail). */
export type ImapAuth = { user: string; pass: string } | { user: string; accessToken: string };

/** The variables read, named in the errors that ask for them. */
export const IMAP_PASSWORD_VAR = 'PII_SCAN_IMAP_PASSWORD';
export const IMAP_TOKEN_VAR = 'PII_SCAN_IMAP_TOKEN';

/** Asks a person for the password, without echo; undefined when nobody can be asked (no terminal). */
export type AskSecret = (question: string) => Promise<string | undefined>;

/**
 * The account's credentials: an OAuth2 token from PII_SCAN_IMAP_TOKEN, else a password from
 * PII_SCAN_IMAP_PASSWORD, else typed at a prompt when a person is at the terminal. Never from the
 * command line (the process list shows it to every local user). No credential: exit 3, one line.
 */
export async function imapAuth(target: ImapTarget, env: Record<string, string | undefined>, ask?: AskSecret): Promise<ImapAuth> {
  const token = env[IMAP_TOKEN_VAR];
  if (token) return { user: target.user, accessToken: token };
  const password = env[IMAP_PASSWORD_VAR];
  if (password) return { user: target.user, pass: password };
  const typed = ask ? await ask(`Password for ${target.account}: `) : undefined;
  if (typed) return { user: target.user, pass: typed };
  throw new InputError(`${target.account}: no password: set ${IMAP_PASSWORD_VAR} (or ${IMAP_TOKEN_VAR} for an OAuth2 token), or run from a terminal to be asked`);
}

/** A prompt on the terminal with echo off; it answers undefined when standard input or error is not a terminal. */
export function terminalAsk(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream): AskSecret {
  return async (question) => {
    if (!stdin.isTTY || !stderr.isTTY) return undefined;
    stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let typed = '';
    try {
      return await new Promise<string | undefined>((resolve) => {
        const onData = (data: Buffer) => {
          for (const ch of data.toString('utf8')) {
            if (ch === '\r' || ch === '\n' || ch === '\u0003' || ch === '\u0004') {
              stdin.off('data', onData);
              // Ctrl-C and Ctrl-D give up: no password, the one-line error follows.
              resolve(ch === '\r' || ch === '\n' ? typed : undefined);
              return;
            }
            typed = ch === '\u007f' || ch === '\b' ? typed.slice(0, -1) : typed + ch;
          }
        };
        stdin.on('data', onData);
      });
    } finally {
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
    }
  };
}
