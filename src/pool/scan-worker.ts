/**
 * A scan-pool worker: runs the same scanMessage() as a scan in process, one message at a time,
 * and sends the result back as plain data. The pool terminates a worker that overruns its time, which is
 * the only way to stop CPU-bound parsing.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { oneLine } from '../extract/one-line.js';
import { scanMessage } from '../scan-message.js';
import type { RawMessage } from '../scan-message.js';
import { runSettings } from '../config/run-settings.js';
import { Baseline } from '../policy/baseline.js';
import type { ScanSettingsSource } from '../config/run-settings.js';

/** A task as posted by the pool: the message bytes arrive as a transferred Uint8Array. */
export interface WorkerTask {
  id: number;
  raw: Omit<RawMessage, 'content'> & { content: Uint8Array };
}

const port = parentPort;
if (!port) throw new Error('scan-worker must run in a worker thread');

/** Takes tasks once the settings are known. */
function serve(source: ScanSettingsSource, scanPort: MessagePort): void {
  // Built here, once per worker: the settings hold functions that cannot be posted across threads.
  const options = { ...runSettings(source.config, source.flags, source.fingerprints), ...(source.baseline ? { baseline: Baseline.parse(source.baseline) } : {}) };
  scanPort.on('message', (task: WorkerTask) => {
    const content = Buffer.from(task.raw.content.buffer, task.raw.content.byteOffset, task.raw.content.byteLength);
    scanMessage({ ...task.raw, content }, options).then(
      (result) => scanPort.postMessage({ id: task.id, result }),
      (err: unknown) => scanPort.postMessage({ id: task.id, error: oneLine(err) }),
    );
  });
  scanPort.postMessage({ ready: true });
}

// The settings come with the worker, or, for a worker started while they were read
// (ScanPool.beforeSettings), as its first message: the pool sends no task before them.
const given = workerData as ScanSettingsSource | null;
if (given) serve(given, port);
else port.once('message', ({ settings }: { settings: ScanSettingsSource }) => serve(settings, port));
