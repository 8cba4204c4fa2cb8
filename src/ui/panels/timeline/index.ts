// The scrubber over the whole run: a ruler, density, dmesg activity, findings, marks, expect
// results, the suspend lanes, lanes per CPU and per task, and the shrinker lane. Asks for the buckets and lanes of
// the window it shows in one round trip (zooming asks again).
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
    requests: (t) => {
      const a = t.window ? { buckets: t.count, from: t.window.from, to: t.window.to } : { buckets: t.count };
      return [ask('timeline', a), ask('timelineLanes', a), ask('shrinkerScans', {})] as const;
    },
    receive: (_t, [buckets, lanes, scans]) => ({ buckets, lanes, scans }),
  }),
});
