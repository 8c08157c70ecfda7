/** Entry of a reader thread (readPool.ts): answers index and read requests one at a time. */
import { parentPort } from 'node:worker_threads';
import type { TaskResult } from './readTask';
import { indexFiles, readSeriesTask } from './readTask';
import { pixelBuffers, type Reply, type Request } from './readPool';

const port = parentPort!;
port.on('message', async (req: Request) => {
  try {
    if (req.op === 'index') {
      port.postMessage({ id: req.id, result: await indexFiles(req.files) } satisfies Reply);
    } else {
      const result: TaskResult = await readSeriesTask(req.task, req.opts);
      port.postMessage({ id: req.id, result } satisfies Reply, pixelBuffers(result.series));
    }
  } catch (err) {
    port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies Reply);
  }
});
