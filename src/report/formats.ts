/** Every output format's name, apart from the reporters (reporters.ts) so that parsing the command line loads none of them. */
export const FORMATS = ['text', 'json', 'ndjson', 'sarif', 'junit', 'csv', 'html'] as const;
export type Format = (typeof FORMATS)[number];
