/** The commands the extension registers, in one place (see getCommandsModule.ts). */
export const COMMANDS = {
  classifyStudy: 'mrseqClassifyStudy',
  arrangeBySequence: 'mrseqArrangeBySequence',
  toggleOverlay: 'mrseqToggleGradCam',
  setOverlayOpacity: 'mrseqSetGradCamOpacity',
  /** Show a display set in one slot of the 2x2 layout: { slot, displaySetInstanceUID }. */
  hangInSlot: 'mrseqHangInSlot',
  /** Show a series ({ displaySetInstanceUID }) in the active viewport. */
  showSeries: 'mrseqShowSeries',
  /**
   * Used by the mrseq mode on enter ({ mode }: its configuration): follow the study. Leaving is the
   * extension's onModeExit, which OHIF calls on every mode exit.
   */
  startForMode: 'mrseqStartForMode',
} as const;

export type CommandName = (typeof COMMANDS)[keyof typeof COMMANDS];
