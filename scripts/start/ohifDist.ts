/**
 * The prebuilt OHIF viewer, fetched once with `npm pack` (the package cannot be npm-installed here)
 * into .ohif/ (git-ignored), checked against the pinned integrity, and unpacked.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';

export const OHIF_VERSION = '3.13.2';
/** `npm view @ohif/app@3.13.2 dist.integrity`, pinned so a changed tarball is refused. */
export const OHIF_INTEGRITY = 'sha512-WZdxmpmG7rqFgW9ZJLcbgr3XCtLi1KDNPoMaeY5PPe6j4G4fjEjjkycZM6C6Zk2F87BKxFfpq+jd5xXZB9E8EA==';

export function integrityOf(bytes: Uint8Array): string {
  return 'sha512-' + createHash('sha512').update(bytes).digest('base64');
}

/** Return the folder holding the viewer's dist/, fetching and unpacking it when missing. */
export async function ensureOhifDist(cacheDir: string, log: (s: string) => void = console.log): Promise<string> {
  const unpacked = path.join(cacheDir, `app-${OHIF_VERSION}`);
  const dist = path.join(unpacked, 'package', 'dist');
  if (existsSync(path.join(dist, 'index.html'))) return dist;
  await fs.mkdir(cacheDir, { recursive: true });
  const tarball = path.join(cacheDir, `ohif-app-${OHIF_VERSION}.tgz`);
  if (!existsSync(tarball)) {
    log(`fetching @ohif/app@${OHIF_VERSION} (about 50 MB, once) ...`);
    execFileSync('npm', ['pack', `@ohif/app@${OHIF_VERSION}`, '--silent', '--pack-destination', cacheDir], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const got = integrityOf(await fs.readFile(tarball));
  if (got !== OHIF_INTEGRITY) {
    await fs.rm(tarball, { force: true });
    throw new Error(`@ohif/app@${OHIF_VERSION} tarball integrity ${got} differs from the pinned ${OHIF_INTEGRITY}; removed it`);
  }
  await fs.rm(unpacked, { recursive: true, force: true });
  await fs.mkdir(unpacked, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', unpacked], { stdio: 'inherit' });
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`the @ohif/app tarball has no dist/index.html`);
  log(`OHIF ${OHIF_VERSION} unpacked in ${path.relative(process.cwd(), dist)}`);
  return dist;
}
