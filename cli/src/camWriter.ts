/**
 * `--cam DIR`: one PNG per classified slice, the slice in grey with the class-activation map of the
 * series label drawn over it.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { camToHeatmap, overlayRGBA } from '@mrseq/extension/core/cam';
import type { SeriesReport } from '@mrseq/extension/core/classifySeries';

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(-80) || 'series';
}

export async function writeCamOverlays(dir: string, report: SeriesReport, seriesNumber: number, labels: string[]): Promise<string[]> {
  const label = report.label ?? report.image?.label;
  if (!label || !report.volume || report.predictions.length === 0) return [];
  const classIndex = labels.indexOf(label);
  if (classIndex < 0) return [];
  const volume = report.series.volumes[report.volume.index];
  await fs.mkdir(dir, { recursive: true });
  const written: string[] = [];
  const stem = `${String(seriesNumber).padStart(3, '0')}_${safeName(report.series.seriesDescription || path.basename(report.series.sources[0] ?? report.series.id))}`;
  for (let k = 0; k < report.predictions.length; k++) {
    const p = report.predictions[k];
    if (!p.cam || !p.camDims) continue;
    const sliceIndex = report.slices[k].index;
    const slice = volume.slices[sliceIndex];
    const heat = camToHeatmap(p.cam, p.camDims, classIndex, p.geometry);
    const png = new PNG({ width: slice.width, height: slice.height });
    png.data = Buffer.from(overlayRGBA(slice.pixels, heat).buffer);
    const file = path.join(dir, `${stem}_slice${String(sliceIndex).padStart(3, '0')}_${label}.png`);
    await fs.writeFile(file, PNG.sync.write(png));
    written.push(file);
  }
  return written;
}
