// The timeline's state: the window of events it shows (zoomed in, or all), how many buckets
// its width holds, and the worker's buckets for that window.
import type { TimelineBucket } from '../../../worker/protocol.ts';
import { field, type Fields } from '../contract.ts';
import type { TimelineWindow } from './timelineModel.ts';

export interface TimelineSlice {
  window: TimelineWindow | null;
  /** Buckets across the width on screen (a few pixels each). */
  count: number;
  buckets: TimelineBucket[];
}

export const TIMELINE_FIELDS: Fields<TimelineSlice> = {
  window: field<TimelineWindow | null>(null, 'run'),
  count: field(200, 'never'),
  buckets: field<TimelineBucket[]>([], 'run'),
};
