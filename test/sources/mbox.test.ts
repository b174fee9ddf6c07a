import { describe, expect, it } from 'vitest';
import { MboxSplitter, splitMbox, startsWithMboxSeparator, unquoteFromLines } from '../../src/sources/mbox.js';
import type { MboxOptions } from '../../src/sources/mbox.js';

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
    // Never dropped: what stands before the first separator is a message of its own.
    ['text before the first separator is a message', 'Subject: 0\n\nzero\n\n' + `${SEP_A}\nSubject: 1\n\nun\n`, ['Subject: 0\n\nzero\n\n', 'Subject: 1\n\nun\n']],
    ['blank lines before the first separator are not', `\n\n${SEP_A}\nSubject: 1\n\nun\n`, ['Subject: 1\n\nun\n']],
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

/** Feeds the mbox to a splitter `size` bytes at a time. */
function splitInChunks(mbox: Buffer, size: number, options: MboxOptions = {}) {
  const splitter = new MboxSplitter(options);
  const out = [];
  for (let at = 0; at < mbox.length; at += size) out.push(...splitter.push(mbox.subarray(at, at + size)));
  return [...out, ...splitter.end()];
}

describe('MboxSplitter, streamed', () => {
  const mbox = Buffer.from(
    [
      `${SEP_A}\r\nSubject: 1\r\n\r\nun\r\n>From quoted\r\n\r\n`,
      `${SEP_B}\nSubject: 2\n\nFrom the field: body line after a blank line\n${SEP_C}\nnot a split: no blank line before\n\n`,
      `${SEP_C}\nSubject: 3\n\n${'x'.repeat(300)}\n\n`,
      `${SEP_A}\nSubject: 4\n\nlast, no final newline`,
    ].join(''),
    'latin1',
  );
  const whole = splitMbox(mbox).map((m) => m.toString('latin1'));

  it('splits the reference mbox into its four messages', () => {
    expect(whole.map((m) => m.split('\n')[0].trim())).toEqual(['Subject: 1', 'Subject: 2', 'Subject: 3', 'Subject: 4']);
    expect(whole[0]).toContain('\r\nFrom quoted\r\n');
    expect(whole[1]).toContain(`\n${SEP_C}\nnot a split`);
  });

  it.each([1, 2, 3, 5, 7, 13, 64, 199, 200, 201, 1000])('gives the same messages fed %i bytes at a time', (size) => {
    expect(splitInChunks(mbox, size).map((m) => m.content.toString('latin1'))).toEqual(whole);
  });

  it('lenient mode splits on every "From " line, blank line before or not', () => {
    const lenient = splitInChunks(mbox, 7, { lenient: true }).map((m) => m.content.toString('latin1').split('\n')[0].trim());
    expect(lenient).toEqual(['Subject: 1', 'Subject: 2', '', 'not a split: no blank line before', 'Subject: 3', 'Subject: 4']);
  });

  it('holds at most maxMessageBytes of a message and says how big it was', () => {
    const big = Buffer.from(`${SEP_A}\nSubject: 1\n\n${'y'.repeat(5000)}\n\n${SEP_B}\nSubject: 2\n\nsmall\n`, 'latin1');
    const messages = splitInChunks(big, 100, { maxMessageBytes: 1000 });
    expect(messages.map((m) => [m.content.length, m.bytes, m.cut])).toEqual([[1000, 5014, true], [18, 18, false]]);
  });

  it('copes with a line longer than what it carries between chunks (2 MiB, no newline)', () => {
    const long = Buffer.concat([Buffer.from(`${SEP_A}\nSubject: 1\n\n`), Buffer.alloc(2 * 1024 * 1024, 0x61), Buffer.from(`\n\n${SEP_B}\nSubject: 2\n\nfin\n`)]);
    const messages = splitInChunks(long, 64 * 1024);
    expect(messages.map((m) => m.bytes)).toEqual([12 + 2 * 1024 * 1024 + 2, 16]);
  });
});

describe('every mbox convention in use', () => {
  const body = (n: number) => `From: a@example.com\nSubject: ${n}\n\ncorps ${n}\n`;
  const subjects = (mbox: string, chunk?: number) =>
    (chunk ? splitInChunks(Buffer.from(mbox, 'latin1'), chunk).map((m) => m.content) : splitMbox(Buffer.from(mbox, 'latin1'))).map((m) => /Subject: (\d+)/.exec(m.toString('latin1'))?.[1] ?? m.toString('latin1'));
  const CONVENTIONS: [string, string, string[]][] = [
    ['mboxo: dated separators, body "From " quoted once', `${SEP_A}\n${body(1)}>From here\n\n${SEP_B}\n${body(2)}`, ['1', '2']],
    ['mboxcl2: Content-Length, an unquoted body line shaped like a separator but no header after it',
      `${SEP_A}\nContent-Length: 70\n${body(1)}\n${SEP_C}\nthis line is body text, not a header\n\n${SEP_B}\nContent-Length: 8\n${body(2)}`, ['1', '2']],
    ['Thunderbird: From - and a date, X-Mozilla headers', `From - Mon Jan  3 10:00:00 2022\nX-Mozilla-Status: 0001\n${body(1)}\nFrom - Tue Jan  4 11:00:00 2022\nX-Mozilla-Status: 0000\n${body(2)}`, ['1', '2']],
    ['From and an address alone', `From a@example.com\n${body(1)}\nFrom b@example.com\n${body(2)}\nFrom c@example.com\n${body(3)}`, ['1', '2', '3']],
    ['From MAILER-DAEMON and another date form', `From MAILER-DAEMON Fri Jul  8 12:08:34 2011\n${body(1)}\nFrom MAILER-DAEMON 2011-07-08 12:08\n${body(2)}`, ['1', '2']],
    ['CRLF line ends throughout', `From - Mon Jan  3 10:00:00 2022\r\n${body(1).replace(/\n/g, '\r\n')}\r\nFrom b@example.com\r\n${body(2).replace(/\n/g, '\r\n')}`, ['1', '2']],
    ['a leading UTF-8 byte-order mark', `\xef\xbb\xbfFrom a@example.com\n${body(1)}\nFrom b@example.com\n${body(2)}`, ['1', '2']],
    ['an unquoted dated "From " line in a body, prose after it: no split', `${SEP_A}\n${body(1)}\n${SEP_B} was the first line of the log\nand the run went on\n\n${SEP_C}\n${body(2)}`, ['1', '2']],
    ['a body line "From the field..." after a blank line, a header-like line after it: no split', `${SEP_A}\n${body(1)}\nFrom the field team\nNote: all good\n\n${SEP_B}\n${body(2)}`, ['1', '2']],
  ];

  it.each(CONVENTIONS)('%s', (_name, mbox, expected) => {
    expect(subjects(mbox)).toEqual(expected);
  });

  it.each([1, 2, 3, 5, 8, 40])('splits them all the same fed %i bytes at a time', (size) => {
    for (const [, mbox, expected] of CONVENTIONS) expect(subjects(mbox, size)).toEqual(expected);
  });

  it('keeps the body whole where an unquoted separator-shaped line has no header after it', () => {
    const [first] = splitMbox(Buffer.from(`${SEP_A}\n${body(1)}\n${SEP_B} was the first line\nof the log\n`, 'latin1'));
    expect(first.toString('latin1')).toBe(`${body(1)}\n${SEP_B} was the first line\nof the log\n`);
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
    ['From - Mon Jan  3 10:00:00 2022\r\nX-Mozilla-Status: 0001\r\n', true],
    ['\ufeffFrom a@example.com\nReturn-Path: <a@example.com>\n', true],
    ['\xef\xbb\xbfFrom a@example.com\nReturn-Path: <a@example.com>\n', true],
    ['From a@example.com\nnot a header\n', false],
    ['From the field team\nNote: all good\n', false],
  ])('%j → %s', (head, expected) => {
    expect(startsWithMboxSeparator(head)).toBe(expected);
  });
});

describe('unquoteFromLines (mboxrd)', () => {
  it.each([
    ['>From first line\n>>From second\n> From not\n>Fromage\nplain\n>', 'From first line\n>From second\n> From not\n>Fromage\nplain\n>'],
    ['a\r\n>From x\r\n>>>From y', 'a\r\nFrom x\r\n>>From y'],
    ['body\n>\n>>\n>>From', 'body\n>\n>>\n>>From'],
    ['>>From x', '>From x'],
  ])('%j → %j', (message, expected) => {
    expect(unquoteFromLines(Buffer.from(message, 'latin1')).toString('latin1')).toBe(expected);
  });

  it('returns the message itself, not a copy, when no line is a quoted From (replies quote with > too)', () => {
    const message = Buffer.from('Subject: re\n\n> quoted reply\n>> and more\n');
    expect(unquoteFromLines(message)).toBe(message);
  });
});
