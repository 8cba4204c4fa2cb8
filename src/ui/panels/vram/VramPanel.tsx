// The VRAM view: the GPU's buffer objects at the cursor by placement and state, the BAR1 window
// marked, a legend that counts each state (hover one to pick its buffers out), the buffer under
// the mouse named, and beside the map the picked buffer's history or the buffers worth a look.
import { useState } from 'react';
import { ViewTabs } from '../../components/ViewTabs.tsx';
import { usePanel, useRun } from '../../context.ts';
import { BoSide } from './BoSide.tsx';
import { BO_STATES, errnoName, STATE_LABELS, type BoState, type VramMap } from './gpu.ts';
import { StateChip } from './StateChip.tsx';
import { boLine } from './vramModel.ts';
import { VramCanvas } from './VramCanvas.tsx';
import './vram.css';

function Legend({ map, highlight, onHighlight }: { map: VramMap; highlight: BoState | null; onHighlight: (s: BoState | null) => void }) {
  return (
    <div className="legend vram-legend" aria-label="Buffer states" onMouseLeave={() => onHighlight(null)}>
      {BO_STATES.map((s) => (
        <span key={s} className={`lg${highlight === s ? ' on' : ''}`} data-state={s} data-count={map.counts[s]} onMouseEnter={() => onHighlight(s)}>
          <StateChip state={s} />
          {STATE_LABELS[s]} <span className="muted">{map.counts[s]}</span>
        </span>
      ))}
      <span className="lg ghost-lg" title="the VRAM range an evicted buffer left">
        <span className="swatch ghost" /> left by an eviction
      </span>
      <span className="lg bar-lg" title="BAR1, the CPU-visible aperture: the CPU reaches VRAM above the line only">
        <span className="bar-line" /> BAR1 end
      </span>
      <span className="lg beyond-lg" title="a buffer above the BAR1 window: memcpy_fromio() cannot copy it">
        <span className="swatch beyond" /> beyond BAR1
      </span>
    </div>
  );
}

function Line({ map, name }: { map: VramMap; name: string | null }) {
  const b = name === null ? null : map.bos.find((x) => x.name === name);
  if (!b) return <div className="inspector vram-line muted" aria-label="Buffer under the mouse">Hover a block to name its buffer; click it for its history.</div>;
  return (
    <div className="inspector vram-line" aria-label="Buffer under the mouse" aria-live="polite">
      <StateChip state={b.state} /> <b className="mono">{b.name}</b> · {STATE_LABELS[b.state]}
      {b.error !== null && <span className="bad"> {errnoName(b.error)}</span>} · <span className="mono">{boLine(b)}</span>
      {b.beyondBar && <span className="bad"> · beyond BAR1</span>}
    </div>
  );
}

export function VramPanel() {
  const now = usePanel('vram', (v) => v.now);
  const selected = usePanel('vram', (v) => v.bo);
  const cursor = useRun((r) => r.cursor);
  const [hover, setHover] = useState<string | null>(null);
  const [highlight, setHighlight] = useState<BoState | null>(null);
  const map = now?.map ?? null;
  return (
    <section className={`panel vrampanel${now && now.cursor !== cursor ? ' stale' : ''}`} aria-label="VRAM" data-cursor={now?.cursor ?? ''}>
      <div className="hex-head">
        <ViewTabs />
      </div>
      {map === null ? (
        <p className="muted empty">…</p>
      ) : (
        <div className="vram-body">
          <div className="vram-main">
            <VramCanvas map={map} hover={hover} onHover={setHover} highlight={highlight} />
            <Line map={map} name={hover ?? selected} />
            <Legend map={map} highlight={highlight} onHighlight={setHighlight} />
          </div>
          <BoSide map={map} />
        </div>
      )}
    </section>
  );
}
