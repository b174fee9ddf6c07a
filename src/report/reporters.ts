import type { Lang } from './i18n.js';
import type { Report } from './report.js';
import { renderText } from './text-reporter.js';

export interface RenderOptions {
  lang: Lang;
  color: boolean;
}

/** Every output format: a pure function of the report. A new format is one entry here. */
export const REPORTERS = {
  text: (report: Report, options: RenderOptions) => renderText(report, options),
  json: (report: Report) => JSON.stringify(report, null, 2) + '\n',
} satisfies Record<string, (report: Report, options: RenderOptions) => string>;

export type Format = keyof typeof REPORTERS;
export const FORMATS = Object.keys(REPORTERS) as Format[];
