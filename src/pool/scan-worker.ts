/**
 * A scan-pool worker: runs the same scanMessage() as a scan in process, one message at a time,
 * and sends the result back as plain data. The pool terminates a worker that overruns its time, which is
 * the only way to stop CPU-bound parsing.
 */
import { parentPort, workerData } from 'node:worker_threads';
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
const source = workerData as ScanSettingsSource;
// Built here, once per worker: the settings hold functions that cannot be posted across threads.
const options = { ...runSettings(source.config, source.flags, source.fingerprints), ...(source.baseline ? { baseline: Baseline.parse(source.baseline) } : {}) };

port.on('message', (task: WorkerTask) => {
  const content = Buffer.from(task.raw.content.buffer, task.raw.content.byteOffset, task.raw.content.byteLength);
  scanMessage({ ...task.raw, content }, options).then(
    (result) => port.postMessage({ id: task.id, result }),
    (err: unknown) => port.postMessage({ id: task.id, error: oneLine(err) }),
  );
});
port.postMessage({ ready: true });
