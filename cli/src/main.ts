/**
 * `mrseq classify <paths...>`: batch-classify MRI series from DICOM, NIfTI, MGZ and 2D images.
 *
 * Exit codes: 0 every input was read (series may still be unknown, unclassified or skipped; that is a
 * result, not an error); 1 finished, but some files could not be read (listed in the report);
 * 2 usage error or no input found; 3 the model could not be loaded.
 */
import { promises as fs } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { classifySeries, type SeriesReport } from '@mrseq/extension/core/classifySeries';
import type { SliceCount } from '@mrseq/extension/core/slices';
import type { LoadedSeries, ReadFailure } from '@mrseq/extension/core/types';
import { DEFAULT_MODEL_DIR, loadModel, ModelLoadError, type LoadedModel } from './loadModel';
import { writeCamOverlays } from './camWriter';
import { listInputs, readGroup } from './collect';
import { createProgress } from './progress';
import { DEFAULT_FUSION_FIT } from '@mrseq/extension/core/metadata/posterior';
import { toCsv, toJsonDocument, toTable } from './report';
import { decideStudies } from './studies';

export const EXIT = { ok: 0, unreadable: 1, usage: 2, model: 3 } as const;
const VERSION: string = require('../package.json').version;

interface ClassifyCliOptions {
  model: string;
  format: 'table' | 'json' | 'csv';
  slices?: SliceCount;
  axis: 'auto' | 'i' | 'j' | 'k';
  cam?: string;
  metadata: boolean;
  minSlices?: number;
  threads: number;
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

/** Drop a classified series' pixels so that a large archive is never held in memory whole. */
function releasePixels(series: LoadedSeries): void {
  for (const v of series.volumes) for (const s of v.slices) s.pixels = new Float32Array(0);
}

export interface RunResult {
  reports: SeriesReport[];
  failures: ReadFailure[];
  model: LoadedModel;
}

export async function runClassify(paths: string[], opts: ClassifyCliOptions, log: (line: string) => void): Promise<RunResult | number> {
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
  const { groups, failures } = await listInputs(paths);
  const totalFiles = groups.reduce((n, g) => n + g.files.length, 0);
  if (totalFiles === 0) {
    for (const f of failures) log(`mrseq: ${f.source}: ${f.reason}`);
    log('mrseq: no input files found');
    return EXIT.usage;
  }
  const progress = createProgress(totalFiles, opts.progress);
  const reports: SeriesReport[] = [];
  for (const group of groups) {
    progress.status(group.dir);
    const read = await readGroup(group, { axis: opts.axis }, () => progress.tick());
    failures.push(...read.failures);
    for (const series of read.series) {
      const report = await classifySeries(series, model.classifier, {
        slices: opts.slices,
        metadata: opts.metadata,
        minSlices: opts.minSlices,
        // a one-slice series gets its slice's label, flagged, unless --min-slices asks for more
        singleSlice: opts.minSlices === undefined,
      });
      if (opts.cam) await writeCamOverlays(opts.cam, report, reports.length + 1, model.config.labels);
      releasePixels(series);
      reports.push(report);
    }
  }
  progress.stop();
  return { reports, failures, model };
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
    .addOption(new Option('--format <format>', 'report format').choices(['table', 'json', 'csv']).default('table'))
    .option('--slices <n|all>', 'slices classified per series (default: the model\'s setting)', parseSlices)
    .addOption(new Option('--axis <axis>', 'NIfTI/MGZ slicing axis').choices(['auto', 'i', 'j', 'k']).default('auto'))
    .option('--cam <dir>', 'write a PNG of each classified slice with its class-activation map over it')
    .option('--no-metadata', 'ignore DICOM headers: image model only')
    .option('--min-slices <n>', 'fewest slices a series needs to be classified (default: the model\'s setting; a one-slice series is then still classified on its slice, flagged as a single-slice decision)', parsePositiveInt)
    .option('--threads <n>', 'onnxruntime intra-op threads', parsePositiveInt, 1)
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--no-progress', 'no progress bar on standard error')
    .action(async (paths: string[], opts: ClassifyCliOptions) => {
      const result = await runClassify(paths, opts, io.err);
      if (typeof result === 'number') {
        io.setCode(result);
        return;
      }
      const { reports, failures, model } = result;
      const studies = decideStudies(reports);
      let text: string;
      if (opts.format === 'json') {
        const doc = toJsonDocument(
          {
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
          },
          reports,
          failures,
          studies,
        );
        text = JSON.stringify(doc, null, 2);
      } else if (opts.format === 'csv') {
        text = toCsv(reports, model.config.labels, studies);
      } else {
        text = toTable(reports, failures, studies);
      }
      if (opts.output) await fs.writeFile(opts.output, `${text}\n`);
      else io.out(`${text}\n`);
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
