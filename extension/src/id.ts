/** Every namespaced id of the extension, derived from package.json: nothing else spells them. */
import packageJson from '../package.json';

export const id: string = packageJson.name;
export const version: string = packageJson.version;

export const SERVICE_NAME = 'mrseqClassifierService';
export const PANEL_NAME = 'mrseqSequences';
export const PROTOCOL_ID = 'mrseq.brainMR2x2';
export const CUSTOM_ATTRIBUTE = 'mrseqSequence';

/** Full module ids, as a mode refers to them. */
export const moduleIds = {
  panel: `${id}.panelModule.${PANEL_NAME}`,
  protocol: `${id}.hangingProtocolModule.${PROTOCOL_ID}`,
} as const;
