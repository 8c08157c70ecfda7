/**
 * Weak evidence from TR / TE / TI (milliseconds), with thresholds typical of 1.5 T and 3 T brain
 * protocols. Timing is never more than weak: vendors and field strengths move every boundary.
 *
 *   TI >= 1500 and TR >= 4000                    -> FLAIR
 *   IR/MP gradient echo, TI 300-1300, TE < 10    -> T1 (MPRAGE)
 *   IR spin echo, TI 600-1300, TR 1500-3500      -> T1 (T1-FLAIR)
 *   TI < 300                                     -> STIR (T2-like, fat suppressed)
 *   gradient echo: TE < 10 and TR < 800           -> T1 (spoiled GRE; also fits MRA, localizers)
 *   gradient echo: TE >= 15                      -> T2* (also fits SWI, perfusion)
 *   spin echo / unknown: TR < 800 and TE < 30    -> T1
 *   TR > 2000 and TE > 80                        -> T2 (also fits FLAIR when TI is missing)
 *   TR > 2000 and TE < 40                        -> PD
 * Echo-planar series (ScanningSequence EP) get no timing evidence: their TR/TE say nothing about T1/T2.
 */
import type { SeriesHeader } from '../types';
import { fmtMs, type Cls, type Evidence } from './classes';
import type { SequenceFlags } from './headerEvidence';

function positive(x: number | undefined): number | undefined {
  return x !== undefined && Number.isFinite(x) && x > 0 ? x : undefined;
}

export function timingEvidence(h: SeriesHeader, flags: SequenceFlags): Evidence[] {
  if (flags.ep) return [];
  const tr = positive(h.repetitionTime);
  const te = positive(h.echoTime);
  const ti = positive(h.inversionTime);
  if (tr === undefined && te === undefined) return [];
  const parts = [tr !== undefined && `TR ${fmtMs(tr)} ms`, te !== undefined && `TE ${fmtMs(te)} ms`, ti !== undefined && `TI ${fmtMs(ti)} ms`];
  const timing = parts.filter(Boolean).join(' / ');
  const ev = (cls: Cls, what: string, extra: Partial<Evidence> = {}): Evidence[] => [
    { cls, weight: 1, source: 'timing', reason: `${timing}: ${what}`, ...extra },
  ];

  if (ti !== undefined) {
    if (ti >= 1500 && tr !== undefined && tr >= 4000) return ev('FLAIR', 'FLAIR timing (long TI)');
    if (ti >= 300 && ti <= 1300 && flags.gr && te !== undefined && te < 10) {
      return ev('T1', 'MPRAGE timing (T1)', { detail: 'MPRAGE' });
    }
    if (ti >= 600 && ti <= 1300 && tr !== undefined && tr >= 1500 && tr <= 3500 && (te === undefined || te < 40)) {
      return ev('T1', 'T1-FLAIR timing (T1)', { detail: 'T1-FLAIR' });
    }
    if (ti < 300 && tr !== undefined && tr > 1500) return ev('T2', 'STIR timing (short TI)', { detail: 'STIR', alsoFits: ['PD'] });
  }
  if (tr === undefined || te === undefined) return [];
  if (flags.gr) {
    if (te < 10 && tr < 800) {
      return ev('T1', 'T1-weighted gradient-echo timing', { alsoFits: ['MRA', 'LOCALIZER', 'SWI', 'PERFUSION', 'BOLD'] });
    }
    if (te >= 15) return ev('T2*', 'T2*-weighted gradient-echo timing', { alsoFits: ['SWI', 'PERFUSION', 'BOLD'] });
    return [];
  }
  if (tr < 800 && te < 30) return ev('T1', 'T1-weighted timing');
  if (tr > 2000 && te > 80) return ev('T2', 'T2-weighted timing', { alsoFits: ['FLAIR'] });
  if (tr > 2000 && te < 40) return ev('PD', 'proton-density timing');
  return [];
}
