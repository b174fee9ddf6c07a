import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { imapAuth, terminalAsk } from '../../src/sources/imap/imap-credentials.js';
import { parseImapUrl } from '../../src/sources/imap/imap-url.js';

const target = parseImapUrl('imaps://dpo@mail.example.org/Sent');

/** A terminal as Node presents one: keystrokes arrive as data events in raw mode; what is written is kept. */
function fakeTerminal(keys: string, isTTY = true) {
  const written: string[] = [];
  const modes: boolean[] = [];
  const stdin = Object.assign(new EventEmitter(), {
    isTTY,
    setRawMode: (on: boolean) => modes.push(on),
    resume: () => setImmediate(() => stdin.emit('data', Buffer.from(keys))),
    pause: () => undefined,
  });
  const stderr = { isTTY, write: (s: string) => written.push(s) };
  return { ask: terminalAsk(stdin as unknown as NodeJS.ReadStream, stderr as unknown as NodeJS.WriteStream), written, modes };
}

describe('IMAP credentials', () => {
  it('takes an OAuth2 token first, then a password, from the environment', async () => {
    expect(await imapAuth(target, { PII_SCAN_IMAP_TOKEN: 'eyJ.t', PII_SCAN_IMAP_PASSWORD: 'pw' })).toEqual({ user: 'dpo', accessToken: 'eyJ.t' });
    expect(await imapAuth(target, { PII_SCAN_IMAP_PASSWORD: 'pw' })).toEqual({ user: 'dpo', pass: 'pw' });
  });

  it('asks on the terminal without echo: the password is never written back, backspace and Enter work', async () => {
    const t = fakeTerminal('secrex\u007ft\r');
    expect(await imapAuth(target, {}, t.ask)).toEqual({ user: 'dpo', pass: 'secret' });
    expect(t.written).toEqual(['Password for imaps://dpo@mail.example.org:993: ', '\n']);
    expect(t.modes).toEqual([true, false]);
  });

  it('gives up on Ctrl-C, and with no terminal, in one line', async () => {
    const none = 'imaps://dpo@mail.example.org:993: no password: set PII_SCAN_IMAP_PASSWORD (or PII_SCAN_IMAP_TOKEN for an OAuth2 token), or run from a terminal to be asked';
    await expect(imapAuth(target, {}, fakeTerminal('sec\u0003').ask)).rejects.toThrow(none);
    const piped = fakeTerminal('secret\r', false);
    await expect(imapAuth(target, {}, piped.ask)).rejects.toThrow(none);
    expect(piped.written).toEqual([]);
  });
});
