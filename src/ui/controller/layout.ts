// The page's places for components: which panels a place offers and shows, switching tabs, and
// the drop hint. Components reach panel definitions through here, never by importing the list.
import type { RunInfo } from '../../worker/protocol.ts';
import { isTabbed, type PanelDef, type Place, type TabbedPlace } from '../panels/contract.ts';
import { DEFS } from '../panels/defs.ts';
import type { PanelId, PanelSlices } from '../panels/index.ts';
import { offeredIn, placeOf, shownIn, type Layout } from '../panels/placement.ts';
import { sameSizes, type PanelSizes } from '../panelSizes.ts';
import type { AppStore } from '../store.ts';

export class LayoutControl {
  constructor(private readonly store: AppStore) {}

  def<K extends PanelId>(id: K): PanelDef<PanelSlices[K]> {
    return DEFS[id];
  }

  /** The tabs of a tabbed place for this run. */
  tabs(place: TabbedPlace, info: RunInfo | null): PanelId[] {
    return offeredIn(place, info);
  }

  shown(place: Place, layout: Layout, info: RunInfo | null): PanelId[] {
    return shownIn(place, layout, info);
  }

  /** Shows a panel in its tabbed place. */
  show(id: PanelId): void {
    const place = placeOf(id);
    const layout = this.store.getState().layout;
    if (!isTabbed(place)) return;
    if (layout[place] !== id) this.store.setState({ layout: { ...layout, [place]: id } });
  }

  /** The splits as the user dragged them (or a link or this browser gave them). */
  setSizes(sizes: PanelSizes): void {
    if (!sameSizes(this.store.getState().sizes, sizes)) this.store.setState({ sizes });
  }

  setDropHint(on: boolean): void {
    if (this.store.getState().dropHint !== on) this.store.setState({ dropHint: on });
  }
}
