import { expect } from 'vitest';
import { PartIssueError } from '../../../src/model/issues.js';
import type { ExtractContext, Extractor } from '../../../src/extract/extractor.js';
import { collect } from '../../helpers/collect.js';
import { filePart } from '../../helpers/parts.js';

/** Shared expectations for the archive extractors' tests. */
export const CSV = Buffer.from('Nom;Ville\nDUPONT;Toulon\n');
export const TXT = Buffer.from('bonjour');

export const run = (extractor: Extractor, name: string, content: Buffer, ctx: ExtractContext) => collect(extractor.extract(filePart(name, content), ctx));
export const inner = (where: string, content: Buffer) => ({ kind: 'part', part: { where, filename: where.split('!').at(-1), declaredType: null, content, depth: 1 } });
export const issue = (code: string, where: string, detail: string) => ({ kind: 'issue', code, where, detail: expect.objectContaining({ text: detail }) });

/** The PartIssueError an extraction throws, as { code, message }. */
export async function thrown(items: Promise<unknown>): Promise<{ code: string; message: string } | unknown> {
  const err = await items.then(() => 'no error', (e: unknown) => e);
  return err instanceof PartIssueError ? { code: err.code, message: err.message } : err;
}

/** Bytes the message was charged for inflation so far. */
export const charged = (ctx: ExtractContext) => ctx.limits.maxInflatedBytes - ctx.budget.inflatedLeft();
