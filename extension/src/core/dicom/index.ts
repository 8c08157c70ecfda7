/** DICOM reader of the mrseq core: files in, series (volumes of Float32 slices) out. */
export { readDicom, DEFAULT_MAX_PIXELS, type ReadDicomOptions } from './read';
export { parseHeader, type DicomInput } from './parse';
export { isDicom } from './part10';
export { dicomSeriesKey, seriesKeyOf } from './seriesIndex';
export { decodePixelData, registerJpeg12Decoder, type ImageInfo, type Jpeg12Decoder, type Samples } from './codecs';
export { transferSyntaxInfo, type TransferSyntaxInfo } from './transferSyntax';
export type { ParsedFile, FrameMeta } from './model';
