// The scenario's expect steps and marks, whether they held, up to the cursor.
import { definePanel } from '../contract.ts';
import { Expectations } from './Expectations.tsx';

export const expectationsPanel = definePanel({
  title: 'Expect & marks',
  place: 'right',
  component: Expectations,
  fields: {},
});
