import { DEFAULT_LIMITS } from '../../src/model/limits.js';
import type { Limits } from '../../src/model/limits.js';
import type { Part } from '../../src/model/part.js';
import { messageContext } from '../../src/extract/extractor.js';
import type { ExtractContext } from '../../src/extract/extractor.js';

/** A part as an attachment or archive entry would give it (no decoded text). */
export function filePart(where: string, content: Buffer | string, depth = 0): Part {
  return { where, filename: where, declaredType: null, content: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), depth };
}

/** An extract context with the default limits, some of them overridden. */
export function ctxWith(overrides: Partial<Limits> = {}): ExtractContext {
  return messageContext({ ...DEFAULT_LIMITS, ...overrides });
}
