// The event list (KernelShark's list view): every event of the run, filtered, following the
// cursor; a click goes to an event. A tab of the view beside dmesg.
import { ask } from '../../../worker/protocol.ts';
import { definePanel, query } from '../contract.ts';
import { EventsPanel } from './EventsPanel.tsx';
import { EVENTS_FIELDS, type EventsSlice } from './slice.ts';

export const eventsPanel = definePanel<EventsSlice>({
  title: 'Events',
  place: 'view',
  component: EventsPanel,
  // a list of a run's events: nothing to list before one opens
  offered: () => true,
  fields: EVENTS_FIELDS,
  ofRun: query({
    requests: () => [ask('eventFacets', {})] as const,
    receive: (_e, [facets]) => ({ facets }),
  }),
});
