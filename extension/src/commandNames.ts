/** The commands the extension registers, in one place (see getCommandsModule.ts). */
export const COMMANDS = {
  classifyStudy: 'mrseqClassifyStudy',
  arrangeBySequence: 'mrseqArrangeBySequence',
  toggleOverlay: 'mrseqToggleGradCam',
  setOverlayOpacity: 'mrseqSetGradCamOpacity',
  /** Show a display set in one slot of the 2x2 layout: { slot, displaySetInstanceUID }. */
  hangInSlot: 'mrseqHangInSlot',
  /** Used by the mrseq mode: follow the study on enter, stop on exit. */
  startForMode: 'mrseqStartForMode',
  stopForMode: 'mrseqStopForMode',
} as const;

export type CommandName = (typeof COMMANDS)[keyof typeof COMMANDS];
