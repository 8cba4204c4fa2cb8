// What the UI holds: the user's choices, the layout, and per run shown the cursor and the
// worker's answers for what is on screen. The simulation itself stays in the worker.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LibraryEntry } from './persist/library.ts';
import type { HexAnswer, InputError, MapTile, Moment, OpenProgress, RunComparison, RunId, RunInfo, RunOverrides } from '../worker/protocol.ts';
import type { PanelSlices } from './panels/index.ts';
import { INITIAL_LAYOUT, type Layout } from './panels/placement.ts';
import { initialSlices } from './panels/slices.ts';
import { DEFAULT_SIZES, type PanelSizes } from './panelSizes.ts';

/** Where the scenario being shown came from. */
export type ScenarioOrigin = { kind: 'bundled'; name: string } | { kind: 'library'; id: string; name: string } | { kind: 'file'; name: string } | { kind: 'link' } | { kind: 'editor' } | { kind: 'import'; name: string };

export interface Notice {
  level: 'error' | 'info';
  /** Short heading, e.g. "Share link". */
  title: string;
  lines: string[];
  /** A button beside the message, e.g. "Show it". The notice goes away when it is pressed. */
  action?: { label: string; run: () => void };
  /** Called when the notice goes away unanswered: dismissed, or replaced by another of its title. */
  onDismiss?: () => void;
}

/** A scenario the engine is running (or has queued behind the one it runs), in the order asked. */
export interface Opening {
  seq: number;
  /** What the user opened: the scenario's name, the file's name. */
  label: string;
  /** How far the engine has run it, once it reported. */
  progress?: OpenProgress;
  /** The user asked to stop it; it is being stopped. */
  cancelling?: boolean;
}

/** One run on screen: which it is, where its cursor is, and its panels' state. */
export interface RunSlot {
  /** The worker's run, or null before a scenario has opened. */
  id: RunId | null;
  info: RunInfo | null;
  /** The scenario text it ran, where it came from, and the user's overrides of its config. */
  text: string | null;
  origin: ScenarioOrigin | null;
  overrides: RunOverrides;
  /** Requested cursor (moves at once while scrubbing). */
  cursor: number;
  /** The worker's answer for the cursor it last reached. */
  moment: Moment | null;
  panels: PanelSlices;
  /** Shown while the worker still records it: `info` is the run so far and grows. */
  recording?: boolean;
}

/** A what-if comparison: run `b` (the same scenario with other overrides) beside run `a`. */
export interface CompareState {
  /** The second run's overrides as asked, and as flags for its heading. */
  overrides: RunOverrides;
  label: string;
  /** Run `b` is not `a`'s scenario again but another run: an imported log, or a scenario beside an imported log (by name). */
  other?: string;
  /** The second run is being run, then the two are being compared. */
  status: 'opening' | 'ready';
  /** The worker's comparison of the two runs, once both ran. */
  diff: RunComparison | null;
  /** The same bytes (the hex view's target) in both runs at their linked cursors. */
  hexA: HexAnswer | null;
  hexB: HexAnswer | null;
  /** Every frame's owner in both runs at their linked cursors (the memory map). */
  mapA: MapTile | null;
  mapB: MapTile | null;
}

export interface AppState {
  /** The editor's text: the user's, never replaced by an error. */
  draft: string;
  /** Which scenario the editor's text is a draft of (drafts.ts): its key in the draft store. */
  draftKey: string;
  /** A draft set aside when another scenario replaced the editor text. */
  stashedDraft: string | null;
  /** The key of the draft set aside. */
  stashedKey: string | null;
  /** The user's own scenarios kept in the browser, by name. */
  library: LibraryEntry[];
  /** Validator errors of the last run attempt (each shown as `path: message`). */
  inputErrors: InputError[];
  /** Scenarios being run: the first one runs in the engine, the others wait behind it. */
  opening: Opening[];
  playing: boolean;
  /** `a` is shown; `b` is for a what-if comparison beside it. */
  runs: { a: RunSlot; b: RunSlot | null };
  /** The comparison shown while `b` runs beside `a`, or null. */
  compare: CompareState | null;
  /** The panel chosen in each tabbed place. */
  layout: Layout;
  /** The splits between the page's columns and rows, in percent. */
  sizes: PanelSizes;
  notices: Notice[];
  /** A file is being dragged over the page. */
  dropHint: boolean;
}

/** The draft of a scenario from a file, a link, or typed from scratch. */
export const SCRATCH_KEY = 'scratch';

export function emptySlot(): RunSlot {
  return { id: null, info: null, text: null, origin: null, overrides: {}, cursor: 0, moment: null, panels: initialSlices() };
}

export function initialState(): AppState {
  return { draft: '', draftKey: SCRATCH_KEY, stashedDraft: null, stashedKey: null, library: [], inputErrors: [], opening: [], playing: false, runs: { a: emptySlot(), b: null }, compare: null, layout: INITIAL_LAYOUT, sizes: DEFAULT_SIZES, notices: [], dropHint: false };
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(): AppStore {
  return createStore<AppState>()(() => initialState());
}
