// The scenario's own explanation (Markdown), with its name and source.
import { definePanel } from '../contract.ts';
import { Description } from './Description.tsx';

export const descriptionPanel = definePanel({
  title: 'Description',
  place: 'left',
  component: Description,
  fields: {},
});
