import type { Extractor, ExtractOutput } from '../extractor.js';
import { readOdfPackage } from './odf-content.js';
import { tableUnit, textUnit } from './office-package.js';

/**
 * OpenDocument spreadsheets (.ods): every sheet a table (`file.ods#Feuille1`), each cell its
 * displayed text (its value when it shows none), lines of a multi-line cell kept apart. Comments
 * and text in shapes make one text unit (`file.ods`). content.xml is scanned as a string, not
 * loaded as a DOM or through SheetJS, which needs gigabytes for a 100k-row sheet.
 */
export const odsExtractor: Extractor = {
  id: 'ods',
  accepts: (type) => type === 'ods',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const { content } = await readOdfPackage(part.content, ctx, { cellSeparator: '\n' }, false);
    const text = textUnit(part.where, content.lines);
    if (text) yield { kind: 'unit', unit: text };
    for (const [i, table] of content.tables.entries()) {
      const unit = tableUnit(`${part.where}#${table.name || `sheet${i + 1}`}`, table, ctx.budget);
      if (unit) yield { kind: 'unit', unit };
    }
  },
};
