import { describe, expect, it } from 'vitest';
import { onTheWire } from '../../src/relay/smtp-client.js';

describe('onTheWire: the message as DATA carries it', () => {
  it.each([
    ['CRLF lines stay as they are, the final dot follows', 'Subject: a\r\n\r\nBonjour\r\n', 'Subject: a\r\n\r\nBonjour\r\n.\r\n'],
    ['a line starting with a dot gets a second one, the first line included', '.start\r\nmid.dle\r\n.\r\n..two\r\n', '..start\r\nmid.dle\r\n..\r\n...two\r\n.\r\n'],
    ['bare LF becomes CRLF, a lone CR is kept', 'a\nb\rc\n.d\n', 'a\r\nb\rc\r\n..d\r\n.\r\n'],
    ['a last line without its end gets one', 'no end', 'no end\r\n.\r\n'],
    ['every byte a bare LF: twice the size', '\n\n\n', '\r\n\r\n\r\n.\r\n'],
    ['nothing at all: the final dot alone', '', '.\r\n'],
  ])('%s', (_name, message, wire) => {
    expect(onTheWire(Buffer.from(message, 'latin1')).toString('latin1')).toBe(wire);
  });

  it('keeps 8-bit bytes as they are', () => {
    const message = Buffer.from([0xc3, 0xa0, 0x0d, 0x0a, 0xff]);
    expect([...onTheWire(message)]).toEqual([0xc3, 0xa0, 0x0d, 0x0a, 0xff, 0x0d, 0x0a, 0x2e, 0x0d, 0x0a]);
  });
});
