// The left column: its panels as tabs (description, editor, options), one shown at a time.
import { useAppState, useController, useRun } from '../context.ts';
import { Place } from './Place.tsx';

export function LeftPanel() {
  const c = useController();
  const info = useRun((r) => r.info);
  const layout = useAppState((s) => s.layout);
  const shown = c.layout.shown('left', layout, info)[0];
  return (
    <section className="panel left" aria-label="Scenario details">
      <div className="tabs" role="tablist">
        {c.layout.tabs('left', info).map((id) => {
          const def = c.layout.def(id);
          const Badge = def.badge;
          return (
            <button key={id} type="button" role="tab" aria-selected={shown === id} className={shown === id ? 'on' : ''} onClick={() => c.layout.show(id)}>
              {def.title}
              {Badge && <Badge />}
            </button>
          );
        })}
      </div>
      <div className="tabbody" role="tabpanel">
        <Place name="left" />
      </div>
    </section>
  );
}
