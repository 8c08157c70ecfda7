/** The mode's id, from package.json, and the ids it uses from the extension's public entry (never spelled twice). */
import packageJson from '../package.json';

export const id: string = packageJson.name;
export { id as extensionId, moduleIds, PROTOCOL_ID } from '@mrseq/extension';
