// The List view's state: the ring at the cursor and the head picked (by name: it travels in share
// links and survives a re-run with other options).
import type { ListRingView } from '../../../worker/protocol.ts';
import { optionalText } from '../codecs.ts';
import { field, type Fields } from '../contract.ts';

export interface ListAt {
  cursor: number;
  ring: ListRingView;
}

export interface ListSlice {
  now: ListAt | null;
  /** The head shown; null: the run's first. */
  head: string | null;
}

export const LIST_FIELDS: Fields<ListSlice> = {
  // a re-run keeps the old ring on screen until its own arrives
  now: field<ListAt | null>(null, 'scenario'),
  head: field<string | null>(null, 'scenario', optionalText('list')),
};
