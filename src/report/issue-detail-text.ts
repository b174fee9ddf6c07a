import type { DetailParamValues } from '../model/issue-details.js';
import { isDetailKey } from '../model/issue-details.js';
import type { ScanIssue } from '../model/issues.js';
import { FRENCH_DETAILS } from './issue-details-fr.js';
import type { Lang } from './lang.js';

/** Parameters that throw when a text asks for one the issue does not carry. */
function strict(params: DetailParamValues): DetailParamValues {
  return new Proxy(params, {
    get(target, name) {
      if (typeof name === 'string' && !Object.hasOwn(target, name)) throw new RangeError(`no parameter ${name}`);
      return Reflect.get(target, name) as unknown;
    },
  });
}

/**
 * An issue's detail in the report's language. English is the detail itself; so is an issue
 * without a key (kept from before details had keys), or whose key or parameters this version no
 * longer knows: a French text with a hole in it would be worse than the English one.
 */
export function issueDetailText(issue: ScanIssue, lang: Lang): string {
  if (lang !== 'fr' || issue.detailKey === undefined || !isDetailKey(issue.detailKey)) return issue.detail;
  try {
    return (FRENCH_DETAILS[issue.detailKey] as (p: DetailParamValues) => string)(strict(issue.detailParams ?? {}));
  } catch {
    return issue.detail;
  }
}
