// The heading of the view beside dmesg: the tabs of the views this run offers (Memory, Memory
// map, Locks), or just the title when it offers one.
import { useAppState, useController, useRun } from '../context.ts';

export function ViewTabs() {
  const c = useController();
  const info = useRun((r) => r.info);
  const layout = useAppState((s) => s.layout);
  const tabs = c.layout.tabs('view', info);
  const shown = c.layout.shown('view', layout, info)[0];
  if (tabs.length < 2) return <h2>{c.layout.def(shown ?? tabs[0] ?? 'hex').title}</h2>;
  return (
    <div className="view-tabs" role="tablist" aria-label="View">
      {tabs.map((id) => (
        <button key={id} type="button" role="tab" aria-selected={shown === id} className={shown === id ? 'on' : ''} onClick={() => c.layout.show(id)}>
          {c.layout.def(id).title}
        </button>
      ))}
    </div>
  );
}
