// The VRAM view's state: the map at the cursor, the buffer object picked (by name: it travels in
// share links and survives a re-run with other options) and every event of the run about it.
import type { BoHistoryRow, VramMap } from './gpu.ts';
import { optionalText } from '../codecs.ts';
import { field, type Fields } from '../contract.ts';

export interface VramAt {
  cursor: number;
  map: VramMap;
}

export interface BoHistoryOf {
  bo: string;
  rows: BoHistoryRow[];
}

export interface VramSlice {
  now: VramAt | null;
  bo: string | null;
  history: BoHistoryOf | null;
}

export const VRAM_FIELDS: Fields<VramSlice> = {
  // a re-run keeps the old map on screen until its own arrives
  now: field<VramAt | null>(null, 'scenario'),
  bo: field<string | null>(null, 'scenario', optionalText('bo')),
  history: field<BoHistoryOf | null>(null, 'run'),
};
