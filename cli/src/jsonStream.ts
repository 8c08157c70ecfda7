/**
 * Reports written while the run goes, so that a run that dies at file 4,000 keeps the first 3,999
 * results:
 * - `--format json`: the same document as before, byte for byte, written in pieces: the run header,
 *   then each series as soon as it is classified, then the failures, the summary (and any block added
 *   after "series") when the run ends. A cut-off file holds every series that was finished; it lacks
 *   its closing blocks, so it is not valid JSON until repaired.
 * - `--format jsonl`: JSON Lines, one complete record per line, in the order things happen:
 *   {"record":"run","schema_version":…,"mrseq":{…}}, then {"record":"series",…} (the fields of one
 *   series of the JSON document) and {"record":"failure","source":…,"reason":…} as they come, then one
 *   line per block the document adds after "series" ({"record":"<name>","<name>":…}) and finally
 *   {"record":"summary",…}. Every line of a cut-off file is valid JSON; no summary line means the run
 *   did not finish.
 */
import type { ReadFailure } from '@mrseq/extension/core/types';

export type Sink = (text: string) => void;

/** Every line of `JSON.stringify(value, null, 2)`, indented by `pad` (as the document nests it). */
function nested(value: unknown, pad: string): string {
  return JSON.stringify(value, null, 2).split('\n').join(`\n${pad}`);
}

export interface ReportStream {
  /** One classified series, as seriesToJson gives it. */
  series(json: Record<string, unknown>): void;
  /** A file that could not be read (JSON Lines writes it at once; the document keeps it for its end). */
  failure(f: ReadFailure): void;
  /** The finished document (toJsonDocument): writes whatever follows the series. */
  end(doc: Record<string, unknown>): void;
}

/** The JSON document in pieces. `head` is the document of a run without series (toJsonDocument(info, [], [])). */
export function jsonDocumentStream(head: Record<string, unknown>, write: Sink): ReportStream {
  const keys = Object.keys(head);
  const at = keys.indexOf('series');
  if (at < 0) throw new Error('the report document has no "series" block');
  let text = '{';
  keys.slice(0, at).forEach((k, i) => (text += `${i ? ',' : ''}\n  ${JSON.stringify(k)}: ${nested(head[k], '  ')}`));
  write(`${text}${at ? ',' : ''}\n  "series": [`);
  let count = 0;
  return {
    series(json) {
      write(`${count++ ? ',' : ''}\n    ${nested(json, '    ')}`);
    },
    failure() {},
    end(doc) {
      let tail = count ? '\n  ]' : ']';
      for (const k of Object.keys(doc).slice(Object.keys(doc).indexOf('series') + 1)) tail += `,\n  ${JSON.stringify(k)}: ${nested(doc[k], '  ')}`;
      write(`${tail}\n}\n`);
    },
  };
}

/** The same content as JSON Lines (see the top of this file). */
export function jsonLinesStream(head: Record<string, unknown>, write: Sink): ReportStream {
  // The run record: the blocks before "series" (those after it, studies say, come at the end).
  const keys = Object.keys(head);
  const run: Record<string, unknown> = { record: 'run' };
  for (const k of keys.slice(0, Math.max(0, keys.indexOf('series')))) run[k] = head[k];
  write(`${JSON.stringify(run)}\n`);
  const line = (record: string, fields: Record<string, unknown>) => write(`${JSON.stringify({ record, ...fields })}\n`);
  return {
    series: (json) => line('series', json),
    failure: (f) => line('failure', { source: f.source, reason: f.reason }),
    end(doc) {
      const keys = Object.keys(doc);
      for (const k of keys.slice(keys.indexOf('series') + 1)) {
        if (k !== 'failures' && k !== 'summary') line(k, { [k]: doc[k] });
      }
      line('summary', doc.summary as Record<string, unknown>);
    },
  };
}
