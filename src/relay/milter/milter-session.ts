import { encodeOffer, encodePacket, MilterProtocolError, negotiate, nulFields, readOffer, SMFIC, SMFIP, SMFIR } from './milter-protocol.js';
import type { Packet } from './milter-protocol.js';

/** One message as the MTA handed it over, rebuilt: its headers, a blank line, its body. */
export interface MilterMessage {
  /** The message bytes (empty when it went over the size limit: nothing past the limit is kept). */
  content: Buffer;
  /** Bytes the MTA sent for it, counted whole even past the limit. */
  bytes: number;
  /** Whether it went over the size limit. */
  over: boolean;
  envelope: { from: string; recipients: string[] };
  /** Macros the MTA sent (connection and message ones): `i` is its queue id, `{auth_authen}` the SMTP AUTH user. */
  macros: ReadonlyMap<string, string>;
}

/** What the session asks of the server: a decision on a whole message, and the refusal of one over the limit. */
export interface SessionHandlers {
  /** The replies that end the message (SMFIR_ADDHEADER then SMFIR_CONTINUE, SMFIR_REPLYCODE...). */
  decide: (message: MilterMessage) => Promise<Buffer[]>;
  /** The reply for a message that has just gone over the size limit (refused while it arrives); it is also logged. */
  overLimit: (message: MilterMessage) => Buffer[];
  maxSize: number;
}

/** What a packet leads to: replies to write (possibly none), and whether the connection ends. */
export interface SessionStep {
  replies: Buffer[];
  close?: boolean;
}

const CONTINUE = encodePacket(SMFIR.CONTINUE);
const NONE: SessionStep = { replies: [] };
const CRLF = Buffer.from('\r\n');
const COLON_SPACE = Buffer.from(': ');

/** Stages whose macros hold for the whole SMTP connection; the others are the current message's. */
const CONNECTION_STAGES = new Set<number>([SMFIC.CONNECT, SMFIC.HELO]);

/** An address as MAIL FROM / RCPT TO give it: `<a@b>` (its ESMTP parameters come as further fields). */
function address(data: Buffer): string {
  const first = nulFields(data)[0]?.toString('latin1').trim() ?? '';
  return first.startsWith('<') && first.endsWith('>') ? first.slice(1, -1) : first;
}

/**
 * One MTA connection, as a state machine with no socket: packets in, replies out (milter-server.ts
 * does the I/O). It negotiates the steps pii-scan needs, keeps the envelope and rebuilds the
 * message from its headers and body chunks, up to the size limit, and asks `decide` at its end.
 * An aborted message is forgotten; SMFIC_QUIT_NC starts over for a new SMTP connection on the
 * same socket.
 */
export class MilterSession {
  /** Steps negotiated: those the MTA waits for no reply to are answered with nothing. */
  private steps = 0;
  private negotiated = false;
  private readonly connectionMacros = new Map<string, string>();
  private messageMacros = new Map<string, string>();
  private from = '';
  private recipients: string[] = [];
  private parts: Buffer[] = [];
  private bytes = 0;
  private over = false;
  private sawEndOfHeaders = false;
  private refused?: Buffer[];
  /** Whether a message is under way (MAIL seen, no end or abort yet). */
  inMessage = false;

  constructor(private readonly handlers: SessionHandlers) {}

  /** Handles one packet from the MTA. Throws MilterProtocolError when it is not the protocol. */
  async handle(packet: Packet): Promise<SessionStep> {
    const { command, data } = packet;
    if (!this.negotiated && command !== SMFIC.OPTNEG) throw new MilterProtocolError(`command '${String.fromCharCode(command)}' before option negotiation`);
    switch (command) {
      case SMFIC.OPTNEG: {
        const reply = negotiate(readOffer(data));
        this.steps = reply.steps;
        this.negotiated = true;
        return { replies: [encodeOffer(reply)] };
      }
      case SMFIC.MACRO:
        this.defineMacros(data);
        return NONE;
      case SMFIC.CONNECT:
      case SMFIC.HELO:
      case SMFIC.DATA:
      case SMFIC.UNKNOWN:
        // Asked to be left out; an MTA that sends them anyway waits for an answer.
        return { replies: [CONTINUE] };
      case SMFIC.MAIL:
        this.startMessage(address(data));
        return this.reply(SMFIP.NR_MAIL);
      case SMFIC.RCPT:
        this.recipients.push(address(data));
        return this.reply(SMFIP.NR_RCPT);
      case SMFIC.HEADER:
        this.addHeader(data);
        return this.reply(SMFIP.NR_HDR);
      case SMFIC.EOH:
        this.sawEndOfHeaders = true;
        this.add(CRLF);
        return this.reply(SMFIP.NR_EOH);
      case SMFIC.BODY:
        this.add(data);
        return { replies: this.over ? this.refusal() : [CONTINUE] };
      case SMFIC.BODYEOB:
        return this.endOfMessage(data);
      case SMFIC.ABORT:
        this.forgetMessage();
        return NONE;
      case SMFIC.QUIT_NC:
        this.forgetMessage();
        this.connectionMacros.clear();
        return NONE;
      case SMFIC.QUIT:
        return { replies: [], close: true };
      default:
        throw new MilterProtocolError(`unknown command 0x${command.toString(16)}`);
    }
  }

  /** The answer to a step: none when the MTA waits for none; the refusal once the message is over the limit. */
  private reply(noReplyStep: number): SessionStep {
    if (this.steps & noReplyStep) return NONE;
    return { replies: this.over ? this.refusal() : [CONTINUE] };
  }

  /** The refusal of the message over the limit, decided (and logged) once, given again to any later step. */
  private refusal(): Buffer[] {
    this.refused ??= this.handlers.overLimit(this.message());
    return this.refused;
  }

  private defineMacros(data: Buffer): void {
    if (data.length === 0) return;
    const target = CONNECTION_STAGES.has(data[0] as number) ? this.connectionMacros : this.messageMacros;
    const fields = nulFields(data.subarray(1));
    for (let i = 0; i + 1 < fields.length; i += 2) target.set((fields[i] as Buffer).toString('latin1'), (fields[i + 1] as Buffer).toString('latin1'));
  }

  private startMessage(from: string): void {
    // The message macros for MAIL arrived just before it: keep them, drop any older ones.
    const macros = this.messageMacros;
    this.forgetMessage();
    this.messageMacros = macros;
    this.from = from;
    this.inMessage = true;
  }

  private forgetMessage(): void {
    this.messageMacros = new Map();
    this.from = '';
    this.recipients = [];
    this.parts = [];
    this.bytes = 0;
    this.over = false;
    this.sawEndOfHeaders = false;
    this.refused = undefined;
    this.inMessage = false;
  }

  /** `name: value` CRLF; a folded value's bare line feeds become CRLF, as on the wire. */
  private addHeader(data: Buffer): void {
    const [name, value] = nulFields(data);
    if (!name) throw new MilterProtocolError('header without a name');
    const folded = value && value.includes(0x0a) ? Buffer.from(value.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1') : (value ?? Buffer.alloc(0));
    this.add(name);
    this.add(COLON_SPACE);
    this.add(folded);
    this.add(CRLF);
  }

  /** Keeps bytes of the message while under the limit; counts them all. */
  private add(bytes: Buffer): void {
    this.bytes += bytes.length;
    if (this.over) return;
    if (this.bytes > this.handlers.maxSize) {
      this.over = true;
      this.parts = [];
      return;
    }
    // Packets are views of the socket's chunks: copied, so that a kept header does not hold a whole chunk.
    this.parts.push(bytes.length > 256 ? bytes : Buffer.from(bytes));
  }

  private message(): MilterMessage {
    const content = this.over ? Buffer.alloc(0) : Buffer.concat(this.parts);
    return { content, bytes: this.bytes, over: this.over, envelope: { from: this.from, recipients: this.recipients }, macros: new Map([...this.connectionMacros, ...this.messageMacros]) };
  }

  private async endOfMessage(lastChunk: Buffer): Promise<SessionStep> {
    if (!this.sawEndOfHeaders) this.add(CRLF);
    if (lastChunk.length > 0) this.add(lastChunk);
    if (this.over) {
      const replies = this.refusal();
      this.forgetMessage();
      return { replies };
    }
    const message = this.message();
    this.forgetMessage();
    return { replies: await this.handlers.decide(message) };
  }
}
