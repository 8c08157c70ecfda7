/**
 * Which series form one study, for the command line (the viewer is given its study by OHIF):
 * - DICOM: the StudyInstanceUID;
 * - a file named the BIDS way (`sub-<label>[_ses-<label>]_...`): that subject and session under the
 *   dataset folder (BIDS keeps anat/ and dwi/ of one session in sibling folders);
 * - anything else (NIfTI, MGZ, 2D images, DICOM without a StudyInstanceUID): its folder.
 * Paths are split on '/' and '\' only: pure string work, no file system.
 */
import type { SourceFormat } from '../types';

export interface GroupableSeries {
  format: SourceFormat;
  studyInstanceUID?: string;
  sources: readonly string[];
  id: string;
}

export interface StudyGroup {
  /** StudyInstanceUID, 'sub-01/ses-02 in <folder>', or the folder. */
  id: string;
  groupedBy: 'StudyInstanceUID' | 'BIDS subject/session' | 'folder';
  studyInstanceUID: string | null;
  folder: string | null;
  /** Indices into the list given, in its order. */
  members: number[];
}

function folderOf(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i > 0 ? p.slice(0, i) : i === 0 ? p.slice(0, 1) : '.';
}

const BIDS = /(?:^|[\\/_])sub-([A-Za-z0-9]+)(?:_ses-([A-Za-z0-9]+))?_[^\\/]*$/;

function bidsKey(file: string): { id: string; folder: string } | null {
  const m = BIDS.exec(file);
  if (!m) return null;
  const parts = file.split(/[\\/]/);
  const at = parts.findIndex((p) => p === `sub-${m[1]}`);
  const root = at > 0 ? parts.slice(0, at).join('/') : folderOf(file);
  const session = m[2] ? `/ses-${m[2]}` : '';
  return { id: `sub-${m[1]}${session} in ${root}`, folder: root };
}

export function groupStudies(series: readonly GroupableSeries[]): StudyGroup[] {
  const groups = new Map<string, StudyGroup>();
  series.forEach((s, i) => {
    const file = s.sources[0] ?? s.id;
    let g: Omit<StudyGroup, 'members'>;
    const bids = s.format !== 'dicom' ? bidsKey(file) : null;
    if (s.format === 'dicom' && s.studyInstanceUID) {
      g = { id: s.studyInstanceUID, groupedBy: 'StudyInstanceUID', studyInstanceUID: s.studyInstanceUID, folder: null };
    } else if (bids) {
      g = { id: bids.id, groupedBy: 'BIDS subject/session', studyInstanceUID: null, folder: bids.folder };
    } else {
      const folder = folderOf(file);
      g = { id: folder, groupedBy: 'folder', studyInstanceUID: null, folder };
    }
    const key = `${g.groupedBy}\u0000${g.id}`;
    const known = groups.get(key);
    if (known) known.members.push(i);
    else groups.set(key, { ...g, members: [i] });
  });
  return [...groups.values()];
}
