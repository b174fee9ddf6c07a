/**
 * Recall and precision of the detectors on test lists published by open validator libraries
 * (python-stdnum, validator.js, ibantools, stdnum-js, ...), transcribed in test/data/published/
 * with their source and licence. Nobody here wrote those values.
 *
 *   npm run published            (the table, then every disagreement)
 *
 * test/detect/published-lists.test.ts pins the same figures, so that a change in them is seen.
 */
import { evaluatePublished } from '../test/helpers/published.js';

const rows = evaluatePublished();
console.log('entity | valid | found | recall | invalid | accepted | precision | left out');
for (const r of rows) {
  console.log(`${r.entity} | ${r.valid} | ${r.found} | ${(r.recall * 100).toFixed(1)} % | ${r.invalid} | ${r.accepted} | ${(r.precision * 100).toFixed(1)} % | ${r.leftOut}`);
}
for (const r of rows) {
  for (const v of r.missed) console.log(`  ${r.entity}: missed ${JSON.stringify(v)}`);
  for (const v of r.wronglyAccepted) console.log(`  ${r.entity}: accepted ${JSON.stringify(v)}`);
}
