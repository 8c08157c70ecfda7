/** One end-to-end check: its name, whether it held, and what was seen. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}
