/**
 * `mrseq classify <paths...>`: batch-classify MRI series from DICOM, NIfTI, MGZ and 2D images.
 *
 * Exit codes: 0 every input was read (series may still be unknown, unclassified or skipped; that is a
 * result, not an error); 1 finished, but some files could not be read (listed in the report);
 * 2 usage error or no input found; 3 the model could not be loaded.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import * as os from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { SeriesReport } from '@mrseq/extension/core/classifySeries';
import type { SliceCount } from '@mrseq/extension/core/slices';
import type { ReadFailure } from '@mrseq/extension/core/types';
import { DEFAULT_MODEL_DIR, loadModel, ModelLoadError, type LoadedModel } from './loadModel';
import { writeCamOverlays } from './camWriter';
import { listInputs } from './collect';
import { type ReportStream, jsonDocumentStream, jsonLinesStream } from './jsonStream';
import { classifyAll } from './pipeline';
import { createProgress } from './progress';
import { DEFAULT_FUSION_FIT } from '@mrseq/extension/core/metadata/posterior';
import { type RunInfo, seriesToJson, toCsv, toJsonDocument, toTable } from './report';
import { releasePixels, type WorkOptions } from './seriesWork';
import { decideStudies, studyIdOf } from './studies';

export const EXIT = { ok: 0, unreadable: 1, usage: 2, model: 3 } as const;
const VERSION: string = require('../package.json').version;

interface ClassifyCliOptions {
  model: string;
  format: 'table' | 'json' | 'jsonl' | 'csv';
  slices?: SliceCount;
  axis: 'auto' | 'i' | 'j' | 'k';
  cam?: string;
  metadata: boolean;
  minSlices?: number;
  threads: number;
  jobs: number;
  output?: string;
  progress: boolean;
}

function parseSlices(v: string): SliceCount {
  if (v === 'all') return 'all';
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('use a positive whole number or "all"');
  return n;
}

function parsePositiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('use a positive whole number');
  return n;
}

export interface RunResult {
  reports: SeriesReport[];
  failures: ReadFailure[];
  model: LoadedModel;
}

/** Called as the run goes: when the model is loaded, for each classified series and each unreadable file. */
export interface RunHooks {
  start?(model: LoadedModel): void;
  report?(report: SeriesReport): void;
  failure?(failure: ReadFailure): void;
}

export async function runClassify(paths: string[], opts: ClassifyCliOptions, log: (line: string) => void, hooks: RunHooks = {}): Promise<RunResult | number> {
  let model: LoadedModel;
  try {
    model = await loadModel(opts.model, { threads: opts.threads });
  } catch (err) {
    log(`mrseq: ${err instanceof ModelLoadError ? err.message : String(err)}`);
    return EXIT.model;
  }
  const fittedFor = DEFAULT_FUSION_FIT.fitted_for_model;
  if (opts.metadata && fittedFor && fittedFor !== model.config.name) {
    log(`mrseq: note: the header fusion was fitted for ${fittedFor}, not ${model.config.name} (re-fit it: npm run study:calibrate)`);
  }
  const listed = await listInputs(paths);
  const files = listed.groups.flatMap((g) => g.files);
  if (files.length === 0) {
    for (const f of listed.failures) log(`mrseq: ${f.source}: ${f.reason}`);
    log('mrseq: no input files found');
    return EXIT.usage;
  }
  hooks.start?.(model);
  const failures: ReadFailure[] = [];
  const fail = (f: ReadFailure) => {
    failures.push(f);
    hooks.failure?.(f);
  };
  listed.failures.forEach(fail);
  const progress = createProgress(files.length, opts.progress);
  const reports: SeriesReport[] = [];
  const work: WorkOptions = {
    read: { axis: opts.axis },
    // a one-slice series gets its slice's label, flagged, unless --min-slices asks for more
    classify: { slices: opts.slices, metadata: opts.metadata, minSlices: opts.minSlices, singleSlice: opts.minSlices === undefined },
    keepPixels: !!opts.cam,
  };
  await classifyAll(files, { jobs: opts.jobs ?? 1, work, classifier: model.classifier, modelDir: opts.model, threads: opts.threads, progress }, {
    failure: fail,
    report: async (report) => {
      if (opts.cam) {
        await writeCamOverlays(opts.cam, report, reports.length + 1, model.config.labels);
        releasePixels(report.series);
      }
      reports.push(report);
      hooks.report?.(report);
    },
  });
  progress.stop();
  return { reports, failures, model };
}

/** Reader threads by default: one per core. */
export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

function runInfo(model: LoadedModel, opts: ClassifyCliOptions): RunInfo {
  return {
    toolVersion: VERSION,
    modelName: model.config.name,
    modelSha256: model.config.sha256,
    preprocessing: model.config.preprocessingVersion,
    labels: model.config.labels,
    metadata: opts.metadata,
    slices: opts.slices ?? model.config.decision.slicesPerSeries,
    fusion: opts.metadata
      ? { method: 'fitted', fittedForModel: DEFAULT_FUSION_FIT.fitted_for_model, headerExponent: DEFAULT_FUSION_FIT.header_exponent }
      : undefined,
  };
}

/** Where the report goes: standard output, or a file written as the run goes (each piece at once). */
function reportSink(opts: ClassifyCliOptions, out: (s: string) => void): { write: (s: string) => void; close: () => void } {
  if (!opts.output) return { write: out, close: () => undefined };
  let fd: number | null = null;
  return {
    write: (s) => {
      fd ??= openSync(opts.output!, 'w');
      writeSync(fd, s);
    },
    close: () => {
      if (fd !== null) closeSync(fd);
    },
  };
}

export function buildProgram(io: { out: (s: string) => void; err: (s: string) => void; setCode: (c: number) => void }): Command {
  const program = new Command();
  program
    .name('mrseq')
    .description('Tell which MRI sequence each series is (T1, T1c, T2, FLAIR, DWI, ADC, other) from the pixels')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  program
    .command('classify')
    .description('classify every series found in the given files and folders (DICOM, NIfTI, MGZ, PNG/JPEG/TIFF)')
    .argument('<paths...>', 'files or folders (searched recursively)')
    .option('--model <dir>', 'model directory holding model.json and model.onnx', DEFAULT_MODEL_DIR)
    .addOption(new Option('--format <format>', 'report format (json and jsonl are written as the run goes)').choices(['table', 'json', 'jsonl', 'csv']).default('table'))
    .option('--slices <n|all>', 'slices classified per series (default: the model\'s setting)', parseSlices)
    .addOption(new Option('--axis <axis>', 'NIfTI/MGZ slicing axis').choices(['auto', 'i', 'j', 'k']).default('auto'))
    .option('--cam <dir>', 'write a PNG of each classified slice with its class-activation map over it')
    .option('--no-metadata', 'ignore DICOM headers: image model only')
    .option('--min-slices <n>', 'fewest slices a series needs to be classified (default: the model\'s setting; a one-slice series is then still classified on its slice, flagged as a single-slice decision)', parsePositiveInt)
    .option('--threads <n>', 'onnxruntime intra-op threads', parsePositiveInt, 1)
    .option('--jobs <n>', 'threads that read, decode and classify series (default: one per CPU core; 1 works in the main thread); the report does not depend on it', parsePositiveInt, defaultJobs())
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--no-progress', 'no progress bar on standard error')
    .action(async (paths: string[], opts: ClassifyCliOptions) => {
      const sink = reportSink(opts, io.out);
      let stream: ReportStream | null = null;
      const streamed = opts.format === 'json' || opts.format === 'jsonl';
      const result = await runClassify(paths, opts, io.err, {
        start: (model) => {
          if (!streamed) return;
          const head = toJsonDocument(runInfo(model, opts), [], []) as unknown as Record<string, unknown>;
          stream = opts.format === 'json' ? jsonDocumentStream(head, sink.write) : jsonLinesStream(head, sink.write);
        },
        // A series' study id depends on that series alone, so it is known as soon as the series is.
        report: (r) => stream?.series({ ...seriesToJson(r), study: studyIdOf(r.series) } as unknown as Record<string, unknown>),
        failure: (f) => stream?.failure(f),
      });
      if (typeof result === 'number') {
        sink.close();
        io.setCode(result);
        return;
      }
      const { reports, failures, model } = result;
      // Studies are decided once every series is in; the streamed JSON writes them after the series.
      const studies = decideStudies(reports);
      if (stream) {
        (stream as ReportStream).end(toJsonDocument(runInfo(model, opts), reports, failures, studies) as unknown as Record<string, unknown>);
      } else {
        sink.write(`${opts.format === 'csv' ? toCsv(reports, model.config.labels, studies) : toTable(reports, failures, studies)}\n`);
      }
      sink.close();
      io.setCode(failures.length > 0 ? EXIT.unreadable : EXIT.ok);
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram({
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
    setCode: (c) => {
      code = c;
    },
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    if (e.code?.startsWith('commander.')) return EXIT.usage;
    throw err;
  }
  return code;
}
