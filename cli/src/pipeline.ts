/**
 * Reading a whole input with bounded memory, in two passes:
 * 1. index: every file once, DICOM only up to its pixel data, to learn which series it belongs to, so
 *    that a series spread over several folders (as PACS exports often are) is one series; only a key
 *    per file is kept;
 * 2. read: one series at a time (its files read and decoded together), in the order each series'
 *    first file comes in the sorted input, and handed on strictly in that order whatever --jobs is.
 * With --jobs N both passes run in N reader threads (readPool.ts) while this thread classifies; at
 * most N + 1 decoded series are held at once, so memory follows the largest series, not the archive.
 */
import type { SliceAxis } from '@mrseq/extension/core/io/nifti';
import type { LoadedSeries, ReadFailure } from '@mrseq/extension/core/types';
import type { Progress } from './progress';
import { type Reader, inProcessReader, orderedMap, workerReader } from './readPool';
import { type IndexEntry, type SeriesTask, type TaskResult, planTasks, taskLabel } from './readTask';

export interface PipelineOptions {
  /** Reader threads; 1 reads in this thread. */
  jobs: number;
  axis?: SliceAxis;
  progress: Progress;
}

export interface PipelineSink {
  series(series: LoadedSeries): Promise<void>;
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

/** Read every file (listed in input order) and hand each series and each failure to `sink`, in order. */
export async function readAll(files: string[], opts: PipelineOptions, sink: PipelineSink): Promise<void> {
  const reader: Reader = opts.jobs > 1 ? workerReader(opts.jobs, { axis: opts.axis }) : inProcessReader({ axis: opts.axis });
  try {
    const entries: IndexEntry[] = [];
    let indexed = 0;
    await orderedMap(chunks(files, INDEX_CHUNK), reader.concurrency * 2, (chunk) => reader.index(chunk), (result) => {
      entries.push(...result);
      indexed += result.length;
      opts.progress.status(`indexing: ${indexed} of ${files.length} files`);
    });
    const tasks = planTasks(entries);
    await orderedMap(
      tasks,
      reader.concurrency + 1,
      (task): Promise<TaskResult> => {
        if (task.kind === 'failure') return Promise.resolve({ series: [], failures: [task.failure] });
        // A reader thread that died while reading (a decoder out of memory, say) fails this series only.
        return reader.read(task).catch((err: Error) => ({
          series: [],
          failures: filesOf(task).map((source) => ({ source, reason: `reading stopped: ${err.message}` })),
        }));
      },
      async (result, task) => {
        if (task.kind !== 'failure') opts.progress.status(taskLabel(task));
        for (const f of result.failures) sink.failure(f);
        for (const s of result.series) await sink.series(s);
        for (let i = 0; i < (task.kind === 'failure' ? 1 : filesOf(task).length); i++) opts.progress.tick();
      },
    );
  } finally {
    await reader.close();
  }
}
