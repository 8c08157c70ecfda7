/** Every namespaced id and custom-attribute name of the extension, derived from package.json: nothing else spells them. */
import packageJson from '../package.json';

export const id: string = packageJson.name;
export const version: string = packageJson.version;

export const SERVICE_NAME = 'mrseqClassifierService';
export const PANEL_NAME = 'mrseqSequences';
export const PROTOCOL_ID = 'mrseq.brainMR2x2';
/** Custom attribute: the predicted sequence of a display set (e.g. 'T2'), for any protocol to match on. */
export const SEQUENCE_ATTRIBUTE = 'mrseqSequence';
/** Custom attribute: the 2x2 slot planLayout gives a display set ('T1' | 'T1c' | 'T2' | 'DW'). */
export const VIEWPORT_ATTRIBUTE = 'mrseqViewport';

/** Full module ids, as a mode refers to them. */
export const moduleIds = {
  panel: `${id}.panelModule.${PANEL_NAME}`,
  protocol: `${id}.hangingProtocolModule.${PROTOCOL_ID}`,
} as const;
