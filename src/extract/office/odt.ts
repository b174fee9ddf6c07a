import type { Extractor, ExtractOutput } from '../extractor.js';
import { readOdfPackage } from './odf-content.js';
import { tableUnit, textUnit } from './office-package.js';

/**
 * OpenDocument text (.odt): the paragraphs and headings of content.xml, then the page headers and
 * footers of styles.xml, as one text unit (`file.odt`); each table as a unit named after the
 * table (`file.odt#Tableau1`, or `#table2` for an unnamed one).
 */
export const odtExtractor: Extractor = {
  id: 'odt',
  accepts: (type) => type === 'odt',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const { content, styles } = await readOdfPackage(part.content, ctx, { cellSeparator: ' ' }, true);
    const text = textUnit(part.where, [...content.lines, ...(styles?.lines ?? [])]);
    if (text) yield { kind: 'unit', unit: text };
    for (const [i, table] of content.tables.entries()) {
      const unit = tableUnit(`${part.where}#${table.name || `table${i + 1}`}`, table, ctx.budget);
      if (unit) yield { kind: 'unit', unit };
    }
  },
};
