// The heading of the view beside dmesg: the tabs of the views this run offers (Memory, Memory
// map, Locks), or just the title when it offers one, and the button saving the view as a PNG.
import { useRef, useState } from 'react';
import { useAppState, useController, useRun } from '../context.ts';
import { download, panelPng, pngName } from '../exportPng.ts';

function ExportPng({ title }: { title: string }) {
  const c = useController();
  const cursor = useRun((r) => r.cursor);
  const self = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const panel = self.current?.closest<HTMLElement>('section.panel');
    if (!panel) return;
    setBusy(true);
    try {
      download(await panelPng(panel), pngName(title, cursor));
    } catch (e) {
      c.notices.notify({ level: 'error', title: 'Export', lines: [`could not draw the ${title} view as a PNG: ${e instanceof Error ? e.message : String(e)}`] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <button ref={self} type="button" className="export-png" data-no-export="" disabled={busy} onClick={() => void save()} title={`Save the ${title} view as a PNG image`} aria-label={`Export ${title} as PNG`}>
      PNG
    </button>
  );
}

export function ViewTabs() {
  const c = useController();
  const info = useRun((r) => r.info);
  const layout = useAppState((s) => s.layout);
  const tabs = c.layout.tabs('view', info);
  const shown = c.layout.shown('view', layout, info)[0];
  const title = c.layout.def(shown ?? tabs[0] ?? 'hex').title;
  if (tabs.length < 2)
    return (
      <>
        <h2>{title}</h2>
        <ExportPng title={title} />
      </>
    );
  return (
    <>
      <div className="view-tabs" role="tablist" aria-label="View">
        {tabs.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={shown === id} className={shown === id ? 'on' : ''} onClick={() => c.layout.show(id)}>
            {c.layout.def(id).title}
          </button>
        ))}
      </div>
      <ExportPng title={title} />
    </>
  );
}
