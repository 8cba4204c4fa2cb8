// The page: header, transport and timeline across the top; description/editor,
// dmesg over memory (or the lock graph), and findings in three columns below.
import { useEffect } from 'react';
import { useAppState, useController } from '../context.ts';
import { installFileDrop } from '../fileDrop.ts';
import { installKeyboard } from '../keyboard.ts';
import { Dmesg } from './Dmesg.tsx';
import { Expectations } from './Expectations.tsx';
import { Findings } from './Findings.tsx';
import { Header } from './Header.tsx';
import { HexPanel } from './HexPanel.tsx';
import { LeftPanel } from './LeftPanel.tsx';
import { LocksPanel } from './LocksPanel.tsx';
import { Notices } from './Notices.tsx';
import { Timeline } from './Timeline.tsx';
import { Transport } from './Transport.tsx';
import { useHasLocks } from './ViewTabs.tsx';

function DropHint() {
  const on = useAppState((s) => s.dropHint);
  return on ? <div className="drop-hint">Drop a kernscope scenario (.json) to run it</div> : null;
}

/** Memory, or the lock graph when the run has lock classes and the user (or the run) chose it. */
export function ViewPanel() {
  const hasLocks = useHasLocks();
  const tab = useAppState((s) => s.centerTab);
  return hasLocks && tab === 'locks' ? <LocksPanel /> : <HexPanel tabs={hasLocks} />;
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
