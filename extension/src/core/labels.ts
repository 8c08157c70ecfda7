/**
 * The label set and per-model settings, read from `models/<name>/model.json`.
 * Nothing about the classes is hard-coded elsewhere: a model brings its own labels.
 */
import { FILL_OF_VERSION, type PreprocessingVersion } from './preprocess';

export interface DecisionSettings {
  /** Below this calibrated series probability the series is "unknown". */
  unknownThreshold: number;
  /** Fraction of classified slices that must vote for the winning label. */
  minSliceAgreement: number;
  /** Series with fewer usable slices are not classified. */
  minSlices: number;
  /** Default number of slices sampled per series. */
  slicesPerSeries: number;
}

export interface ModelConfig {
  name: string;
  labels: string[];
  inputName: string;
  inputSize: number;
  logitsName: string;
  camName: string;
  mean: number;
  std: number;
  preprocessingVersion: PreprocessingVersion;
  percentiles: [number, number];
  temperature: number;
  decision: DecisionSettings;
  onnxFile: string;
  sha256: string;
  /** Free-form training summary, shown to researchers. */
  training?: unknown;
}

/** The preprocessing versions this build of the core implements. */
export const SUPPORTED_PREPROCESSING = Object.keys(FILL_OF_VERSION) as PreprocessingVersion[];

export class ModelConfigError extends Error {
  override name = 'ModelConfigError';
}

type Json = Record<string, unknown>;

function obj(value: unknown, where: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ModelConfigError(`model.json: ${where} must be an object`);
  }
  return value as Json;
}

function num(value: unknown, where: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ModelConfigError(`model.json: ${where} must be a number`);
  }
  return value;
}

function str(value: unknown, where: string, fallback?: string): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0) {
    throw new ModelConfigError(`model.json: ${where} must be a non-empty string`);
  }
  return value;
}

/** Validate a parsed model.json and turn it into a typed config; throws ModelConfigError with the field at fault. */
export function parseModelConfig(raw: unknown): ModelConfig {
  const root = obj(raw, 'the top level');
  const labels = root.labels;
  if (!Array.isArray(labels) || labels.length < 2 || !labels.every((l) => typeof l === 'string' && l)) {
    throw new ModelConfigError('model.json: labels must list at least two label names');
  }
  if (new Set(labels).size !== labels.length) {
    throw new ModelConfigError('model.json: labels must be unique');
  }
  const input = obj(root.input, 'input');
  const outputs = obj(root.outputs ?? {}, 'outputs');
  const norm = obj(root.normalization, 'normalization');
  const prep = obj(root.preprocessing, 'preprocessing');
  const calibration = obj(root.calibration ?? {}, 'calibration');
  const decision = obj(root.decision ?? {}, 'decision');
  const onnx = obj(root.onnx, 'onnx');

  const version = str(prep.version, 'preprocessing.version');
  if (!(SUPPORTED_PREPROCESSING as readonly string[]).includes(version)) {
    throw new ModelConfigError(
      `model.json: preprocessing version "${version}" is not implemented by this mrseq (knows ${SUPPORTED_PREPROCESSING.join(', ')})`,
    );
  }
  const pct = prep.percentiles ?? [1, 99];
  if (!Array.isArray(pct) || pct.length !== 2 || !(num(pct[0], 'percentiles[0]') < num(pct[1], 'percentiles[1]'))) {
    throw new ModelConfigError('model.json: preprocessing.percentiles must be [low, high] with low < high');
  }
  const size = num(input.size, 'input.size');
  if (!Number.isInteger(size) || size < 8 || size > 1024) {
    throw new ModelConfigError('model.json: input.size must be an integer between 8 and 1024');
  }
  const std = num(norm.std, 'normalization.std');
  if (std <= 0) throw new ModelConfigError('model.json: normalization.std must be positive');
  const temperature = num(calibration.temperature, 'calibration.temperature', 1);
  if (temperature <= 0) throw new ModelConfigError('model.json: calibration.temperature must be positive');

  return {
    name: str(root.name, 'name'),
    labels: labels as string[],
    inputName: str(input.name, 'input.name', 'input'),
    inputSize: size,
    logitsName: str(outputs.logits, 'outputs.logits', 'logits'),
    camName: str(outputs.cam, 'outputs.cam', 'cam'),
    mean: num(norm.mean, 'normalization.mean'),
    std,
    preprocessingVersion: version as PreprocessingVersion,
    percentiles: [pct[0] as number, pct[1] as number],
    temperature,
    decision: {
      unknownThreshold: num(decision.unknown_threshold, 'decision.unknown_threshold', 0.5),
      minSliceAgreement: num(decision.min_slice_agreement, 'decision.min_slice_agreement', 0.5),
      minSlices: num(decision.min_slices, 'decision.min_slices', 2),
      slicesPerSeries: num(decision.slices_per_series, 'decision.slices_per_series', 12),
    },
    onnxFile: str(onnx.file, 'onnx.file', 'model.onnx'),
    sha256: str(onnx.sha256, 'onnx.sha256').toLowerCase(),
    training: root.training,
  };
}
