/**
 * A throw-away Orthanc (Debian's orthanc + orthanc-dicomweb) for the end-to-end test: temporary
 * storage, no DICOM port, no remote access. Orthanc listens on every interface whatever it is told,
 * so the test runs it inside a network namespace that only has loopback (see scripts/e2e.sh).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PLUGIN_DIRS = ['/usr/share/orthanc/plugins', '/usr/lib/orthanc/plugins'];

export interface RunningOrthanc {
  url: string;
  dicomweb: string;
  stop(): Promise<void>;
  log(): Promise<string>;
}

function dicomWebPlugin(): string {
  for (const d of PLUGIN_DIRS) {
    const p = path.join(d, 'libOrthancDicomWeb.so');
    if (existsSync(p)) return p;
  }
  throw new Error('the Orthanc DICOMweb plugin is not installed (run scripts/install-e2e-deps.sh)');
}

export async function startOrthanc(port = 8042, timeoutMs = 30000): Promise<RunningOrthanc> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mrseq-orthanc-'));
  const config = {
    Name: 'mrseq-e2e',
    StorageDirectory: path.join(dir, 'db'),
    IndexDirectory: path.join(dir, 'db'),
    HttpPort: port,
    DicomServerEnabled: false,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    HttpCompressionEnabled: false,
    Plugins: [dicomWebPlugin()],
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: true, WadoRoot: '/wado', StudiesMetadata: 'Full', SeriesMetadata: 'Full' },
  };
  await fs.writeFile(path.join(dir, 'orthanc.json'), JSON.stringify(config, null, 2));
  const logFile = path.join(dir, 'orthanc.log');
  const child: ChildProcess = spawn('Orthanc', [`--logfile=${logFile}`, path.join(dir, 'orthanc.json')], { stdio: 'ignore' });
  let exited: string | null = null;
  child.on('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));
  const url = `http://127.0.0.1:${port}`;
  const log = () => fs.readFile(logFile, 'utf8').catch(() => '(no log)');
  const t0 = Date.now();
  for (;;) {
    if (exited) throw new Error(`Orthanc ${exited}:\n${(await log()).slice(-2000)}`);
    try {
      const res = await fetch(`${url}/system`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - t0 > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`Orthanc did not answer within ${timeoutMs / 1000} s:\n${(await log()).slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dicomweb: `${url}/dicom-web`,
    log,
    async stop() {
      if (!exited) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
        if (!exited) child.kill('SIGKILL');
      }
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
