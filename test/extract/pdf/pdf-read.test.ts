import { describe, expect, it } from 'vitest';
import { readWithPdfjs } from '../../../src/extract/pdf/pdf-read.js';
import { toPdfText } from '../../../fixtures/generator/pdf.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith } from '../../helpers/parts.js';

// Taken before pdf.js is loaded in this thread (pdf-read.ts imports it on first use only).
const nativePush = Array.prototype.push;
const nativeParse = JSON.parse;

describe('pdf.js as loaded by the PDF reader (files the fast reader leaves to it)', () => {
  it('leaves Array.prototype.push and JSON.parse native in its thread (the legacy build polyfills both with slower code)', async () => {
    const pdf = await toPdfText(['Compte rendu de la réunion du comité.']);
    const out = await collect(readWithPdfjs(pdf, 'cr.pdf', ctxWith()));
    expect(out).toEqual([{ kind: 'unit', unit: { kind: 'text', where: 'cr.pdf', text: expect.stringContaining('Compte rendu de la réunion du comité.') } }]);
    expect(Array.prototype.push === nativePush).toBe(true);
    expect(JSON.parse === nativeParse).toBe(true);
    // Functions the polyfills add, which pdf.js needs on Node 20, stay.
    expect(typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers).toBe('function');
  });
});
