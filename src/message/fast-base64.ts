/**
 * A faster base64 transfer decoder for mailparser. mailparser decodes each base64 part through
 * libbase64's Decoder (made by @zone-eu/mailsplit's MimeNode.getDecoder), which turns every chunk
 * into a string, strips it with a regular expression and slices it again: about a seventh of the
 * scanning thread's time on the corpus mailbox. Here a chunk made of base64 characters and line
 * ends only (what every mail program writes) is cut at a whole quartet with one pass over its
 * bytes and decoded by Node, which skips line ends itself. Any other chunk (padding inside the
 * data, stray bytes) goes through libbase64's own code, with the same carried characters, so the
 * bytes decoded are the same in every case.
 */
import { createRequire } from 'node:module';
import type { Transform, TransformCallback } from 'node:stream';

const require = createRequire(import.meta.url);

interface Libbase64Decoder extends Transform {
  _curLine: string;
  inputBytes: number;
  outputBytes: number;
}
type DecoderClass = new () => Libbase64Decoder;

/** Bytes of the base64 alphabet (1), line ends (2), anything else (0); base64-bodies.ts reads it too. */
export const KIND = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') KIND[c.charCodeAt(0)] = 1;
KIND[0x0a] = KIND[0x0d] = 2;

/**
 * Where to cut `chunk` so that `carried` characters and the base64 characters before the cut make
 * whole quartets, or -1 when the chunk holds anything but base64 characters and line ends.
 */
function quartetCut(chunk: Buffer, carried: number): number {
  let count = carried;
  for (let i = 0; i < chunk.length; i++) {
    const kind = KIND[chunk[i]];
    if (kind === 1) count++;
    else if (kind === 0) return -1;
  }
  let extra = count % 4;
  let cut = chunk.length;
  while (extra > 0 && cut > 0) if (KIND[chunk[--cut]] === 1) extra--;
  // Fewer characters in the chunk than must be carried: the carried ones stay carried too.
  return extra > 0 ? -1 : cut;
}

/** libbase64's Decoder with the fast path above; its state (`_curLine`) is kept as libbase64 keeps it. */
function fasterDecoder(Base: DecoderClass): DecoderClass {
  const slow = Base.prototype._transform as (this: Libbase64Decoder, chunk: Buffer, encoding: BufferEncoding, done: TransformCallback) => void;
  return class FastBase64Decoder extends Base {
    override _transform(chunk: Buffer, encoding: BufferEncoding, done: TransformCallback): void {
      const cut = chunk.length > 0 ? quartetCut(chunk, this._curLine.length) : -1;
      if (cut < 0) return slow.call(this, chunk, encoding, done);
      this.inputBytes += chunk.length;
      const out = Buffer.from(this._curLine + chunk.toString('latin1', 0, cut), 'base64');
      this._curLine = cut < chunk.length ? chunk.toString('latin1', cut).replace(/[\r\n]/g, '') : '';
      this.outputBytes += out.length;
      if (out.length > 0) this.push(out);
      done();
    }
  };
}

const libbase64 = require('libbase64') as { Decoder: DecoderClass };
const FastDecoder = fasterDecoder(libbase64.Decoder);

/** A base64 transfer decoder: the same bytes as libbase64's, faster. */
export const createBase64Decoder = (): Transform => new FastDecoder();

let installed = false;

/**
 * Makes mailparser's MIME nodes decode base64 with the faster decoder. The MimeNode patched is
 * the one mailparser loads (a test checks that they resolve to the same module file).
 */
export function installFastBase64(): void {
  if (installed) return;
  installed = true;
  const MimeNode = require('@zone-eu/mailsplit/lib/mime-node.js') as { prototype: { getDecoder(): Transform } };
  const original = MimeNode.prototype.getDecoder;
  MimeNode.prototype.getDecoder = function getDecoder(this: unknown) {
    const decoder = original.call(this);
    return decoder instanceof libbase64.Decoder ? new FastDecoder() : decoder;
  };
}
