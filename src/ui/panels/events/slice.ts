// The event list's state: its filters (kinds, task, CPU, address range, text) and what the run
// offers to filter by.
import type { EventFacets } from '../../../worker/protocol.ts';
import { field, type Fields } from '../contract.ts';

export interface EventsSlice {
  /** Kinds shown; empty: every kind. */
  kinds: readonly string[];
  task: string;
  cpu: number | null;
  /** An address range, inclusive, as 0x hex (one end alone: that address). */
  addrFrom: string;
  addrTo: string;
  text: string;
  facets: EventFacets | null;
}

export const EVENTS_FIELDS: Fields<EventsSlice> = {
  kinds: field<readonly string[]>([], 'scenario'),
  task: field('', 'scenario'),
  cpu: field<number | null>(null, 'scenario'),
  addrFrom: field('', 'scenario'),
  addrTo: field('', 'scenario'),
  text: field('', 'scenario'),
  facets: field<EventFacets | null>(null, 'run'),
};
