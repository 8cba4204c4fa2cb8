// dmesg up to the cursor in a terminal. It streams its lines itself (only the new ones as the
// cursor moves forward), so it asks nothing with the panels' batch.
import { definePanel } from '../contract.ts';
import { DmesgPanel } from './Dmesg.tsx';

export const dmesgPanel = definePanel({
  title: 'dmesg',
  place: 'log',
  component: DmesgPanel,
  fields: {},
});
