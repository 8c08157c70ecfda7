/** One end-to-end check: a name, whether it passed, and what was seen. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}
