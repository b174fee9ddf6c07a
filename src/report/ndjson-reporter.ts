import { jsonMessage } from './json-message.js';
import type { StreamReporter } from './reporters.js';
import type { Report } from './report.js';

/**
 * `--format ndjson` (DESIGN.md §1): one message object per line, written as soon as the message
 * is decided, then a last line with the summary, the verdict and the tool. A consumer can act on
 * each line as it arrives (`jq -c 'select(.verdict == "block")'`) and read the summary last.
 */
export function ndjsonReporter(): StreamReporter {
  let tool: Report['tool'];
  return {
    begin(t) {
      tool = t;
      return '';
    },
    message: (message) => `${JSON.stringify(jsonMessage(message))}\n`,
    end: (verdict, summary) => `${JSON.stringify({ summary, verdict, tool })}\n`,
  };
}
