// What the UI holds: the user's choices, the cursor, and the answers of the
// worker for what is on screen. The simulation itself stays in the worker.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { FrameWrite, HexView, InputError, LockGraphView, MemoryMapTile, Moment, PhaseRange, RunOverrides, ScenarioInfo, TaskView, TimelineBucket } from '../worker/api.ts';
import type { TimelineWindow } from './timelineModel.ts';

/** Where the scenario being shown came from. */
export type ScenarioOrigin = { kind: 'bundled'; name: string } | { kind: 'file'; name: string } | { kind: 'link' } | { kind: 'editor' };

export interface Notice {
  level: 'error' | 'info';
  /** Short heading, e.g. "Share link". */
  title: string;
  lines: string[];
}

export interface AppState {
  /** The editor's text: the user's, never replaced by an error. */
  draft: string;
  /** A draft set aside when another scenario replaced the editor text. */
  stashedDraft: string | null;
  /** Text of the scenario that is loaded in the worker. */
  loadedText: string | null;
  origin: ScenarioOrigin | null;
  info: ScenarioInfo | null;
  /** Validator errors of the last run attempt (each shown as `path: message`). */
  inputErrors: InputError[];
  loading: boolean;
  /** Bumped at every successful load; answers for an older one are dropped. */
  generation: number;
  overrides: RunOverrides;

  /** Requested cursor (moves at once while scrubbing). */
  cursor: number;
  /** The worker's answer for the cursor it last reached. */
  moment: Moment | null;
  playing: boolean;

  timeline: TimelineBucket[];
  /** The events the timeline shows (zoomed in), or null for the whole run. */
  timelineWindow: TimelineWindow | null;
  /** Suspend/resume phases of the whole run: the timeline's lanes. */
  phases: PhaseRange[];

  hexTarget: string;
  hexLen: number;
  hex: HexView | null;
  /** Byte under the mouse, and the one clicked to keep the inspector on it. */
  hexHover: number | null;
  hexPinned: number | null;

  /** The view beside dmesg: memory, the memory map (runs with mm findings or suspend), or the lock graph (runs with lock classes). */
  centerTab: CenterTab;
  /** The frames the memory map has on screen: what it asks the worker for at each cursor. */
  mapRange: MapRange | null;
  /** The worker's answer for mapRange, and the cursor it is for. */
  map: MemoryMapTile | null;
  mapCursor: number | null;
  /** The frame clicked on the map, whose write history is listed. */
  mapFrame: number | null;
  /** Every write of the run into mapFrame (later ones are dimmed, not dropped). */
  frameWrites: FrameWritesOf | null;
  /** Only findings of this kind are listed, or all. */
  findingKind: string | null;
  /** lockdep's graph at the end of the run: what the Locks view lays out, once per run. */
  lockSkeleton: LockGraphView | null;
  /** The lock graph and tasks at a cursor, asked only while the Locks view is shown. */
  locks: LocksAt | null;

  shareUrl: string | null;
  /** State hash at the shared event, to compare the moment across machines. */
  shareHash: string | null;
  notices: Notice[];
  leftTab: LeftTab;
  /** A file is being dragged over the page. */
  dropHint: boolean;
}

export type LeftTab = 'description' | 'editor' | 'options';

export type CenterTab = 'memory' | 'map' | 'locks';

export interface MapRange {
  start: number;
  count: number;
}

export interface FrameWritesOf {
  pfn: number;
  writes: FrameWrite[];
}

export interface LocksAt {
  cursor: number;
  graph: LockGraphView;
  tasks: TaskView[];
}

export const HEX_LEN_DEFAULT = 256;

export function initialState(): AppState {
  return {
    draft: '',
    stashedDraft: null,
    loadedText: null,
    origin: null,
    info: null,
    inputErrors: [],
    loading: false,
    generation: 0,
    overrides: {},
    cursor: 0,
    moment: null,
    playing: false,
    timeline: [],
    timelineWindow: null,
    phases: [],
    hexTarget: '',
    hexLen: HEX_LEN_DEFAULT,
    hex: null,
    hexHover: null,
    hexPinned: null,
    centerTab: 'memory',
    mapRange: null,
    map: null,
    mapCursor: null,
    mapFrame: null,
    frameWrites: null,
    findingKind: null,
    lockSkeleton: null,
    locks: null,
    shareUrl: null,
    shareHash: null,
    notices: [],
    leftTab: 'description',
    dropHint: false,
  };
}

export type AppStore = ReturnType<typeof createAppStore>;

export function createAppStore() {
  return createStore<AppState>()(() => initialState());
}

export function useApp<T>(store: AppStore, select: (s: AppState) => T): T {
  return useStore(store, select);
}
