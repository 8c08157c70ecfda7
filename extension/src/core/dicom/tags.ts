/** DICOM tags the reader uses, as dcmjs raw-dataset keys (8-digit upper-case hex). */
export const TAG = {
  // File meta
  TransferSyntaxUID: '00020010',
  MediaStorageSOPClassUID: '00020002',
  // Identification
  SpecificCharacterSet: '00080005',
  ImageType: '00080008',
  SOPClassUID: '00080016',
  SOPInstanceUID: '00080018',
  ContentTime: '00080033',
  AcquisitionTime: '00080032',
  Modality: '00080060',
  Manufacturer: '00080070',
  SeriesDescription: '0008103E',
  FrameType: '00089007',
  // Acquisition
  ContrastBolusAgent: '00180010',
  ContrastBolusAgentSequence: '00180012',
  BodyPartExamined: '00180015',
  ScanningSequence: '00180020',
  SequenceVariant: '00180021',
  ScanOptions: '00180022',
  MRAcquisitionType: '00180023',
  SequenceName: '00180024',
  SliceThickness: '00180050',
  RepetitionTime: '00180080',
  EchoTime: '00180081',
  InversionTime: '00180082',
  EchoNumbers: '00180086',
  SpacingBetweenSlices: '00180088',
  TriggerTime: '00181060',
  ProtocolName: '00181030',
  FlipAngle: '00181314',
  PulseSequenceName: '00189005',
  EchoPulseSequence: '00189008',
  InversionRecovery: '00189009',
  InversionTimes: '00189079',
  EffectiveEchoTime: '00189082',
  DiffusionBValue: '00189087',
  DiffusionGradientOrientation: '00189089',
  DiffusionGradientDirectionSequence: '00189076',
  DiffusionDirectionality: '00189075',
  // Relationship / geometry
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  SeriesNumber: '00200011',
  AcquisitionNumber: '00200012',
  InstanceNumber: '00200013',
  ImagePositionPatient: '00200032',
  ImageOrientationPatient: '00200037',
  TemporalPositionIdentifier: '00200100',
  InStackPositionNumber: '00209057',
  TemporalPositionIndex: '00209128',
  StackID: '00209056',
  DimensionIndexValues: '00209157',
  // Image pixel
  SamplesPerPixel: '00280002',
  PhotometricInterpretation: '00280004',
  PlanarConfiguration: '00280006',
  NumberOfFrames: '00280008',
  Rows: '00280010',
  Columns: '00280011',
  PixelSpacing: '00280030',
  BitsAllocated: '00280100',
  BitsStored: '00280101',
  HighBit: '00280102',
  PixelRepresentation: '00280103',
  RescaleIntercept: '00281052',
  RescaleSlope: '00281053',
  PixelData: '7FE00010',
  FloatPixelData: '7FE00008',
  DoubleFloatPixelData: '7FE00009',
  // Functional groups (enhanced multi-frame)
  SharedFunctionalGroupsSequence: '52009229',
  PerFrameFunctionalGroupsSequence: '52009230',
  FrameContentSequence: '00209111',
  PlanePositionSequence: '00209113',
  PlaneOrientationSequence: '00209116',
  PixelMeasuresSequence: '00289110',
  PixelValueTransformationSequence: '00289145',
  MRDiffusionSequence: '00189117',
  MREchoSequence: '00189114',
  MRTimingAndRelatedParametersSequence: '00189112',
  MRModifierSequence: '00189115',
  MRImageFrameTypeSequence: '00189226',
  CardiacSynchronizationSequence: '00189118',
  CodeMeaning: '00080104',
} as const;

/** Private b-value tags, with the private-creator pattern that must own them. */
export const PRIVATE = {
  /** Siemens (0019,xx0C) B_value, IS. */
  siemensBValue: { group: 0x0019, element: 0x0c, creator: /SIEMENS MR HEADER/i, vr: 'IS' },
  /** Siemens (0019,xx0A) NumberOfImagesInMosaic, US. */
  siemensMosaicCount: { group: 0x0019, element: 0x0a, creator: /SIEMENS MR HEADER/i, vr: 'US' },
  /** GE (0043,xx39) Slop_int_6..9, IS; first value is the b-value (plus 1e9 on some versions). */
  geBValue: { group: 0x0043, element: 0x39, creator: /GEMS_PARM_01/i, vr: 'IS' },
  /** Philips (2001,xx03) Diffusion B-Factor, FL. */
  philipsBValue: { group: 0x2001, element: 0x03, creator: /Philips Imaging DD 001/i, vr: 'FL' },
} as const;

/** SOP classes that are MR images (classic and enhanced) and known non-image classes. */
export const SOP = {
  MRImage: '1.2.840.10008.5.1.4.1.1.4',
  EnhancedMRImage: '1.2.840.10008.5.1.4.1.1.4.1',
  MRSpectroscopy: '1.2.840.10008.5.1.4.1.1.4.2',
  EnhancedMRColorImage: '1.2.840.10008.5.1.4.1.1.4.3',
  LegacyEnhancedMRImage: '1.2.840.10008.5.1.4.1.1.4.4',
} as const;

/** Names of SOP classes that hold no image, for readable failure reasons. */
export const NON_IMAGE_SOP: Record<string, string> = {
  '1.2.840.10008.5.1.4.1.1.88.11': 'Basic Text SR',
  '1.2.840.10008.5.1.4.1.1.88.22': 'Enhanced SR',
  '1.2.840.10008.5.1.4.1.1.88.33': 'Comprehensive SR',
  '1.2.840.10008.5.1.4.1.1.88.34': 'Comprehensive 3D SR',
  '1.2.840.10008.5.1.4.1.1.88.59': 'Key Object Selection',
  '1.2.840.10008.5.1.4.1.1.11.1': 'Grayscale Softcopy Presentation State',
  '1.2.840.10008.5.1.4.1.1.11.2': 'Color Softcopy Presentation State',
  '1.2.840.10008.5.1.4.1.1.4.2': 'MR Spectroscopy',
  '1.2.840.10008.5.1.4.1.1.66': 'Raw Data',
  '1.2.840.10008.5.1.4.1.1.66.4': 'Segmentation',
  '1.2.840.10008.5.1.4.1.1.104.1': 'Encapsulated PDF',
  '1.2.840.10008.5.1.4.1.1.481.3': 'RT Structure Set',
};
