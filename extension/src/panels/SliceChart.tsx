import { visibleLines, type ChartModel } from './panelModel';
import { colors, s } from './styles';

const W = 260;
const H = 110;
const PAD = { l: 26, r: 6, t: 6, b: 18 };

/** Per-slice probabilities along the series, with the image on screen marked. */
export function SliceChart({ model }: { model: ChartModel }) {
  const x = (i: number) => PAD.l + (model.count <= 1 ? 0 : (i / (model.count - 1)) * (W - PAD.l - PAD.r));
  const y = (p: number) => PAD.t + (1 - p) * (H - PAD.t - PAD.b);
  const lines = visibleLines(model);
  const { imageIndex, view } = model.current;
  return (
    <div data-testid="mrseq-slice-chart" data-image-index={imageIndex} data-points={model.lines[0]?.points.length ?? 0}>
      <svg width={W} height={H} role="img" aria-label="Probability of each sequence per slice">
        {[0, 0.5, 1].map((p) => (
          <g key={p}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y(p)} y2={y(p)} stroke={colors.line} />
            <text x={2} y={y(p) + 4} fill={colors.muted} fontSize={9}>
              {p.toFixed(1)}
            </text>
          </g>
        ))}
        <line x1={x(imageIndex)} x2={x(imageIndex)} y1={PAD.t} y2={H - PAD.b} stroke={colors.accent} strokeDasharray="3 2" data-testid="mrseq-slice-marker" />
        {lines.map((l) => (
          <g key={l.label}>
            <polyline fill="none" stroke={l.color} strokeWidth={1.5} points={l.points.map(([i, p]) => `${x(i)},${y(p)}`).join(' ')} />
            {l.points.map(([i, p]) => (
              <circle key={i} cx={x(i)} cy={y(p)} r={2} fill={l.color} />
            ))}
          </g>
        ))}
        <text x={PAD.l} y={H - 4} fill={colors.muted} fontSize={9}>
          slice 1
        </text>
        <text x={W - PAD.r} y={H - 4} fill={colors.muted} fontSize={9} textAnchor="end">
          {model.count}
        </text>
      </svg>
      <div style={{ ...s.small, display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        {lines.map((l) => (
          <span key={l.label} style={{ color: l.color }}>
            ■ {l.label}
          </span>
        ))}
      </div>
      <div style={{ marginTop: 6 }} data-testid="mrseq-current-slice">
        {view ? (
          <>
            <div style={s.small}>
              Slice {imageIndex + 1}: {view.label} {Math.round((model.bars[0]?.value ?? 0) * 100)}%{view.sampled ? '' : ' (classified on demand)'}
            </div>
            {model.bars.slice(0, 4).map((b) => (
              <div key={b.label} style={{ display: 'flex', alignItems: 'center', gap: 6, fontSize: 11 }}>
                <span style={{ width: 44 }}>{b.label}</span>
                <span style={{ background: b.color, height: 6, width: `${Math.round(b.value * 150)}px` }} />
                <span style={s.small}>{Math.round(b.value * 100)}%</span>
              </div>
            ))}
          </>
        ) : (
          <div style={s.small}>Slice {imageIndex + 1}: classifying…</div>
        )}
      </div>
    </div>
  );
}
