// The GEM view's state: the objects and shrinker lists at the cursor, and the reclaim and shrinker
// scans of the whole run (its lane).
import type { ViewAnswer } from '../../../worker/protocol.ts';
import { field, type Fields } from '../contract.ts';

export type GemAnswer = ViewAnswer<'gem'>;
export type GemObjectRow = GemAnswer['objects'][number];
export type GemList = GemAnswer['lists'][number];
export type ShrinkerScanRow = ViewAnswer<'shrinkerScans'>[number];

export interface GemSlice {
  now: { cursor: number; gem: GemAnswer } | null;
  scans: ShrinkerScanRow[] | null;
}

export const GEM_FIELDS: Fields<GemSlice> = {
  now: field<GemSlice['now']>(null, 'scenario'),
  scans: field<ShrinkerScanRow[] | null>(null, 'run'),
};
