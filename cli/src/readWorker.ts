/**
 * Entry of a reader thread (readPool.ts): answers index and work requests one at a time. The model
 * session is opened on the first work request and kept.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SequenceClassifier } from '@mrseq/extension/core/inference';
import { loadModel } from './loadModel';
import type { Reply, Request, WorkerSetup } from './readPool';
import { indexFiles } from './readTask';
import { resultBuffers, workOn } from './seriesWork';

const setup = workerData as WorkerSetup;
const port = parentPort!;
let classifier: Promise<SequenceClassifier> | undefined;

port.on('message', async (req: Request) => {
  if (req.op === 'close') {
    port.close(); // nothing else keeps the thread alive: it exits on its own
    return;
  }
  try {
    if (req.op === 'index') {
      port.postMessage({ id: req.id, result: await indexFiles(req.files) } satisfies Reply);
    } else {
      classifier ??= loadModel(setup.modelDir, { threads: setup.threads }).then((m) => m.classifier);
      const result = await workOn(req.task, await classifier, setup.work);
      port.postMessage({ id: req.id, result } satisfies Reply, resultBuffers(result));
    }
  } catch (err) {
    port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies Reply);
  }
});
