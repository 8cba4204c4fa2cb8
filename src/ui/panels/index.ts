// Every panel of the page by id, in display order (tabs follow it). A new panel is a folder
// under panels/ and one line here.
import type { SliceOf } from './contract.ts';
import { descriptionPanel } from './description/index.ts';
import { dmesgPanel } from './dmesg/index.ts';
import { editorPanel } from './editor/index.ts';
import { eventsPanel } from './events/index.ts';
import { expectationsPanel } from './expectations/index.ts';
import { findingsPanel } from './findings/index.ts';
import { framebufferPanel } from './framebuffer/index.ts';
import { ftracePanel } from './ftrace/index.ts';
import { gemPanel } from './gem/index.ts';
import { hexPanel } from './hex/index.ts';
import { libraryPanel } from './library/index.tsx';
import { listPanel } from './list/index.ts';
import { locksPanel } from './locks/index.ts';
import { mapPanel } from './map/index.ts';
import { optionsPanel } from './options/index.ts';
import { pagePoolPanel } from './page_pool/index.ts';
import { queryPanel } from './query/index.ts';
import { sharePanel } from './share/index.ts';
import { timelinePanel } from './timeline/index.ts';
import { vramPanel } from './vram/index.ts';

export const PANELS = {
  share: sharePanel,
  timeline: timelinePanel,
  description: descriptionPanel,
  editor: editorPanel,
  library: libraryPanel,
  options: optionsPanel,
  dmesg: dmesgPanel,
  hex: hexPanel,
  map: mapPanel,
  locks: locksPanel,
  vram: vramPanel,
  list: listPanel,
  page_pool: pagePoolPanel,
  framebuffer: framebufferPanel,
  ftrace: ftracePanel,
  gem: gemPanel,
  events: eventsPanel,
  query: queryPanel,
  findings: findingsPanel,
  expectations: expectationsPanel,
};

export type PanelId = keyof typeof PANELS;

/** The state of every panel of one run. */
export type PanelSlices = { [K in PanelId]: SliceOf<(typeof PANELS)[K]> };
