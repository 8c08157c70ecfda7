import type { SeriesRow } from './panelModel';
import { colors, s } from './styles';

export function SeriesTable({ rows, activeUid, onSelect }: { rows: SeriesRow[]; activeUid?: string; onSelect?: (uid: string) => void }) {
  if (rows.length === 0) return <div style={s.small}>No series yet.</div>;
  return (
    <table style={s.table} data-testid="mrseq-series-table">
      <thead>
        <tr>
          <th style={s.th}>Series</th>
          <th style={s.th}>Predicted</th>
          <th style={s.th}>Header says</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.displaySetInstanceUID}
            data-testid="mrseq-series-row"
            data-uid={r.displaySetInstanceUID}
            data-label={r.label}
            data-status={r.status}
            data-slot={r.slot ?? ''}
            onClick={() => onSelect?.(r.displaySetInstanceUID)}
            title={onSelect ? 'Show this series in the active viewport' : undefined}
            tabIndex={onSelect ? 0 : undefined}
            onKeyDown={(e) => {
              if (onSelect && (e.key === 'Enter' || e.key === ' ')) {
                e.preventDefault();
                onSelect(r.displaySetInstanceUID);
              }
            }}
            style={{ background: r.displaySetInstanceUID === activeUid ? colors.rowActive : undefined, cursor: onSelect ? 'pointer' : undefined }}
          >
            <td style={s.td} title={r.message}>
              {r.title}
              {r.slot ? <div style={s.small}>shown as {r.slot}</div> : null}
              {r.status === 'failed' || (r.status === 'done' && !r.confidence) ? <div style={{ ...s.small, color: colors.warn }}>{r.message}</div> : null}
            </td>
            <td style={s.td}>
              <strong>{r.label}</strong> <span style={s.small}>{r.confidence}</span>
              {r.study ? (
                <div style={s.small} title={r.study.why} data-testid="mrseq-study-decided">
                  with the study (alone: {r.study.alone})
                </div>
              ) : null}
            </td>
            <td style={s.td} title={r.metadataWhy}>
              {r.metadata}
              {r.disagreement ? (
                <div style={{ ...s.small, color: colors.warn }} data-testid="mrseq-disagreement">
                  ⚠ disagrees with the pixels
                </div>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
