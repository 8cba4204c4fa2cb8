// A place on the page shows its panels: every panel offered there, or in a tabbed place the
// one chosen. Panels loaded on first use show what is loading meanwhile.
import { Suspense } from 'react';
import { useAppState, useController, useRun } from '../context.ts';
import type { Place as PlaceName } from '../panels/contract.ts';
import type { PanelId } from '../panels/index.ts';

function PanelView({ id }: { id: PanelId }) {
  const def = useController().layout.def(id);
  const Shown = def.component;
  if (def.loading === undefined) return <Shown />;
  return (
    <Suspense fallback={<div className="panel-loading">Loading the {def.loading}…</div>}>
      <Shown />
    </Suspense>
  );
}

export function Place({ name }: { name: PlaceName }) {
  const c = useController();
  const info = useRun((r) => r.info);
  const layout = useAppState((s) => s.layout);
  return (
    <>
      {c.layout.shown(name, layout, info).map((id) => (
        <PanelView key={id} id={id} />
      ))}
    </>
  );
}
