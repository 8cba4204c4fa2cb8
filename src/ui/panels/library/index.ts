// The user's own scenarios, kept in the browser beside the bundled ones.
import { definePanel } from '../contract.ts';
import { LibraryBadge, LibraryPanel } from './LibraryPanel.tsx';

export const libraryPanel = definePanel({
  title: 'Library',
  place: 'left',
  component: LibraryPanel,
  badge: LibraryBadge,
  fields: {},
});
