// The page: header, transport and timeline across the top; description/editor,
// dmesg over memory (or the lock graph), and findings in three columns below.
import { lazy, Suspense, useEffect } from 'react';
import { useAppState, useController } from '../context.ts';
import { installFileDrop } from '../fileDrop.ts';
import { installKeyboard } from '../keyboard.ts';
import { Dmesg } from './Dmesg.tsx';
import { Expectations } from './Expectations.tsx';
import { Findings } from './Findings.tsx';
import { Header } from './Header.tsx';
import { HexPanel } from './HexPanel.tsx';
import { LeftPanel } from './LeftPanel.tsx';
import { Notices } from './Notices.tsx';
import { Timeline } from './Timeline.tsx';
import { Transport } from './Transport.tsx';
import { useShownView, useViewTabs } from './ViewTabs.tsx';

// The lock graph (with dagre) and the memory map load when a run first shows them: most runs need one or neither.
const LocksPanel = lazy(() => import('./LocksPanel.tsx').then((m) => ({ default: m.LocksPanel })));
const MemoryMapPanel = lazy(() => import('./MemoryMapPanel.tsx').then((m) => ({ default: m.MemoryMapPanel })));

function DropHint() {
  const on = useAppState((s) => s.dropHint);
  return on ? <div className="drop-hint">Drop a kernscope scenario (.json) to run it</div> : null;
}

/** Memory, the memory map or the lock graph: what the run offers and the user (or the run) chose. */
export function ViewPanel() {
  const tabs = useViewTabs().length > 1;
  const tab = useShownView();
  if (tab === 'locks' || tab === 'map')
    return <Suspense fallback={<div className="panel-loading">Loading the {tab === 'locks' ? 'lock graph' : 'memory map'}…</div>}>{tab === 'locks' ? <LocksPanel /> : <MemoryMapPanel />}</Suspense>;
  return <HexPanel tabs={tabs} />;
}

export function App() {
  const c = useController();
  useEffect(() => installKeyboard(c), [c]);
  useEffect(() => installFileDrop(c, (on) => c.setDropHint(on)), [c]);
  return (
    <div className="app">
      <Header />
      <Notices />
      <div className="scrub">
        <Transport />
        <Timeline />
      </div>
      <main className="main">
        <LeftPanel />
        <div className="center">
          <section className="panel dmesg-panel" aria-label="Kernel log">
            <h2>dmesg</h2>
            <Dmesg />
          </section>
          <ViewPanel />
        </div>
        <div className="right">
          <Findings />
          <Expectations />
        </div>
      </main>
      <DropHint />
    </div>
  );
}
