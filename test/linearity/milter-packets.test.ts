import { describe, expect, it } from 'vitest';
import { cpuGrowth, MAX_GROWTH } from '../helpers/cpu-growth.js';
import { encodePacket, PacketReader } from '../../src/relay/milter/milter-protocol.js';

/** The milter's packet reader, fed a packet a few bytes at a time (an MTA, or anything on its socket, may trickle). */
describe('the milter packet reader grows linearly with a trickled packet', () => {
  it('one packet of 64 KiB, 256 KiB and 1 MiB in 16-byte chunks', async () => {
    let sizes: number[] = [];
    const growth = await cpuGrowth(
      // Packets are at most 1 MiB long: the sizes stop there.
      (bytes) => {
        const wire = encodePacket(0x42, Buffer.alloc(bytes - 1, 0x61));
        return Array.from({ length: Math.ceil(wire.length / 16) }, (_, i) => wire.subarray(i * 16, i * 16 + 16));
      },
      (chunks) => {
        const reader = new PacketReader();
        sizes = chunks.flatMap((chunk) => reader.push(chunk)).map((p) => p.data.length);
      },
      [64 * 1024, 256 * 1024, 1024 * 1024],
    );
    expect(sizes).toEqual([1024 * 1024 - 1]);
    expect(growth.ratios[0], growth.summary).toBeLessThanOrEqual(MAX_GROWTH);
    expect(growth.ratios[1], growth.summary).toBeLessThanOrEqual(MAX_GROWTH);
  }, 600_000);
});
