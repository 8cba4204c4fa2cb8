// The page's resizable columns (left tabs | dmesg over the view | findings) and rows (dmesg over
// the view): react-resizable-panels groups whose separators move by pointer and by arrow keys.
// The sizes live in the store (for share links) and in this browser.
import type { ReactNode } from 'react';
import { Group, Panel, Separator, type Layout } from 'react-resizable-panels';
import { useAppState, useController } from '../context.ts';
import { browserStorage, MIN_SIZE, saveSizes, type PanelSizes } from '../panelSizes.ts';

const pct = (n: number) => `${n}%`;

function useSaveSizes(): (next: Partial<PanelSizes>, byUser: boolean) => void {
  const c = useController();
  const sizes = useAppState((s) => s.sizes);
  return (next, byUser) => {
    const merged = { ...sizes, ...next };
    c.layout.setSizes(merged);
    // only what the user did is kept: a link's sizes stay the link's
    if (byUser) saveSizes(browserStorage(), merged);
  };
}

export function Columns({ left, center, right }: { left: ReactNode; center: ReactNode; right: ReactNode | null }) {
  const sizes = useAppState((s) => s.sizes);
  const save = useSaveSizes();
  const onColumns = (l: Layout, byUser: boolean) => {
    const lw = l.left;
    if (lw === undefined) return;
    save(right === null ? { left: lw } : l.right === undefined ? { left: lw } : { left: lw, right: l.right }, byUser);
  };
  return (
    <Group
      key={right === null ? 'two' : 'three'}
      className="main"
      orientation="horizontal"
      defaultLayout={right === null ? { left: sizes.left, center: 100 - sizes.left } : { left: sizes.left, center: 100 - sizes.left - sizes.right, right: sizes.right }}
      onLayoutChanged={(l, meta) => onColumns(l, meta.isUserInteraction)}
    >
      <Panel id="left" className="col" minSize={pct(MIN_SIZE)}>
        {left}
      </Panel>
      <Separator className="splitter" aria-label="Resize the left column" />
      <Panel id="center" className="col" minSize="20%">
        {center}
      </Panel>
      {right !== null && (
        <>
          <Separator className="splitter" aria-label="Resize the right column" />
          <Panel id="right" className="col" minSize={pct(MIN_SIZE)}>
            {right}
          </Panel>
        </>
      )}
    </Group>
  );
}

export function Rows({ top, bottom }: { top: ReactNode; bottom: ReactNode }) {
  const sizes = useAppState((s) => s.sizes);
  const save = useSaveSizes();
  return (
    <Group
      className="center"
      orientation="vertical"
      defaultLayout={{ log: sizes.log, view: 100 - sizes.log }}
      onLayoutChanged={(l, meta) => {
        if (l.log !== undefined) save({ log: l.log }, meta.isUserInteraction);
      }}
    >
      <Panel id="log" className="row-cell" minSize={pct(MIN_SIZE)}>
        {top}
      </Panel>
      <Separator className="splitter" aria-label="Resize the kernel log" />
      <Panel id="view" className="row-cell" minSize={pct(MIN_SIZE)}>
        {bottom}
      </Panel>
    </Group>
  );
}
