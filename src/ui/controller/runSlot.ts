// A run slot's changes: a newly opened run (panel fields reset by their rules), and one change
// of cursor, panel slices and tab applied at once (so it is fetched once).
import type { OpenResult, RunOverrides } from '../../worker/protocol.ts';
import type { PanelPatch } from '../panels/defs.ts';
import type { PanelId } from '../panels/index.ts';
import { isTabbed } from '../panels/contract.ts';
import { placeOf } from '../panels/placement.ts';
import { applyPatch, resetSlices, withShared } from '../panels/slices.ts';
import type { AppState, RunSlot, ScenarioOrigin } from '../store.ts';

export interface Opened {
  result: Extract<OpenResult, { ok: true }>;
  text: string;
  origin: ScenarioOrigin;
  overrides: RunOverrides;
  cursor: number;
  /** The same scenario again (a re-run): fields reset per scenario are kept. */
  sameScenario: boolean;
  /** Panel fields a share link carries. */
  shared: ReadonlyMap<string, string>;
}

export function openedSlot(prev: RunSlot, o: Opened): RunSlot {
  return {
    id: o.result.run,
    info: o.result.info,
    text: o.text,
    origin: o.origin,
    overrides: o.overrides,
    cursor: o.cursor,
    moment: null,
    panels: withShared(resetSlices(prev.panels, o.sameScenario), o.shared),
  };
}

/** The run shown, and changing it. */
export interface RunAccess {
  run(): RunSlot;
  apply(ch: RunChange): void;
}

export interface RunChange {
  cursor?: number;
  panels?: PanelPatch;
  /** Shows this panel in its tabbed place. */
  view?: PanelId;
}

export function applyChange(s: AppState, ch: RunChange): Partial<AppState> {
  const a = s.runs.a;
  const next: RunSlot = { ...a, ...(ch.cursor !== undefined ? { cursor: ch.cursor } : {}), ...(ch.panels ? { panels: applyPatch(a.panels, ch.panels) } : {}) };
  const out: Partial<AppState> = { runs: { ...s.runs, a: next } };
  const place = ch.view === undefined ? null : placeOf(ch.view);
  if (ch.view !== undefined && place !== null && isTabbed(place)) out.layout = { ...s.layout, [place]: ch.view };
  return out;
}
