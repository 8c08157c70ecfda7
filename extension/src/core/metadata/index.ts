/** The header ("metadata") signal and its fusion with the image model; see FUSION.md. */
export { metadataSignal, type ContrastState, type MetadataGuess } from './metadataSignal';
export {
  DEFAULT_FUSION_POLICY,
  fuse,
  resolvePolicy,
  type FusedDecision,
  type FusionPolicy,
  type FusionPolicyOverrides,
  type ImageDecision,
} from './fusion';
export { DEFAULT_LABELS, type Strength } from './classes';
export { tokenize } from './tokens';
