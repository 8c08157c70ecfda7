/**
 * Golden vectors written by the Python export (models/training/mrseq_train/export.py): raw slices,
 * the tensors Python's preprocessing made of them, and the logits and CAMs onnxruntime (Python) gave.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const MODELS_DIR = path.resolve(__dirname, '../../../models');

export interface GoldenSample {
  name: string;
  height: number;
  width: number;
  pixelSpacing: [number, number];
  input: Float32Array;
  tensor: Float32Array;
  logits: number[];
  camDims: [number, number, number];
  cam: Float32Array;
}

function f32(file: string): Float32Array {
  const buf = readFileSync(file);
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

/** Model directories under models/ that ship golden vectors. */
export function modelsWithGolden(): string[] {
  return readdirSync(MODELS_DIR)
    .map((d) => path.join(MODELS_DIR, d))
    .filter((d) => existsSync(path.join(d, 'model.json')) && existsSync(path.join(d, 'golden', 'golden.json')));
}

export function readGolden(modelDir: string): GoldenSample[] {
  const dir = path.join(modelDir, 'golden');
  const entries = JSON.parse(readFileSync(path.join(dir, 'golden.json'), 'utf8')) as Array<Record<string, unknown>>;
  return entries.map((e) => ({
    name: e.name as string,
    height: e.height as number,
    width: e.width as number,
    pixelSpacing: e.pixel_spacing as [number, number],
    input: f32(path.join(dir, e.input as string)),
    tensor: f32(path.join(dir, e.tensor as string)),
    logits: e.logits as number[],
    camDims: e.cam_dims as [number, number, number],
    cam: f32(path.join(dir, e.cam as string)),
  }));
}
