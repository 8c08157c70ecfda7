/**
 * Reading and classifying a whole input with bounded memory, in two passes:
 * 1. index: every file once, DICOM only up to its pixel data, to learn which series it belongs to, so
 *    that a series spread over several folders (as PACS exports often are) is one series; only a key
 *    per file is kept;
 * 2. work: one series at a time (its files read and decoded together, then classified), in the order
 *    each series' first file comes in the sorted input, and handed on strictly in that order whatever
 *    --jobs is.
 * With --jobs N both passes run in N reader threads (readPool.ts), each with its own model session,
 * while this thread only writes results; at most N + 1 series are in flight at once, so memory follows
 * the largest series, not the archive.
 */
import type { SeriesReport } from '@mrseq/extension/core/classifySeries';
import type { SequenceClassifier } from '@mrseq/extension/core/inference';
import type { ReadFailure } from '@mrseq/extension/core/types';
import type { Progress } from './progress';
import { type Reader, inProcessReader, orderedMap, workerReader } from './readPool';
import { type IndexEntry, type SeriesTask, planTasks, taskLabel } from './readTask';
import type { WorkOptions, WorkResult } from './seriesWork';

export interface PipelineOptions {
  /** Reader threads; 1 works in this thread. */
  jobs: number;
  work: WorkOptions;
  /** This thread's classifier (--jobs 1); reader threads load `modelDir` with `threads` themselves. */
  classifier: SequenceClassifier;
  modelDir: string;
  threads: number;
  progress: Progress;
}

export interface PipelineSink {
  report(report: SeriesReport): Promise<void>;
  failure(failure: ReadFailure): void;
}

/** Files per index request (a reader thread indexes a chunk at a time). */
const INDEX_CHUNK = 32;

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function filesOf(task: SeriesTask): string[] {
  return task.kind === 'single' ? [task.file] : task.files;
}

/** Read and classify every file (listed in input order); hand each report and failure to `sink`, in order. */
export async function classifyAll(files: string[], opts: PipelineOptions, sink: PipelineSink): Promise<void> {
  const reader: Reader =
    opts.jobs > 1
      ? workerReader(opts.jobs, { modelDir: opts.modelDir, threads: opts.threads, work: opts.work })
      : inProcessReader(opts.classifier, opts.work);
  try {
    const entries: IndexEntry[] = [];
    await orderedMap(chunks(files, INDEX_CHUNK), reader.concurrency * 2, (chunk) => reader.index(chunk), (result) => {
      entries.push(...result);
      opts.progress.status(`indexing: ${entries.length} of ${files.length} files`);
    });
    await orderedMap(
      planTasks(entries),
      reader.concurrency + 1,
      (task): Promise<WorkResult> => {
        if (task.kind === 'failure') return Promise.resolve({ reports: [], failures: [task.failure] });
        // A reader thread that died (a decoder out of memory, say) fails this series only.
        return reader.work(task).catch((err: Error) => ({
          reports: [],
          failures: filesOf(task).map((source) => ({ source, reason: `reading stopped: ${err.message}` })),
        }));
      },
      async (result, task) => {
        if (task.kind !== 'failure') opts.progress.status(taskLabel(task));
        for (const f of result.failures) sink.failure(f);
        for (const r of result.reports) await sink.report(r);
        for (let i = 0; i < (task.kind === 'failure' ? 1 : filesOf(task).length); i++) opts.progress.tick();
      },
    );
  } finally {
    await reader.close();
  }
}
