// dmesg up to the cursor in a terminal. It streams its lines itself (only the new ones as the
// cursor moves forward), so it asks nothing with the panels' batch. xterm.js is loaded beside
// the first paint, not in it: the page draws the moment first and the log joins it.
import { lazy } from 'react';
import { definePanel } from '../contract.ts';

export const dmesgPanel = definePanel({
  title: 'dmesg',
  place: 'log',
  component: lazy(() => import('./Dmesg.tsx').then((m) => ({ default: m.DmesgPanel }))),
  loading: 'kernel log',
  fields: {},
});
