import { recordsExtractor } from './records-table.js';
import { jsonRecords } from './json-records.js';

/**
 * JSON and NDJSON attachments (an API dump, a CRM export): each array of objects is a table
 * whose header is its keys, nested ones flattened (`adresse.code_postal`), scored as any table. A
 * document without such an array, or that does not parse, is read as text.
 */
export const jsonExtractor = recordsExtractor('json', jsonRecords);
