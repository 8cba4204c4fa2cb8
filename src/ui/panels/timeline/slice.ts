// The timeline's state: the window of events it shows (zoomed in, or all), how many buckets
// its width holds, the worker's buckets and per-CPU/per-task lanes for that window, whether
// those lanes are open, the run's shrinker scans, and the user's bookmarks (they travel in share links).
import type { TimelineBucket, TimelineLanes } from '../../../worker/protocol.ts';
import { field, type Fields } from '../contract.ts';
import { bookmarkParam, type Bookmark } from './bookmarks.ts';
import type { ShrinkerScanRow } from './ShrinkerLane.tsx';
import type { TimelineWindow } from './timelineModel.ts';

export interface TimelineSlice {
  window: TimelineWindow | null;
  /** Buckets across the width on screen (a few pixels each). */
  count: number;
  buckets: TimelineBucket[];
  /** Events per CPU and per task in the same buckets; null until asked. */
  lanes: TimelineLanes | null;
  lanesOpen: boolean;
  /** Every direct reclaim and shrinker scan of the run, for the shrinker lane (shown with the lanes). */
  scans: ShrinkerScanRow[];
  bookmarks: Bookmark[];
}

export const TIMELINE_FIELDS: Fields<TimelineSlice> = {
  window: field<TimelineWindow | null>(null, 'run'),
  count: field(200, 'never'),
  buckets: field<TimelineBucket[]>([], 'run'),
  lanes: field<TimelineLanes | null>(null, 'run'),
  lanesOpen: field(false, 'never'),
  scans: field<ShrinkerScanRow[]>([], 'run'),
  bookmarks: field<Bookmark[]>([], 'scenario', bookmarkParam),
};
