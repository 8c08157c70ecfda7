/** Inline styles of the panel (the viewer's compiled CSS only holds the classes OHIF itself uses). */
import type { CSSProperties } from 'react';

export const colors = {
  text: '#e6e8ef',
  muted: '#8f9bb3',
  accent: '#5acce6',
  error: '#ff7070',
  warn: '#f4d35e',
  line: '#2b3550',
  rowActive: '#1b2a4a',
};

export const s: Record<string, CSSProperties> = {
  panel: { color: colors.text, fontSize: 13, padding: '8px 10px', display: 'flex', flexDirection: 'column', gap: 10, overflowY: 'auto' },
  heading: { fontSize: 12, textTransform: 'uppercase', letterSpacing: 0.5, color: colors.muted, margin: '4px 0' },
  table: { width: '100%', borderCollapse: 'collapse' },
  th: { textAlign: 'left', fontWeight: 500, color: colors.muted, fontSize: 11, padding: '2px 4px', borderBottom: `1px solid ${colors.line}` },
  td: { padding: '3px 4px', verticalAlign: 'top', borderBottom: `1px solid ${colors.line}` },
  small: { fontSize: 11, color: colors.muted },
  controls: { display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' },
  button: { background: 'transparent', color: colors.accent, border: `1px solid ${colors.accent}`, borderRadius: 4, padding: '2px 8px', cursor: 'pointer', fontSize: 12 },
};

export const toneColor = { busy: colors.accent, done: colors.text, error: colors.error, idle: colors.muted } as const;
