import { connect, createConnection } from 'node:net';
import type { Socket } from 'node:net';
import { encodePacket, PacketReader, SMFIC, SMFIP } from '../../src/relay/milter/milter-protocol.js';
import type { Packet } from '../../src/relay/milter/milter-protocol.js';

/** The MTA's side of the milter protocol, as Postfix speaks it: what the tests and the load run drive the milter with. */

/** Every action and protocol step Postfix 3 offers (milter_protocol = 6). */
export const POSTFIX_OFFER = { version: 6, actions: 0x1ff, steps: 0x1fffff };

/** Replies that end a step (the others, such as SMFIR_ADDHEADER, come before one of them). */
const FINAL = new Set('acdrty'.split('').map((c) => c.charCodeAt(0)));

export interface MilterMail {
  from: string;
  recipients: string[];
  /** The message as sent: its headers become SMFIC_HEADER packets, the rest body chunks. */
  message?: Buffer;
  /** Or those packets, made beforehand. */
  prepared?: PreparedMail;
  /** Macros sent before MAIL (stage 'M') and before the end of the message (stage 'E'). */
  mailMacros?: Record<string, string>;
  endMacros?: Record<string, string>;
}

/** A reply packet, readable: its command letter and its NUL-separated fields. */
export interface Reply {
  command: string;
  fields: string[];
}

const readable = (p: Packet): Reply => ({ command: String.fromCharCode(p.command), fields: p.data.toString('latin1').split('\0').filter((f, i, all) => i < all.length - 1 || f !== '') });

/** Headers as Postfix hands them to a milter: name, and value without the space after the colon, folded lines joined by LF. */
export function headersOf(message: Buffer): { headers: [string, string][]; body: Buffer } {
  const text = message.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const bodyStart = end < 0 ? text.length : end + (/^\r?\n\r?\n/.exec(text.slice(end))?.[0].length ?? 0);
  const headers: [string, string][] = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      const last = headers[headers.length - 1] as [string, string];
      last[1] += `\n${line}`;
    } else {
      const colon = line.indexOf(':');
      headers.push([line.slice(0, colon), line.slice(colon + 1).replace(/^[ \t]+/, '')]);
    }
  }
  return { headers, body: Buffer.from(text.slice(bodyStart).replace(/\r?\n/g, '\r\n'), 'latin1') };
}

/** A message cut into the packets Postfix would send for it: made once, sent many times (the load run). */
export interface PreparedMail {
  headers: Buffer[];
  body: Buffer[];
}

export function prepareMail(message: Buffer): PreparedMail {
  const { headers, body } = headersOf(message);
  const chunks = [];
  for (let at = 0; at < body.length; at += 65_535) chunks.push(encodePacket(SMFIC.BODY, body.subarray(at, at + 65_535)));
  return { headers: headers.map(([name, value]) => encodePacket(SMFIC.HEADER, nul(name, value))), body: chunks };
}

const nul = (...fields: string[]) => Buffer.from(`${fields.join('\0')}\0`, 'latin1');
const macros = (stage: number, values: Record<string, string>) => Buffer.concat([Buffer.from([stage]), nul(...Object.entries(values).flat())]);

export class MilterClient {
  private readonly reader = new PacketReader();
  private readonly received: Packet[] = [];
  private waiting?: () => void;
  /** Steps the milter asked for (after negotiate). */
  steps = 0;
  closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.received.push(...this.reader.push(chunk));
      this.waiting?.();
    });
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
    socket.on('close', () => this.waiting?.());
    socket.on('error', () => {});
  }

  static open(target: { port: number; host?: string } | { path: string }): Promise<MilterClient> {
    return new Promise((resolve, reject) => {
      const socket = 'path' in target ? createConnection(target.path) : connect(target.port, target.host ?? '127.0.0.1');
      socket.once('connect', () => resolve(new MilterClient(socket)));
      socket.once('error', reject);
    });
  }

  send(command: number, data?: Buffer): void {
    this.socket.write(encodePacket(command, data));
  }

  /** The next replies up to and including a final one; [] when the milter closed the connection first. */
  async replies(): Promise<Reply[]> {
    return (await this.packets()).map(readable);
  }

  private async packets(): Promise<Packet[]> {
    for (;;) {
      const final = this.received.findIndex((p) => FINAL.has(p.command) || p.command === SMFIC.OPTNEG);
      if (final >= 0) return this.received.splice(0, final + 1);
      if (this.socket.destroyed || this.socket.readableEnded) return [];
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  /** SMFIC_OPTNEG with an offer; returns the milter's answer. */
  async negotiate(offer = POSTFIX_OFFER): Promise<{ version: number; actions: number; steps: number } | undefined> {
    const data = Buffer.alloc(12);
    data.writeUInt32BE(offer.version, 0);
    data.writeUInt32BE(offer.actions, 4);
    data.writeUInt32BE(offer.steps, 8);
    this.send(SMFIC.OPTNEG, data);
    const [reply] = await this.packets();
    if (!reply || reply.command !== SMFIC.OPTNEG) return undefined;
    const answer = { version: reply.data.readUInt32BE(0), actions: reply.data.readUInt32BE(4), steps: reply.data.readUInt32BE(8) };
    this.steps = answer.steps;
    return answer;
  }

  /** Sends a step and, unless the milter asked for no reply to it, waits for its reply. */
  private async step(command: number, data: Buffer | undefined, noReply: number): Promise<Reply[] | undefined> {
    return this.packet(encodePacket(command, data), noReply);
  }

  private async packet(packet: Buffer, noReply: number): Promise<Reply[] | undefined> {
    this.socket.write(packet);
    if (noReply && this.steps & noReply) return undefined;
    return this.replies();
  }

  /**
   * One message as Postfix hands it over: macros, MAIL, RCPT, headers, end of headers, body chunks
   * of at most 65,535 bytes, end of message. Returns the replies that decided it: those to the end
   * of the message, or to the step that refused it earlier.
   */
  async sendMail(mail: MilterMail): Promise<Reply[]> {
    const decided = (replies: Reply[] | undefined) => replies && replies.some((r) => r.command !== 'c');
    this.send(SMFIC.MACRO, macros(SMFIC.MAIL, mail.mailMacros ?? {}));
    let replies = await this.step(SMFIC.MAIL, nul(`<${mail.from}>`), SMFIP.NR_MAIL);
    if (decided(replies)) return replies as Reply[];
    for (const rcpt of mail.recipients) {
      replies = await this.step(SMFIC.RCPT, nul(`<${rcpt}>`), SMFIP.NR_RCPT);
      if (decided(replies)) return replies as Reply[];
    }
    const { headers, body } = mail.prepared ?? prepareMail(mail.message ?? Buffer.alloc(0));
    // Headers the milter waits for no reply to go in one write, as Postfix's buffered stream sends them.
    if (this.steps & SMFIP.NR_HDR) this.socket.write(Buffer.concat(headers));
    else {
      for (const header of headers) {
        replies = await this.packet(header, SMFIP.NR_HDR);
        if (decided(replies)) return replies as Reply[];
      }
    }
    replies = await this.step(SMFIC.EOH, undefined, SMFIP.NR_EOH);
    if (decided(replies)) return replies as Reply[];
    for (const chunk of body) {
      replies = await this.packet(chunk, 0);
      if (decided(replies)) return replies as Reply[];
    }
    if (mail.endMacros) this.send(SMFIC.MACRO, macros(SMFIC.BODYEOB, mail.endMacros));
    this.send(SMFIC.BODYEOB);
    return this.replies();
  }

  close(): Promise<void> {
    this.socket.end();
    return this.closed;
  }

}
