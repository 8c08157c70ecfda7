/**
 * How the mode names the extension it needs. An OHIF built from source resolves the package name;
 * the prebuilt viewer imports runtime plugins by URL, so the runtime-plugin build defines
 * `__MRSEQ_EXTENSION_SPECIFIER__` as the extension's URL next to the mode (see extension/webpack.config.js).
 * The viewer registers an extension by its id, so importing the same module twice is harmless.
 */
declare const __MRSEQ_EXTENSION_SPECIFIER__: string | undefined;

export const EXTENSION_SPECIFIER: string =
  typeof __MRSEQ_EXTENSION_SPECIFIER__ === 'string' ? __MRSEQ_EXTENSION_SPECIFIER__ : '@mrseq/extension';
