import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detectorFor } from '../../src/detect/detectors/index.js';
import type { Entity } from '../../src/model/entities.js';

/** One transcribed value; flags say when the source's verdict is not about what we check. */
interface PublishedValue {
  value: string;
  source: string;
  /** validator.js isMobilePhone: invalid as a mobile, yet a valid French fixed/special number. */
  mobileOnly?: boolean;
  /** validator.js isVAT('FR'): valid in shape only, the key is wrong. */
  formatOnly?: boolean;
}

interface PublishedFile {
  entity: Entity;
  valid: PublishedValue[];
  invalid: PublishedValue[];
}

export interface PublishedScore {
  entity: Entity;
  valid: number;
  found: number;
  recall: number;
  invalid: number;
  accepted: number;
  /** found / (found + accepted): of the values the detector accepts here, the share that are right. */
  precision: number;
  /** Values whose published verdict is not about validity (see the flags). */
  leftOut: number;
  missed: string[];
  wronglyAccepted: string[];
}

const DIR = fileURLToPath(new URL('../data/published/', import.meta.url));

/** Runs each entity's cell test (a whole value, no context) over its published lists. */
export function evaluatePublished(): PublishedScore[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = JSON.parse(readFileSync(DIR + f, 'utf8')) as PublishedFile;
      const detector = detectorFor(file.entity);
      if (!detector) throw new Error(`no detector for ${file.entity}`);
      const test = (v: string) => detector.matchCell(v.trim());
      const valid = file.valid.filter((v) => !v.formatOnly).map((v) => v.value);
      const invalid = file.invalid.filter((v) => !v.mobileOnly).map((v) => v.value);
      const leftOut = file.valid.length + file.invalid.length - valid.length - invalid.length;
      const missed = valid.filter((v) => !test(v));
      const wronglyAccepted = invalid.filter(test);
      const found = valid.length - missed.length;
      return {
        entity: file.entity,
        valid: valid.length,
        found,
        recall: valid.length ? found / valid.length : 1,
        invalid: invalid.length,
        accepted: wronglyAccepted.length,
        precision: found + wronglyAccepted.length ? found / (found + wronglyAccepted.length) : 1,
        leftOut,
        missed,
        wronglyAccepted,
      };
    });
}
