// The memory map: every physical frame by owner at the cursor, the frames stray writes hit, and
// the write history of a frame. Offered for runs about physical memory (mm findings, suspend);
// shown first when their findings are about frames. Loaded on first use.
import { lazy } from 'react';
import { ask, type RequestOf, type RunInfo } from '../../../worker/protocol.ts';
import { definePanel, query } from '../contract.ts';
import { MAP_FIELDS, type MapSlice } from './slice.ts';

/** Findings about frames rather than objects: a run with them opens on the memory map. */
const MAP_FINDINGS: ReadonlySet<string> = new Set(['mm.stray_write', 'mm.user_corruption']);

export function mapIsDefault(info: RunInfo): boolean {
  return info.findings.some((f) => MAP_FINDINGS.has(f.kind));
}

export function mapOffered(info: RunInfo): boolean {
  return info.phases.length > 0 || info.findings.some((f) => f.kind.startsWith('mm.'));
}

export const mapPanel = definePanel<MapSlice>({
  title: 'Memory map',
  place: 'view',
  component: lazy(() => import('./MemoryMapPanel.tsx').then((m) => ({ default: m.MemoryMapPanel }))),
  loading: 'memory map',
  offered: mapOffered,
  machine: true,
  priority: (info) => (mapIsDefault(info) ? 3 : 0),
  fields: MAP_FIELDS,
  atCursor: query({
    requests: (m): [] | [RequestOf<'memoryMap'>] => (m.range ? [ask('memoryMap', { startPfn: m.range.start, count: m.range.count })] : []),
    receive: (_m, [tile], _asked, { at }) => (tile ? { tile, tileCursor: at } : {}),
  }),
  // the frame's whole story: writes after the cursor are listed dimmed, so scrubbing keeps the list
  ofRun: query({
    requests: (m): [] | [RequestOf<'frameHistory'>] => (m.frame === null ? [] : [ask('frameHistory', { pfn: m.frame })]),
    receive: (m, [writes], [req]) => (writes && req && req.args.pfn === m.frame ? { writes: { pfn: req.args.pfn, writes } } : {}),
  }),
});
