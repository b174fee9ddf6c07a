/**
 * A configuration that cannot be used: missing, unreadable, not YAML/JSON, or invalid. The CLI
 * prints its message after `pii-scan: ` and exits 3 (DESIGN.md §1); never a stack trace.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }

  /** Every problem of a file at once, one per line: `  key.path: what is wrong`. */
  static problems(file: string, problems: readonly string[]): ConfigError {
    const n = problems.length;
    return new ConfigError([`invalid configuration ${file} (${n} problem${n === 1 ? '' : 's'}):`, ...problems.map((p) => `  ${p}`)].join('\n'));
  }
}
