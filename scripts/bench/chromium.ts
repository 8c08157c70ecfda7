/** The Chromium the benchmarks drive: Debian's (or MRSEQ_CHROMIUM), with the flags every bench page needs. */
import { chromium, type Browser } from 'playwright-core';

const ARGS = ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu-sandbox'];

/** A launcher (a fresh browser per call) with `extra` flags after the common ones. */
export function chromiumLauncher(extra: string[] = []): () => Promise<Browser> {
  return () => chromium.launch({ executablePath: process.env.MRSEQ_CHROMIUM ?? '/usr/bin/chromium', args: [...ARGS, ...extra] });
}
