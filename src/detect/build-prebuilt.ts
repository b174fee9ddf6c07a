/**
 * Run by `npm run build` after the compiler: compiles the reference data of packages into
 * dist/data/ (see prebuilt.ts). A new index is one line in the list.
 */
import { KNOWN_NAMES_INDEX } from './detectors/person-name.js';
import { POSTCODE_INDEX } from './detectors/postal-code.js';
import { writePrebuilt } from './prebuilt.js';

writePrebuilt([POSTCODE_INDEX, KNOWN_NAMES_INDEX]);
