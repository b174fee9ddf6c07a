/**
 * The Sendmail milter protocol, version 6, as Postfix (smtpd_milters, milter_protocol = 6) and
 * Sendmail 8.14+ speak it: each packet is a 32-bit big-endian length (command byte included),
 * one command byte, then its data. Written from Sendmail's libmilter documentation (mfdef.h) and
 * Postfix's MILTER_README; only what pii-scan uses is named.
 */

/** Commands from the MTA. */
export const SMFIC = {
  ABORT: 0x41, // 'A': the current message is abandoned
  BODY: 0x42, // 'B': a chunk of the body (at most 65,535 bytes)
  CONNECT: 0x43, // 'C'
  MACRO: 0x44, // 'D': macros for the command that follows
  BODYEOB: 0x45, // 'E': end of the message: the answer that decides it
  HELO: 0x48, // 'H'
  QUIT_NC: 0x4b, // 'K': quit, but the socket is reused for a new SMTP connection
  HEADER: 0x4c, // 'L': name NUL value NUL
  MAIL: 0x4d, // 'M': MAIL FROM argument(s), NUL-separated
  EOH: 0x4e, // 'N': end of headers
  OPTNEG: 0x4f, // 'O': version, actions, protocol steps
  QUIT: 0x51, // 'Q'
  RCPT: 0x52, // 'R': RCPT TO argument(s)
  DATA: 0x54, // 'T'
  UNKNOWN: 0x55, // 'U'
} as const;

/** Replies to the MTA. */
export const SMFIR = {
  ACCEPT: 0x61, // 'a'
  CONTINUE: 0x63, // 'c'
  ADDHEADER: 0x68, // 'h': name NUL value NUL
  QUARANTINE: 0x71, // 'q': reason NUL (Postfix: the message goes to the hold queue)
  TEMPFAIL: 0x74, // 't'
  REPLYCODE: 0x79, // 'y': "550 5.7.1 text" NUL
  OPTNEG: 0x4f, // 'O'
} as const;

/** Actions the milter may take at the end of a message (SMFIF_*). */
export const SMFIF = {
  ADDHDRS: 0x01,
  QUARANTINE: 0x20,
} as const;

/** Protocol steps the milter asks the MTA to leave out, or not to wait for a reply to (SMFIP_*). */
export const SMFIP = {
  NOCONNECT: 0x1,
  NOHELO: 0x2,
  NR_HDR: 0x80,
  NOUNKNOWN: 0x100,
  NODATA: 0x200,
  NR_MAIL: 0x4000,
  NR_RCPT: 0x8000,
  NR_EOH: 0x40000,
} as const;

/** The protocol version spoken: Postfix 2.6+ and Sendmail 8.14+ offer it. */
export const MILTER_VERSION = 6;

/**
 * What pii-scan asks of the MTA, each step only if the MTA offers to leave it out: no connection,
 * HELO, DATA or unknown-command events (the scan needs none); no reply awaited after MAIL, RCPT,
 * each header and the end of headers (pii-scan never refuses there). Body chunks are answered,
 * so that a message over --max-size is refused while it arrives, not after.
 */
export const WANTED_STEPS = SMFIP.NOCONNECT | SMFIP.NOHELO | SMFIP.NOUNKNOWN | SMFIP.NODATA | SMFIP.NR_MAIL | SMFIP.NR_RCPT | SMFIP.NR_HDR | SMFIP.NR_EOH;
export const WANTED_ACTIONS = SMFIF.ADDHDRS | SMFIF.QUARANTINE;

/** A packet longer than this is not the milter protocol (body chunks are at most 64 KiB; a header at most Postfix's header_size_limit, 100 KiB). */
export const MAX_PACKET_BYTES = 1024 * 1024;

export interface Packet {
  command: number;
  data: Buffer;
}

/** The packet was malformed: the connection is closed (the MTA then applies milter_default_action). */
export class MilterProtocolError extends Error {
  override readonly name = 'MilterProtocolError';
}

/**
 * Cuts a byte stream into packets; keeps a partial packet until the rest arrives. The chunks of a
 * partial packet are joined once it is whole, never at each chunk: a 1 MiB packet trickled a few
 * bytes at a time costs one copy, not one per chunk.
 */
export class PacketReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes the packet at the head of `pending` needs in all (length field included), once its length is known. */
  private needed = 0;

  /** The packets complete once `chunk` is added. Throws MilterProtocolError on a length out of bounds. */
  push(chunk: Buffer): Packet[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.needed === 0 && this.pendingBytes >= 4) this.needed = 4 + packetLength(this.join(), 0);
    if (this.needed === 0 || this.pendingBytes < this.needed) return [];
    const buffer = this.join();
    const packets: Packet[] = [];
    let at = 0;
    while (buffer.length - at >= 4) {
      const length = packetLength(buffer, at);
      if (buffer.length - at - 4 < length) break;
      packets.push({ command: buffer[at + 4] as number, data: buffer.subarray(at + 5, at + 4 + length) });
      at += 4 + length;
    }
    const rest = buffer.subarray(at);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes = rest.length;
    this.needed = rest.length >= 4 ? 4 + packetLength(rest, 0) : 0;
    return packets;
  }

  /** The pending chunks as one buffer (joined at most once per packet). */
  private join(): Buffer {
    if (this.pending.length > 1) this.pending = [Buffer.concat(this.pending, this.pendingBytes)];
    return this.pending[0] as Buffer;
  }
}

function packetLength(buffer: Buffer, at: number): number {
  const length = buffer.readUInt32BE(at);
  if (length < 1 || length > MAX_PACKET_BYTES) throw new MilterProtocolError(`packet length ${length} out of bounds`);
  return length;
}

/** One packet as sent on the wire. */
export function encodePacket(command: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const packet = Buffer.allocUnsafe(5 + data.length);
  packet.writeUInt32BE(1 + data.length, 0);
  packet[4] = command;
  data.copy(packet, 5);
  return packet;
}

/** The NUL-terminated strings of a packet's data, as bytes (a value may hold 8-bit text). */
export function nulFields(data: Buffer): Buffer[] {
  const fields: Buffer[] = [];
  let start = 0;
  for (let end = data.indexOf(0, start); end >= 0; end = data.indexOf(0, start)) {
    fields.push(data.subarray(start, end));
    start = end + 1;
  }
  if (start < data.length) fields.push(data.subarray(start));
  return fields;
}

/** The MTA's offer in SMFIC_OPTNEG. */
export interface Offer {
  version: number;
  actions: number;
  steps: number;
}

export function readOffer(data: Buffer): Offer {
  if (data.length < 12) throw new MilterProtocolError(`option negotiation of ${data.length} bytes, expected 12`);
  return { version: data.readUInt32BE(0), actions: data.readUInt32BE(4), steps: data.readUInt32BE(8) };
}

/** The reply to the offer: pii-scan's version, and the actions and steps it wants among those offered. */
export function negotiate(offer: Offer): Offer {
  if (offer.version < MILTER_VERSION) throw new MilterProtocolError(`the MTA speaks milter protocol version ${offer.version}; pii-scan needs ${MILTER_VERSION} (Postfix 2.6 or later, Sendmail 8.14 or later)`);
  return { version: MILTER_VERSION, actions: offer.actions & WANTED_ACTIONS, steps: offer.steps & WANTED_STEPS };
}

export function encodeOffer(offer: Offer): Buffer {
  const data = Buffer.allocUnsafe(12);
  data.writeUInt32BE(offer.version, 0);
  data.writeUInt32BE(offer.actions, 4);
  data.writeUInt32BE(offer.steps, 8);
  return encodePacket(SMFIR.OPTNEG, data);
}

/** Fields joined with and ended by NUL. */
export function nulJoined(...fields: string[]): Buffer {
  return Buffer.from(`${fields.join('\0')}\0`, 'latin1');
}

/**
 * An SMTP reply as SMFIR_REPLYCODE carries it: "550 5.7.1 text". The text is one line of printable
 * ASCII at most 900 long (libmilter refuses anything else; accents are dropped, "refusé" becomes
 * "refuse"), and a '%' is doubled (Sendmail reads the reply as a format string; Postfix turns
 * '%%' back into '%').
 */
export function encodeReplyCode(code: number, text: string): Buffer {
  const line = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '?').slice(0, 900).replace(/%/g, '%%');
  return encodePacket(SMFIR.REPLYCODE, nulJoined(`${code} ${line}`));
}
