// The Query view (Perfetto's query page): SQL over the run's events, findings, dmesg and memory
// writes, answered by SQLite in the worker. The view and SQLite are loaded on first use.
import { lazy } from 'react';
import { ask } from '../../../worker/protocol.ts';
import { definePanel, query } from '../contract.ts';
import { QUERY_FIELDS, type QuerySlice } from './slice.ts';

export const queryPanel = definePanel<QuerySlice>({
  title: 'Query',
  place: 'view',
  component: lazy(() => import('./QueryPanel.tsx').then((m) => ({ default: m.QueryPanel }))),
  loading: 'query page',
  offered: () => true,
  fields: QUERY_FIELDS,
  ofRun: query({
    requests: () => [ask('sqlSchema', {})] as const,
    receive: (_q, [schema]) => ({ schema }),
  }),
});
