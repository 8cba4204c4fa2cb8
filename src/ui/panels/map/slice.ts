// The memory map's state: the frames on screen (what it asks for at each cursor), the answer,
// and the frame picked with every write of the run into it.
import type { FrameWrite, MapTile } from '../../../worker/protocol.ts';
import { optionalIndex } from '../codecs.ts';
import { field, type Fields } from '../contract.ts';

export interface MapRange {
  start: number;
  count: number;
}

export interface FrameWritesOf {
  pfn: number;
  writes: FrameWrite[];
}

export interface MapSlice {
  range: MapRange | null;
  /** The worker's answer for `range`, and the cursor it is for. */
  tile: MapTile | null;
  tileCursor: number | null;
  /** The frame clicked, whose write history is listed. */
  frame: number | null;
  /** Every write of the run into `frame` (later ones are dimmed, not dropped). */
  writes: FrameWritesOf | null;
}

export const MAP_FIELDS: Fields<MapSlice> = {
  range: field<MapRange | null>(null, 'never'),
  // a re-run keeps the old map on screen until its own arrives
  tile: field<MapTile | null>(null, 'scenario'),
  tileCursor: field<number | null>(null, 'run'),
  frame: field<number | null>(null, 'scenario', optionalIndex('frame', true)),
  writes: field<FrameWritesOf | null>(null, 'run'),
};
