// The panel list seen generically: each id with the definition of its own slice, for the code
// that loops over all panels (slices, placement, fetching).
import type { PanelDef } from './contract.ts';
import { PANELS, type PanelId, type PanelSlices } from './index.ts';

export const DEFS: { readonly [K in PanelId]: PanelDef<PanelSlices[K]> } = PANELS;

/** In display order. */
export const PANEL_IDS = Object.keys(PANELS) as PanelId[];

/** Changes to some panels' slices. */
export type PanelPatch = { [K in PanelId]?: Partial<PanelSlices[K]> };
