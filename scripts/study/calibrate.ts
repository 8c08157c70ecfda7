/**
 * Study calibration over ../shared/data, from `mrseq classify --format json` output (run it through
 * scripts/study/calibrate.sh, `npm run study:calibrate`, which also runs the classification):
 *   1. fusion v2: how often each kind of header evidence is right, the fitted reliabilities and
 *      header exponent, and image-only / header-only / fused accuracy with leave-one-source-out;
 *   2. T1 vs T1c by comparison: pair accuracy with splits by subject, beside the image model;
 *   3. the study-level benchmark, before and after.
 * Prints the tables (markdown). --write stores the fitted parameters (fusionFit.json, the pair
 * weights in studyParams.json); --docs puts the tables into FUSION.md between its fit markers.
 *
 *   node --import tsx scripts/study/calibrate.ts --json out/study/classify.json [--data DIR] [--model DIR] [--write] [--docs]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MODEL_DIR } from '../../cli/src/defaultModel';
import { parseModelConfig } from '../../extension/src/core/labels';
import type { StudyParams } from '../../extension/src/core/study/types';
import { loadCalibrationData } from './data';
import { calibrateFusion, fitFusion, type FitFile } from './fusionCalibration';
import { calibratePairs, fitWeights } from './pairCalibration';
import { after, before, benchmarkMarkdown, benchStudies } from './studyBenchmark';

const ROOT = path.resolve(__dirname, '..', '..');
const FIT_FILE = path.join(ROOT, 'extension/src/core/metadata/fusionFit.json');
const PARAMS_FILE = path.join(ROOT, 'extension/src/core/study/studyParams.json');
const FUSION_MD = path.join(ROOT, 'extension/src/core/metadata/FUSION.md');
const LABELS_JSON = path.join(ROOT, 'models/training/mrseq_train/labels.json');

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function replaceBlock(doc: string, name: string, body: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`FUSION.md has no ${begin} ... ${end} block`);
  return `${doc.slice(0, i + begin.length)}\n${body}\n${doc.slice(j)}`;
}

function main(): void {
  const json = arg('--json');
  if (!json) throw new Error('usage: calibrate.ts --json <mrseq classify --format json output> [--data DIR] [--model DIR] [--write] [--docs]');
  const dataDir = path.resolve(arg('--data', path.join(ROOT, '..', 'shared', 'data'))!);
  const modelDir = path.resolve(arg('--model', DEFAULT_MODEL_DIR)!);
  const data = loadCalibrationData(json, dataDir, LABELS_JSON);
  const model = parseModelConfig(JSON.parse(readFileSync(path.join(modelDir, 'model.json'), 'utf8')));
  if (model.sha256 !== data.doc.mrseq.model_sha256) {
    throw new Error(`${json} was made with ${data.doc.mrseq.model} (${data.doc.mrseq.model_sha256.slice(0, 12)}…), not ${modelDir}: pass --model`);
  }
  const unknownThreshold = model.decision.unknownThreshold;
  const base = JSON.parse(readFileSync(FIT_FILE, 'utf8')) as FitFile;
  const params = JSON.parse(readFileSync(PARAMS_FILE, 'utf8')) as StudyParams & Record<string, unknown>;

  const dicom = data.labelled.filter((s) => s.json.format === 'dicom');
  const fusion = calibrateFusion(dicom, base, data.labels, unknownThreshold);
  const pairs = calibratePairs(data.labelled, params);

  const studies = benchStudies(data.labelled);
  const bench = benchmarkMarkdown(studies, {
    before,
    after: (st) => {
      const fit = fitFusion(
        dicom.filter((s) => s.source !== st.source),
        base,
        data.labels,
      );
      const weights = fitWeights(pairs.pairs.filter((p) => p.subject !== st.subject));
      return after(st, fit, { ...params, pairModel: { weights } }, data.labels, unknownThreshold);
    },
  });

  const stamp = `Model ${data.doc.mrseq.model} (sha256 ${data.doc.mrseq.model_sha256.slice(0, 12)}…), ${data.doc.series.length} series in its classify output, ${data.labelled.length} of them labelled in INVENTORY.tsv.`;
  const sections = {
    'fit-fusion': `${stamp}\n\n${fusion.markdown}`,
    'fit-pairs': pairs.markdown,
    'fit-studies': `${studies.length} studies with two or more labelled series (DICOM by StudyInstanceUID, NIfTI by folder and subject; 2D images left out).\n\n${bench.markdown}`,
  };
  for (const [name, body] of Object.entries(sections)) console.log(`\n## ${name}\n\n${body}`);

  if (process.argv.includes('--write')) {
    const counts = Object.fromEntries([...fusion.counts].map(([k, c]) => [k, c]));
    const command = 'npm run study:calibrate';
    writeFileSync(
      FIT_FILE,
      `${JSON.stringify(
        {
          ...base,
          about: 'Fusion v2 parameters (FUSION.md). "prior" is hand-set; the rest is written by scripts/study/calibrate.ts from `mrseq classify --format json` over ../shared/data.',
          fitted_for_model: data.doc.mrseq.model,
          fitted_for_sha256: data.doc.mrseq.model_sha256,
          command,
          header_exponent: fusion.fit.header_exponent,
          reliability: fusion.fit.reliability,
          counts,
        },
        null,
        2,
      )}\n`,
    );
    params.pairModel = { ...params.pairModel, command, fitted_on: `${pairs.pairs.length} pre/post pairs`, weights: pairs.weights } as StudyParams['pairModel'];
    writeFileSync(PARAMS_FILE, `${JSON.stringify(params, null, 2)}\n`);
    console.log(`\nwrote ${path.relative(ROOT, FIT_FILE)} and ${path.relative(ROOT, PARAMS_FILE)}`);
  }
  if (process.argv.includes('--docs')) {
    let doc = readFileSync(FUSION_MD, 'utf8');
    for (const [name, body] of Object.entries(sections)) doc = replaceBlock(doc, name, body);
    writeFileSync(FUSION_MD, doc);
    console.log(`updated ${path.relative(ROOT, FUSION_MD)}`);
  }
}

main();
