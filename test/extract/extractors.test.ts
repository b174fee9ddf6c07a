import { describe, expect, it } from 'vitest';
import { EXTRACTORS } from '../../src/extract/extractors.js';
import type { PartType } from '../../src/model/part.js';

describe('the list of extractors, loaded on first need', () => {
  it('gives, for each part type, the extractor that reads that type', async () => {
    const entries = Object.entries(EXTRACTORS) as [PartType, () => Promise<{ id: string; accepts(type: PartType): boolean }>][];
    expect(entries.length).toBe(30);
    const wrong: string[] = [];
    for (const [type, load] of entries) {
      const extractor = await load();
      if (!extractor.accepts(type)) wrong.push(`${type}: ${extractor.id}`);
    }
    expect(wrong).toEqual([]);
  });
});
