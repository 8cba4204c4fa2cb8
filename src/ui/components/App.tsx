// The page: header, transport and timeline across the top; description/editor,
// dmesg over memory, and findings in three columns below.
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
import { Notices } from './Notices.tsx';
import { Timeline } from './Timeline.tsx';
import { Transport } from './Transport.tsx';

function DropHint() {
  const on = useAppState((s) => s.dropHint);
  return on ? <div className="drop-hint">Drop a kernscope scenario (.json) to run it</div> : null;
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
          <HexPanel />
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
