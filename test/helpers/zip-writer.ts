// The writer lives with the fixture generators, which must not import from test/.
export { makeZip } from '../../fixtures/generator/zip-writer.js';
export type { ZipEntrySpec } from '../../fixtures/generator/zip-writer.js';
