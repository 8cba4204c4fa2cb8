// Which panels are on screen: in a tabbed place the one chosen (when this run offers it, else
// the first offered), elsewhere every panel offered. A new scenario shows in each tabbed place
// the panel that wants it most.
import { isTabbed, type Place, type TabbedPlace } from './contract.ts';
import { DEFS, PANEL_IDS } from './defs.ts';
import type { RunInfo } from '../../worker/protocol.ts';
import type { PanelId } from './index.ts';

/** The panel chosen in each tabbed place. */
export type Layout = Readonly<Record<TabbedPlace, PanelId>>;

export const INITIAL_LAYOUT: Layout = { left: 'description', view: 'hex' };

export function placeOf(id: PanelId): Place {
  return DEFS[id].place;
}

/** Per run: a predicate may scan thousands of findings, and this is asked at every state change. */
const offeredByRun = new WeakMap<RunInfo, Map<PanelId, boolean>>();

export function isOffered(id: PanelId, info: RunInfo | null): boolean {
  const offered = DEFS[id].offered;
  if (DEFS[id].machine === true && info?.imported !== undefined) return false;
  if (offered === undefined) return true;
  if (info === null) return false;
  let known = offeredByRun.get(info);
  if (!known) offeredByRun.set(info, (known = new Map()));
  let v = known.get(id);
  if (v === undefined) known.set(id, (v = offered(info)));
  return v;
}

/** The panels a place offers for this run, in display order. */
export function offeredIn(place: Place, info: RunInfo | null): PanelId[] {
  return PANEL_IDS.filter((id) => DEFS[id].place === place && isOffered(id, info));
}

/** What a place shows: one panel in a tabbed place, all offered elsewhere. */
export function shownIn(place: Place, layout: Layout, info: RunInfo | null): PanelId[] {
  const offered = offeredIn(place, info);
  if (!isTabbed(place)) return offered;
  const chosen = layout[place];
  const shown = offered.includes(chosen) ? chosen : offered[0];
  return shown === undefined ? [] : [shown];
}

export function onScreen(layout: Layout, info: RunInfo | null): PanelId[] {
  return PANEL_IDS.filter((id) => shownIn(placeOf(id), layout, info).includes(id));
}

/** For a new scenario: in each tabbed place whose panels rank themselves, the offered one ranked highest. */
export function layoutFor(info: RunInfo, layout: Layout): Layout {
  const out: Record<TabbedPlace, PanelId> = { ...layout };
  for (const place of Object.keys(layout) as TabbedPlace[]) {
    let best: { id: PanelId; rank: number } | null = null;
    for (const id of offeredIn(place, info)) {
      const rank = DEFS[id].priority?.(info);
      if (rank !== undefined && (best === null || rank > best.rank)) best = { id, rank };
    }
    if (best) out[place] = best.id;
  }
  return out;
}
