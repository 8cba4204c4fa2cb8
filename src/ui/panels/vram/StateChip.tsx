// A buffer state's chip: color, letter and hatching, so a state never reads by color alone.
import { STATE_COLORS, STATE_HATCHED, STATE_MARKS, type BoState } from './gpu.ts';

export function StateChip({ state }: { state: BoState }) {
  return (
    <span className={`swatch mark on-light${STATE_HATCHED.has(state) ? ' tx-hatch' : ''}`} style={{ backgroundColor: STATE_COLORS[state] }} aria-hidden="true">
      {STATE_MARKS[state]}
    </span>
  );
}
