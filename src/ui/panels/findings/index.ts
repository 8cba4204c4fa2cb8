// The findings of the run: those before the cursor, those later dimmed, filtered by kind.
import { definePanel } from '../contract.ts';
import { Findings } from './Findings.tsx';
import { FINDINGS_FIELDS, type FindingsSlice } from './slice.ts';

export const findingsPanel = definePanel<FindingsSlice>({
  title: 'Findings',
  place: 'right',
  component: Findings,
  fields: FINDINGS_FIELDS,
});
