import { describe, expect, it } from 'vitest';
import { rtfToText } from '../../../src/extract/text/rtf-text.js';

const read = (rtf: string) => rtfToText(Buffer.from(rtf, 'latin1'));

describe('rtfToText', () => {
  it.each([
    ['\\\'hh bytes in the document code page (1252)', String.raw`{\rtf1\ansi\ansicpg1252 Andr\'e9 \'80 \'96 fin\par}`, 'André € – fin\n'],
    ['\\\'hh bytes in another code page (1251)', String.raw`{\rtf1\ansi\ansicpg1251 \'cf\'f0\'e8\'e2\'e5\'f2\par}`, 'Привет\n'],
    ['\\uN characters, their stand-in dropped (\\uc1)', String.raw`{\rtf1\ansi caf\u233\'e9 \u8364?\par}`, 'café €\n'],
    ['\\uN with a negative value and \\uc0', String.raw`{\rtf1\ansi\uc0 \u-3913 ok}`, '\uf0b7ok'],
    ['font, colour and style tables, info, generator skipped', String.raw`{\rtf1\ansi{\fonttbl{\f0\fswiss Arial;}}{\colortbl;\red0\green0\blue0;}{\stylesheet{\s0 Normal;}}{\info{\author X}}{\*\generator Riched20;}Bonjour}`, 'Bonjour'],
    ['\\* destinations and pictures skipped, \\bin data stepped over', String.raw`{\rtf1 A{\*\bkmkstart x}B{\pict\pngblip 89504e47}C{\*\unknown zz}D\bin3 {}}E}`, 'ABCDE'],
    ['escaped braces and backslash, \\tab, \\line, \\~', String.raw`{\rtf1 a\{b\}c\\d\tab e\line f\~g}`, 'a{b}c\\d\te\nf\u00a0g'],
    ['a field keeps its result, not its instruction', String.raw`{\rtf1 {\field{\*\fldinst HYPERLINK "x"}{\fldrslt lien}} fin}`, 'lien fin'],
    ['a table: cells tab-separated, rows on their lines, a paragraph in a cell kept on the row', String.raw`{\rtf1\trowd\cellx1000\cellx2000\pard\intbl Nom\cell Ville\cell\row\trowd\cellx1000\cellx2000\pard\intbl DUPONT\par Jean\cell Toulon\cell\row\pard Fin\par}`, 'Nom\tVille\nDUPONT Jean\tToulon\nFin\n'],
  ])('%s', (_name, rtf, text) => {
    expect(read(rtf)).toEqual({ text, html: false });
  });

  it('gives an HTML body encapsulated by Outlook (\\fromhtml1) back as HTML', () => {
    const rtf = String.raw`{\rtf1\ansi\ansicpg1252\fromhtml1 {\*\htmltag19 <table>}{\*\htmltag <tr><td>}\htmlrtf {\b x}\htmlrtf0 DUPONT{\*\htmltag </td><td>}Toulon{\*\htmltag </td></tr></table>}}`;
    expect(read(rtf)).toEqual({ text: '<table><tr><td>DUPONT</td><td>Toulon</td></tr></table>', html: true });
  });

  it('keeps memory bounded on a million nested groups, and still reads the text inside them', () => {
    const rtf = `{\\rtf1 ${'{'.repeat(1_000_000)}fond${'}'.repeat(1_000_000)} fin}`;
    expect(read(rtf)).toEqual({ text: 'fond fin', html: false });
  });

  it('reads a long document in one pass (1 MB of text and groups)', () => {
    const rtf = `{\\rtf1 ${'{\\b gras} texte \\u233? '.repeat(50_000)}}`;
    const { text } = read(rtf);
    expect(text.length).toBe(50_000 * 'gras texte é '.length);
  });
});
