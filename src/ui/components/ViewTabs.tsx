// Memory, Memory map and Locks beside dmesg: the map only for runs about physical memory
// (mm findings, suspend/resume), Locks only when the run has lock classes.
import { useAppState, useController } from '../context.ts';
import { mapOffered } from '../controller.ts';
import type { CenterTab } from '../store.ts';

const TABS: readonly [CenterTab, string][] = [
  ['memory', 'Memory'],
  ['map', 'Memory map'],
  ['locks', 'Locks'],
];

export function useHasLocks(): boolean {
  return useAppState((s) => (s.lockSkeleton?.classes.length ?? 0) > 0);
}

export function useHasMap(): boolean {
  return useAppState((s) => s.info !== null && mapOffered(s.info, s.phases));
}

/** The tabs this run offers, or just Memory (no tab bar then). */
export function useViewTabs(): CenterTab[] {
  const locks = useHasLocks();
  const map = useHasMap();
  return TABS.map(([id]) => id).filter((id) => id === 'memory' || (id === 'map' && map) || (id === 'locks' && locks));
}

/** The view shown: the chosen tab when this run offers it, else Memory. */
export function useShownView(): CenterTab {
  const tabs = useViewTabs();
  const tab = useAppState((s) => s.centerTab);
  return tabs.includes(tab) ? tab : 'memory';
}

export function ViewTabs() {
  const c = useController();
  const tabs = useViewTabs();
  const tab = useShownView();
  return (
    <div className="view-tabs" role="tablist" aria-label="View">
      {TABS.filter(([id]) => tabs.includes(id)).map(([id, label]) => (
        <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'on' : ''} onClick={() => c.showView(id)}>
          {label}
        </button>
      ))}
    </div>
  );
}
