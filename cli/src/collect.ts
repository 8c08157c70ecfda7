/**
 * The files to read: the given files and folders expanded (recursively, hidden entries and sidecar or
 * text files left out), sorted folder by folder. Reading them is pipeline.ts's job.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ReadFailure } from '@mrseq/extension/core/types';

export interface FileGroup {
  dir: string;
  files: string[];
}

const IGNORED = new Set(['.bval', '.bvec', '.json', '.tsv', '.txt', '.md', '.csv', '.html', '.xml', '.py', '.sh']);

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Expand the given paths (files or folders, recursively) into files grouped by folder, sorted. */
export async function listInputs(paths: string[]): Promise<{ groups: FileGroup[]; failures: ReadFailure[] }> {
  const byDir = new Map<string, string[]>();
  const failures: ReadFailure[] = [];
  const add = (file: string) => {
    const dir = path.dirname(file);
    if (!byDir.has(dir)) byDir.set(dir, []);
    byDir.get(dir)!.push(file);
  };
  const walk = async (p: string): Promise<void> => {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch (err) {
      failures.push({ source: p, reason: `cannot open: ${(err as NodeJS.ErrnoException).code ?? errorText(err)}` });
      return;
    }
    if (stat.isDirectory()) {
      const entries = (await fs.readdir(p)).filter((e) => !e.startsWith('.')).sort();
      for (const e of entries) await walk(path.join(p, e));
    } else if (stat.isFile()) {
      const ext = path.extname(p).toLowerCase();
      if (!IGNORED.has(ext)) add(p);
    }
  };
  for (const p of paths) await walk(p);
  const groups = [...byDir.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([dir, files]) => ({ dir, files: files.sort() }));
  return { groups, failures };
}
