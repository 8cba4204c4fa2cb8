// The user's own scenarios, kept in the browser beside the bundled ones.
import { lazy } from 'react';
import { useAppState } from '../../context.ts';
import { definePanel } from '../contract.ts';

/** How many scenarios the library holds, on its tab. */
function LibraryBadge() {
  const n = useAppState((s) => s.library.length);
  return n > 0 ? <span className="badge">{n}</span> : null;
}

export const libraryPanel = definePanel({
  title: 'Library',
  place: 'left',
  component: lazy(() => import('./LibraryPanel.tsx').then((m) => ({ default: m.LibraryPanel }))),
  loading: 'library',
  badge: LibraryBadge,
  fields: {},
});
