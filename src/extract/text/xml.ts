import { recordsExtractor } from './records-table.js';
import { xmlRecords } from './xml-records.js';

/**
 * XML exports (a CRM's, an accounting package's): each run of repeated elements is a table (see
 * xml-records.ts), scored as any table. A document without records, or not well-formed, is read
 * as text.
 */
export const xmlExtractor = recordsExtractor('xml', xmlRecords);
