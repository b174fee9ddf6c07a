import { describe, expect, it } from 'vitest';
import { splitMbox, startsWithMboxSeparator } from '../../src/sources/mbox.js';

const split = (mbox: string) => splitMbox(Buffer.from(mbox, 'latin1')).map((m) => m.toString('latin1'));
const SEP_A = 'From a@example.com Mon Jan  3 10:00:00 2022';
const SEP_B = 'From b@example.com Tue Jan  4 11:00:00 2022';
const SEP_C = 'From c@example.com Wed Jan  5 12:00:00 2022';

describe('splitMbox', () => {
  it.each([
    ['three messages, separators dropped (the blank line before a separator stays with the message before it)',
      `${SEP_A}\nSubject: 1\n\nun\n\n${SEP_B}\nSubject: 2\n\ndeux\n\n${SEP_C}\nSubject: 3\n\ntrois\n`,
      ['Subject: 1\n\nun\n\n', 'Subject: 2\n\ndeux\n\n', 'Subject: 3\n\ntrois\n']],
    ['mboxrd: one ">" removed from every >+From line, other ">" lines kept',
      `${SEP_A}\nSubject: 1\n\n>From here\n>>From there\n>>>From x\n> From y\n>Fromage\n`,
      ['Subject: 1\n\nFrom here\n>From there\n>>From x\n> From y\n>Fromage\n']],
    ['a body line "From the field: ..." after a blank line does not split',
      `${SEP_A}\nSubject: 1\n\nHello\n\nFrom the field: all good\nbye\n`,
      ['Subject: 1\n\nHello\n\nFrom the field: all good\nbye\n']],
    ['a strict separator line not preceded by a blank line does not split',
      `${SEP_A}\nSubject: 1\n\nun\n${SEP_B}\nSubject: 2\n\ndeux\n`,
      [`Subject: 1\n\nun\n${SEP_B}\nSubject: 2\n\ndeux\n`]],
    ['an RFC 5322 date after "From x" is not an mbox separator',
      `${SEP_A}\nSubject: 1\n\nun\n\nFrom b@example.com Tue, 4 Jan 2022 11:00:00 +0000\n\nx\n`,
      ['Subject: 1\n\nun\n\nFrom b@example.com Tue, 4 Jan 2022 11:00:00 +0000\n\nx\n']],
    ['a time zone before the year is still a separator',
      `${SEP_A}\nSubject: 1\n\nun\n\nFrom b@example.com Tue Jan  4 11:00:00 +0200 2022\nSubject: 2\n\ndeux\n`,
      ['Subject: 1\n\nun\n\n', 'Subject: 2\n\ndeux\n']],
    ['CRLF line ends are kept and split the same way',
      `${SEP_A}\r\nSubject: 1\r\n\r\nun\r\n\r\n${SEP_B}\r\nSubject: 2\r\n\r\ndeux\r\n`,
      ['Subject: 1\r\n\r\nun\r\n\r\n', 'Subject: 2\r\n\r\ndeux\r\n']],
    ['CRLF mboxrd quoting', `${SEP_A}\r\nSubject: 1\r\n\r\n>From here\r\n`, ['Subject: 1\r\n\r\nFrom here\r\n']],
    ['an empty buffer has no messages', '', []],
    ['text that does not start with a separator has no messages', 'Subject: 1\n\nun\n', []],
  ])('%s', (_name, mbox, expected) => {
    expect(split(mbox)).toEqual(expected);
  });

  it('keeps 8-bit bytes of a message as they are', () => {
    const body = Buffer.from('Subject: 1\n\nSoci\xe9t\xe9 \x80\n', 'latin1');
    const [message] = splitMbox(Buffer.concat([Buffer.from(`${SEP_A}\n`), body]));
    expect(message.equals(body)).toBe(true);
  });

  it('gives an empty last message when the mbox ends on a separator line without a newline', () => {
    const messages = splitMbox(Buffer.from(`${SEP_A}\nSubject: 1\n\nun\n\n${SEP_B}`));
    expect(messages.map((m) => m.toString())).toEqual(['Subject: 1\n\nun\n\n', '']);
  });
});

describe('startsWithMboxSeparator', () => {
  it.each([
    [SEP_A + '\nSubject: x\n', true],
    ['From MAILER-DAEMON Fri Jul  8 12:08:34 2011\n', true],
    ['From: a@example.com\nSubject: x\n', false],
    ['From the field: all good\n', false],
    ['\n' + SEP_A + '\n', false],
    ['', false],
  ])('%j → %s', (head, expected) => {
    expect(startsWithMboxSeparator(head)).toBe(expected);
  });
});
