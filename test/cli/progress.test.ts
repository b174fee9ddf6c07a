import { describe, expect, it } from 'vitest';
import { startProgress } from '../../src/cli/progress.js';

/** A terminal that keeps what is written to it. */
function terminal() {
  const written: string[] = [];
  const stream = {
    isTTY: true,
    columns: 120,
    write: (s: string) => (written.push(s), true),
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    clearScreenDown: () => true,
    on: () => stream,
    removeListener: () => stream,
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => written.join('') };
}

describe('the progress line', () => {
  it('shows messages, megabytes, throughput and the share done of a known total, then clears itself', () => {
    const { stream, text } = terminal();
    const progress = startProgress(stream, 4_000_000, 0);
    progress.done(1_000_000);
    progress.done(1_000_000);
    progress.stop();
    const shown = text();
    expect(shown).toMatch(/pii-scan .* 25% \| 1 messages \| 1 of 4 MB \| [\d.]+ MB\/s/);
    expect(shown).toMatch(/2 messages \| 2 of 4 MB/);
  });

  it('shows counts without a share when the size is unknown (standard input)', () => {
    const { stream, text } = terminal();
    const progress = startProgress(stream, null, 0);
    progress.done(3_000_000);
    progress.stop();
    expect(text()).toMatch(/pii-scan 1 messages \| 3 MB \| [\d.]+ MB\/s/);
    expect(text()).not.toMatch(/%/);
  });

  it('draws nothing for a run shorter than its delay', () => {
    const { stream, text } = terminal();
    const progress = startProgress(stream, 4_000_000, 60_000);
    progress.done(4_000_000);
    progress.stop();
    expect(text()).toBe('');
  });
});
