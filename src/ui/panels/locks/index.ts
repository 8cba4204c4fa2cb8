// The Locks view: lockdep's class graph at the cursor, laid out once from the run's final graph,
// with the cycle, the CPU0/CPU1 scenario and the locks each task holds. Offered for runs with
// lock classes; shown first when no finding names memory. Loaded on first use (dagre).
import { lazy } from 'react';
import { ask } from '../../../worker/protocol.ts';
import { findingFocus } from '../../findingTarget.ts';
import { definePanel, query } from '../contract.ts';
import { HEX_LEN_DEFAULT } from '../hex/slice.ts';
import { LOCKS_FIELDS, type LocksSlice } from './slice.ts';

export const locksPanel = definePanel<LocksSlice>({
  title: 'Locks',
  place: 'view',
  component: lazy(() => import('./LocksPanel.tsx').then((m) => ({ default: m.LocksPanel }))),
  loading: 'lock graph',
  offered: (info) => info.lockClasses > 0,
  priority: (info) => (info.findings.some((f) => findingFocus(f, HEX_LEN_DEFAULT) !== null) ? 0 : 2),
  fields: LOCKS_FIELDS,
  atCursor: query({
    requests: () => [ask('lockGraph', {}), ask('heldLocks', {})] as const,
    receive: (_l, [graph, tasks], _asked, { at }) => ({ now: { cursor: at, graph, tasks } }),
  }),
  ofRun: query({
    requests: () => [ask('lockGraph', {})] as const,
    receive: (_l, [skeleton]) => ({ skeleton }),
  }),
});
