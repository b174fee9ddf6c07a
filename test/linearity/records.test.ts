import { describe, expect, it } from 'vitest';
import { readCards } from '../../src/extract/text/vcard.js';
import { readLdif } from '../../src/extract/text/ldif.js';
import { xmlRecords } from '../../src/extract/text/xml-records.js';
import { cpuGrowth, MAX_GROWTH, repeated } from '../helpers/cpu-growth.js';

/**
 * The record readers (vCard, LDIF, XML) take exports of any size: their cost must grow
 * linearly, with many records under one parent and many values of one attribute alike. CPU time
 * at 1, 4 and 16 MiB (below, one collection of the records' objects is a ratio of its own); each 4x
 * input may cost at most MAX_GROWTH times more. JSON is not here: its reader is JSON.parse and one
 * walk, and its time is the records' allocation, whose collections alone moved its ratio to 7-8
 * (by hand, 1, 4 and 16 MB took 193, 411 and 1,387 ms).
 */

const CASES: [string, (bytes: number) => string, (text: string) => unknown][] = [
  ['XML: every record under one parent', (b) => `<clients>${repeated('<client id="7"><nom>Durand</nom><cp>83000</cp></client>', b)}</clients>`, xmlRecords],
  ['LDIF: one entry, one attribute repeated', (b) => `dn: cn=x\n${repeated('mail: jeanne.morel@example.com\n', b)}`, readLdif],
  ['vCard: one card, one property repeated', (b) => `BEGIN:VCARD\r\n${repeated('TEL;TYPE=cell:06 12 34 56 78\r\n', b)}END:VCARD\r\n`, readCards],
];

describe('record readers grow linearly', () => {
  it.each(CASES)('%s', async (_name, make, read) => {
    const growth = await cpuGrowth(make, read);
    for (const r of growth.ratios) expect(r, growth.summary).toBeLessThanOrEqual(MAX_GROWTH);
  }, 600_000);
});
