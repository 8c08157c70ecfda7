/**
 * A stand-in for the viewer's side of DICOM, for service tests: files -> OHIF-like display sets, and a
 * cornerstone whose image loader decodes with the core's decoder the way cornerstone hands images over
 * (modality values pre-scaled, MONOCHROME1 left as stored with `invert`, colour flagged, a failed
 * decode rejects). `createCornerstoneSeriesSource(fakeExtensionManager(...))` then runs unchanged.
 */
import { decodePixelData, parseHeader } from '../core/dicom';
import { toModality } from '../core/dicom/pixels';
import type { ParsedFile } from '../core/dicom';
import type { Cornerstone, CsImage, ExtensionManagerLike } from '../ohif/cornerstone';
import type { DisplaySetLike } from '../services/types';
import type { CorpusFile } from './badInputCorpus';

interface Frame {
  file: ParsedFile & { pixelError?: string };
  frame: number;
}

export interface FakeViewer {
  displaySets: DisplaySetLike[];
  extensionManager: ExtensionManagerLike;
  /** imageIds asked for, in order. */
  loaded: string[];
}

/** OHIF's naturalized instance metadata for the header fields the service reads. */
function instanceOf(f: ParsedFile): Record<string, unknown> {
  const h = f.header;
  const out: Record<string, unknown> = {
    Modality: f.modality,
    SeriesDescription: f.seriesDescription,
    ProtocolName: h.protocolName,
    SequenceName: h.sequenceName,
    ScanningSequence: h.scanningSequence,
    SequenceVariant: h.sequenceVariant,
    ScanOptions: h.scanOptions,
    ImageType: h.imageType,
    RepetitionTime: h.repetitionTime,
    EchoTime: h.echoTime,
    InversionTime: h.inversionTime,
    FlipAngle: h.flipAngle,
    ContrastBolusAgent: h.contrastBolusAgent,
    Manufacturer: h.manufacturer,
    MRAcquisitionType: h.mrAcquisitionType,
    PhotometricInterpretation: h.photometricInterpretation,
    SamplesPerPixel: h.samplesPerPixel,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

async function decode({ file, frame }: Frame): Promise<CsImage> {
  const info = file.image;
  const bytes = file.frameBytes[frame];
  if (!info || !bytes) throw new Error(file.pixelError ?? `frame ${frame + 1} has no pixel data`);
  const samples = await decodePixelData(file.transferSyntax.uid, bytes, info);
  const meta = file.frames[frame];
  const color = info.samplesPerPixel > 1;
  // cornerstone leaves MONOCHROME1 as stored and flags it; colour comes back as RGB(A) bytes.
  const pixels = color ? samples : toModality(samples, { ...info, photometric: 'MONOCHROME2' }, meta.rescale);
  const expected = info.rows * info.columns * (color ? info.samplesPerPixel : 1);
  if (pixels.length < expected) throw new Error(`truncated pixel data: ${pixels.length} of ${expected} values`);
  return {
    rows: info.rows,
    columns: info.columns,
    getPixelData: () => pixels,
    color,
    invert: info.photometric.toUpperCase() === 'MONOCHROME1',
    preScale: { scaled: !color },
    rowPixelSpacing: meta.pixelSpacing?.[0],
    columnPixelSpacing: meta.pixelSpacing?.[1],
  };
}

/** Display sets (one per SeriesInstanceUID among the files whose header can be read) and a cornerstone for them. */
export function fakeViewer(files: readonly CorpusFile[]): FakeViewer {
  const frames = new Map<string, Frame>();
  const bySeries = new Map<string, { ds: DisplaySetLike; ids: string[] }>();
  for (const f of files) {
    let parsed: ParsedFile & { pixelError?: string };
    try {
      parsed = parseHeader({ source: f.name, bytes: f.bytes });
    } catch {
      continue; // the archive would not have accepted it: no instance, no display set
    }
    const uid = parsed.seriesInstanceUID ?? 'no-series-uid';
    let entry = bySeries.get(uid);
    if (!entry) {
      entry = {
        ids: [],
        ds: {
          displaySetInstanceUID: `ds-${bySeries.size + 1}`,
          SeriesInstanceUID: uid,
          SeriesNumber: parsed.seriesNumber,
          SeriesDescription: parsed.seriesDescription,
          Modality: parsed.modality,
          instances: [],
          unsupported: !parsed.image,
        },
      };
      bySeries.set(uid, entry);
    }
    entry.ds.instances!.push(instanceOf(parsed));
    const n = Math.max(parsed.frames.length, parsed.image ? 1 : 0);
    for (let k = 0; k < n; k++) {
      const id = `fake:${f.name}#${k}`;
      entry.ids.push(id);
      frames.set(id, { file: parsed, frame: k });
    }
    entry.ds.numImageFrames = entry.ids.length;
  }
  const loaded: string[] = [];
  const frameOf = (id: string): Frame => {
    const fr = frames.get(id);
    if (!fr) throw new Error(`unknown imageId ${id}`);
    return fr;
  };
  const cornerstone: Pick<Cornerstone, 'imageLoader' | 'metaData'> = {
    imageLoader: {
      loadAndCacheImage: async (id) => {
        loaded.push(id);
        return decode(frameOf(id));
      },
    },
    metaData: {
      get(type, id) {
        const { file, frame } = frameOf(id);
        const meta = file.frames[frame];
        if (type === 'imagePlaneModule') {
          const o = meta?.orientation;
          return {
            imagePositionPatient: meta?.position,
            rowCosines: o?.slice(0, 3),
            columnCosines: o?.slice(3, 6),
            rowPixelSpacing: meta?.pixelSpacing?.[0],
            columnPixelSpacing: meta?.pixelSpacing?.[1],
          };
        }
        if (type === 'instance') return { ...instanceOf(file), DiffusionBValue: meta?.bValue };
        return undefined;
      },
    },
  };
  const idsByDs = new Map([...bySeries.values()].map((e) => [e.ds.displaySetInstanceUID, e.ids]));
  const extensionManager: ExtensionManagerLike = {
    getModuleEntry: (id) =>
      id === '@ohif/extension-cornerstone.utilityModule.common' ? { exports: { getCornerstoneLibraries: () => ({ cornerstone }) } } : undefined,
    getActiveDataSource: () => [{ getImageIdsForDisplaySet: (ds: DisplaySetLike) => idsByDs.get(ds.displaySetInstanceUID) ?? [] }],
  };
  return { displaySets: [...bySeries.values()].map((e) => e.ds), extensionManager, loaded };
}
