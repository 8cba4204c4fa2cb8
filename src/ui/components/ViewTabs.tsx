// Memory or Locks beside dmesg: offered only when the run has lock classes.
import { useAppState, useController } from '../context.ts';
import type { CenterTab } from '../store.ts';

const TABS: readonly [CenterTab, string][] = [
  ['memory', 'Memory'],
  ['locks', 'Locks'],
];

export function useHasLocks(): boolean {
  return useAppState((s) => (s.lockSkeleton?.classes.length ?? 0) > 0);
}

export function ViewTabs() {
  const c = useController();
  const tab = useAppState((s) => s.centerTab);
  return (
    <div className="view-tabs" role="tablist" aria-label="View">
      {TABS.map(([id, label]) => (
        <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'on' : ''} onClick={() => c.showView(id)}>
          {label}
        </button>
      ))}
    </div>
  );
}
