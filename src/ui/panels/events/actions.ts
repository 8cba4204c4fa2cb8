// What the event list's controls do.
import type { Controller } from '../../controller/controller.ts';
import type { EventsSlice } from './slice.ts';

type FilterFields = Pick<EventsSlice, 'kinds' | 'task' | 'cpu' | 'addrFrom' | 'addrTo' | 'text'>;

export function setEventFilter(c: Controller, patch: Partial<FilterFields>): void {
  c.patchPanel('events', patch);
}

export function clearEventFilter(c: Controller): void {
  c.patchPanel('events', { kinds: [], task: '', cpu: null, addrFrom: '', addrTo: '', text: '' });
}

/** The list's row for event `e` was chosen: the cursor goes just after it. */
export function openEvent(c: Controller, e: number): void {
  c.player.stop();
  c.cursor.seekAfterEvent(e);
}
