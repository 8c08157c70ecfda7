/** The panel's list of empty 2x2 viewports: why each is empty, and one click to hang the best candidate there. */
import { emptySlots } from '../hangingProtocols/emptySlots';
import type { LayoutPlan, SlotId } from '../hangingProtocols/planLayout';
import { percent } from '../services/results';
import { colors, s } from './styles';

export function EmptySlots({ plan, onHang }: { plan?: LayoutPlan; onHang?: (slot: SlotId, displaySetInstanceUID: string) => void }) {
  const empty = emptySlots(plan);
  if (!plan || plan.filled === 0 || empty.length === 0) return null;
  return (
    <div data-testid="mrseq-empty-slots">
      <div style={s.heading}>Empty viewports</div>
      {empty.map((e) => (
        <div key={e.slot} style={{ ...s.small, color: colors.text, margin: '2px 0' }} data-testid="mrseq-empty-slot-row" data-slot={e.slot}>
          <strong>{e.slot}</strong>: {e.message}{' '}
          {e.candidate && onHang ? (
            <button
              type="button"
              style={s.button}
              data-testid="mrseq-hang-candidate"
              data-uid={e.candidate.displaySetInstanceUID}
              title={`${e.candidate.name} looks ${e.candidate.label} (${percent(e.candidate.probability)}): show it in the ${e.slot} viewport anyway`}
              onClick={() => onHang(e.slot, e.candidate!.displaySetInstanceUID)}
            >
              Hang {e.candidate.name} here
            </button>
          ) : null}
        </div>
      ))}
    </div>
  );
}
