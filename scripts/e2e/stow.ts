/** STOW-RS: store DICOM files in a DICOMweb server, in batches of multipart/related requests. */
import { randomBytes } from 'node:crypto';

export interface StowResult {
  stored: number;
  failed: number;
  requests: number;
}

function multipart(files: Uint8Array[], boundary: string): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(f.buffer, f.byteOffset, f.byteLength), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

/** Count SOP instances in a STOW-RS response (DICOM JSON): ReferencedSOPSequence vs FailedSOPSequence. */
export function countStowResponse(json: unknown): { stored: number; failed: number } {
  const body = (json ?? {}) as Record<string, { Value?: unknown[] }>;
  return { stored: body['00081199']?.Value?.length ?? 0, failed: body['00081198']?.Value?.length ?? 0 };
}

export async function stow(dicomweb: string, files: Uint8Array[], batch = 40): Promise<StowResult> {
  const result: StowResult = { stored: 0, failed: 0, requests: 0 };
  for (let i = 0; i < files.length; i += batch) {
    const boundary = `mrseq-${randomBytes(8).toString('hex')}`;
    const res = await fetch(`${dicomweb}/studies`, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`, Accept: 'application/dicom+json' },
      body: new Uint8Array(multipart(files.slice(i, i + batch), boundary)),
    });
    result.requests++;
    if (!res.ok) throw new Error(`STOW-RS to ${dicomweb} answered HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const counted = countStowResponse(await res.json());
    result.stored += counted.stored;
    result.failed += counted.failed;
  }
  return result;
}
