// The scrubber over the whole run: density, dmesg activity, findings, marks, expect results and
// the suspend lanes. Asks for the buckets of the window it shows (zooming asks again).
import { ask } from '../../../worker/protocol.ts';
import { definePanel, query } from '../contract.ts';
import { TIMELINE_FIELDS, type TimelineSlice } from './slice.ts';
import { Timeline } from './Timeline.tsx';

export const timelinePanel = definePanel<TimelineSlice>({
  title: 'Timeline',
  place: 'top',
  component: Timeline,
  fields: TIMELINE_FIELDS,
  ofRun: query({
    requests: (t) => [ask('timeline', t.window ? { buckets: t.count, from: t.window.from, to: t.window.to } : { buckets: t.count })] as const,
    receive: (_t, [buckets]) => ({ buckets }),
  }),
});
