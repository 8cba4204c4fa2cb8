// The page: header, transport and timeline across the top; the left tabs, dmesg over the view
// (memory, the memory map or the lock graph), and findings with expectations in three columns.
// Which panels go where is theirs to say (panels/); this only lays out the places.
import { lazy, Suspense, useEffect, useState } from 'react';
import { useAppState, useController } from '../context.ts';
import { installFileDrop } from '../fileDrop.ts';
import { installKeyboard } from '../keyboard.ts';
import { installPasteAnywhere } from '../pasteAnywhere.ts';
import { ImportProgress } from '../import/ImportProgress.tsx';
import { PasteDialog } from '../import/PasteDialog.tsx';
import { useImport } from '../import/useImport.ts';
import { Columns, Rows } from './Columns.tsx';
import { Header } from './Header.tsx';
import { HelpOverlay } from './HelpOverlay.tsx';
import { LeftPanel } from './LeftPanel.tsx';
import { Notices } from './Notices.tsx';
import { Place } from './Place.tsx';
import { Transport } from './Transport.tsx';

/** Loaded when a comparison is first shown: the first paint does not need it. */
const CompareView = lazy(() => import('../compare/CompareView.tsx').then((m) => ({ default: m.CompareView })));
// loaded with the first imported log: the page that never imports does not carry it
const ImportView = lazy(() => import('../import/ImportView.tsx').then((m) => ({ default: m.ImportView })));

function DropHint() {
  const on = useAppState((s) => s.dropHint);
  return on ? <div className="drop-hint">Drop a kernscope scenario (.json) to run it, or a kernel log to import it</div> : null;
}

/** The view beside dmesg: what the run offers and the user (or the run) chose. */
export function ViewPanel() {
  return <Place name="view" />;
}

export function App() {
  const c = useController();
  const [help, setHelp] = useState(false);
  useEffect(() => installKeyboard(c, { help: () => setHelp(true) }), [c]);
  useEffect(() => installFileDrop(c, (on) => c.layout.setDropHint(on)), [c]);
  useEffect(() => installPasteAnywhere(c), [c]);
  const comparing = useAppState((s) => s.compare !== null);
  const imported = useImport((s) => s.shown && s.log !== null);
  return (
    <div className="app">
      <Header />
      {/* one row of the page's grid: the messages, and an import being read */}
      <div>
        <Notices />
        <ImportProgress />
      </div>
      {/* an imported log has no events to step through: the run's transport and timeline wait */}
      <div className="scrub">
        {!imported && (
          <>
            <Transport />
            <Place name="top" />
          </>
        )}
      </div>
      <main className={`workspace${comparing ? ' comparing' : ''}`}>
        <Columns
          left={<LeftPanel />}
          center={
            imported ? (
              <Suspense fallback={<div className="panel-loading">Loading the import view…</div>}>
                <ImportView />
              </Suspense>
            ) : comparing ? (
              <Suspense fallback={<div className="panel-loading">Loading the comparison…</div>}>
                <CompareView />
              </Suspense>
            ) : (
              <Rows top={<Place name="log" />} bottom={<ViewPanel />} />
            )
          }
          right={
            comparing || imported ? null : (
              <div className="right">
                <Place name="right" />
              </div>
            )
          }
        />
      </main>
      <DropHint />
      <PasteDialog />
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}
