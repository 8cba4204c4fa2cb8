// Kernel command line, kconfig and patches of the run shown: flip one and run again in place.
import { definePanel } from '../contract.ts';
import { Options, OptionsBadge } from './Options.tsx';

export const optionsPanel = definePanel({
  title: 'Options',
  place: 'left',
  component: Options,
  badge: OptionsBadge,
  fields: {},
});
