// The Memory map view: every physical frame colored by its owner at the cursor, the frames stray
// writes hit ringed, the hovered frame named, a legend of the owners on screen, and the write
// history of the frame clicked.
import { useCallback, useMemo, useState } from 'react';
import { useShownTheme } from '../../canvasTheme.ts';
import { ViewTabs } from '../../components/ViewTabs.tsx';
import { useController, usePanel, useRun } from '../../context.ts';
import { selectFrame } from './actions.ts';
import { FrameHistory } from './FrameHistory.tsx';
import { frameInfo, hitFrames, nextHit } from './frames.ts';
import { MapCanvas, type MapView } from './MapCanvas.tsx';
import { stepZoom, ZOOMS } from './mapLayout.ts';
import { ownerColor, ownerMark, ownerRgb, ownerTexture, sortLegend } from './ownerColors.ts';

/** An owner's chip: its color, its texture on the map, and its letter (color is not the only carrier). */
function OwnerChip({ name }: { name: string }) {
  const onLight = useShownTheme() === 'light';
  const [r, g, b] = ownerRgb(name, onLight);
  const light = 0.299 * r + 0.587 * g + 0.114 * b > 140;
  const t = ownerTexture(name);
  return (
    <span className={`swatch mark${t ? ` tx-${t}` : ''}${light ? ' on-light' : ''}`} style={{ backgroundColor: ownerColor(name, onLight) }} aria-hidden="true">
      {ownerMark(name)}
    </span>
  );
}

function FrameLine({ pfn }: { pfn: number | null }) {
  const tile = usePanel('map', (m) => m.tile);
  const fi = pfn !== null && tile ? frameInfo(tile, pfn) : null;
  if (!fi) return <div className="inspector map-frame muted" aria-label="Frame under the mouse">Hover a frame to name it; click it to list the writes into it. Ctrl+wheel zooms.</div>;
  return (
    <div className="inspector map-frame" aria-label="Frame under the mouse" aria-live="polite">
      <b className="mono">pfn {fi.pfnHex}</b> <span className="muted">phys</span> <span className="addr">{fi.phys}</span> <span className="addr">{fi.va}</span> · <OwnerChip name={fi.owner} /> <b>{fi.owner}</b>
      {fi.flags.length > 0 && <span className="muted"> · {fi.flags.join(' ')}</span>}
      {fi.strayHits > 0 && (
        <span className="map-hit">
          {' '}
          · hit by {fi.strayHits} stray write{fi.strayHits === 1 ? '' : 's'}
        </span>
      )}
    </div>
  );
}

function Legend({ onHighlight, highlight }: { onHighlight: (owner: string | null) => void; highlight: string | null }) {
  const tile = usePanel('map', (m) => m.tile);
  if (!tile) return null;
  const entries = sortLegend(tile.legend);
  return (
    <div className="legend map-legend" aria-label="Owners" onMouseLeave={() => onHighlight(null)}>
      {entries.map((e) => (
        <span key={e.name} className={`lg owner${highlight === e.name ? ' on' : ''}`} data-owner={e.name} onMouseEnter={() => onHighlight(e.name)} title={`${e.name}: ${e.frames} frame${e.frames === 1 ? '' : 's'} on screen (${((e.frames * 4) / 1024).toFixed(1)} MiB)`}>
          <OwnerChip name={e.name} />
          {e.name} <span className="muted">{e.frames}</span>
        </span>
      ))}
      {tile.strayFrames.length > 0 && (
        <span className="lg stray-lg">
          <span className="ring" /> hit by a stray write <span className="muted">{tile.strayFrames.length}</span>
        </span>
      )}
    </div>
  );
}

function Tools({ view, fitted, setZoom }: { view: MapView; fitted: number; setZoom: (z: number | 'fit') => void }) {
  const c = useController();
  const findings = useRun((r) => r.info?.findings);
  const cursor = useRun((r) => r.cursor);
  const selected = usePanel('map', (m) => m.frame);
  const hits = useMemo(() => hitFrames(findings ?? [], cursor), [findings, cursor]);
  const zoom = view.zoom === 'fit' ? null : view.zoom;
  const idx = selected === null ? -1 : hits.indexOf(selected);
  return (
    <div className="map-tools">
      <span className="map-hits" aria-label="Hit frames">
        <button type="button" aria-label="Previous hit frame" disabled={hits.length === 0} onClick={() => selectFrame(c, nextHit(hits, selected, -1))}>
          ◀
        </button>
        <span className="muted">
          {idx >= 0 ? `${idx + 1}/` : ''}
          {hits.length} hit frame{hits.length === 1 ? '' : 's'}
        </span>
        <button type="button" aria-label="Next hit frame" disabled={hits.length === 0} onClick={() => selectFrame(c, nextHit(hits, selected, 1))}>
          ▶
        </button>
      </span>
      <span className="map-zoom">
        <button type="button" aria-label="Zoom out" onClick={() => setZoom(stepZoom(zoom ?? fitted, -1))} disabled={(zoom ?? fitted) <= ZOOMS[0]!}>
          −
        </button>
        <span className="muted" aria-label="Zoom">
          {zoom === null ? 'fit' : `${zoom} px/frame`}
        </span>
        <button type="button" aria-label="Zoom in" onClick={() => setZoom(stepZoom(zoom ?? fitted, 1))} disabled={(zoom ?? fitted) >= ZOOMS[ZOOMS.length - 1]!}>
          +
        </button>
        <button type="button" onClick={() => setZoom('fit')} disabled={zoom === null}>
          Fit
        </button>
      </span>
    </div>
  );
}

export function MemoryMapPanel() {
  const mapCursor = usePanel('map', (m) => m.tileCursor);
  const [zoom, setZoom] = useState<number | 'fit'>('fit');
  const [highlight, setHighlight] = useState<string | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [fitted, setFitted] = useState(1);
  const selected = usePanel('map', (m) => m.frame);
  const view = useMemo<MapView>(() => ({ zoom, highlight }), [zoom, highlight]);
  const onZoom = useCallback((z: number | 'fit') => setZoom(z), []);
  return (
    <section className="panel mappanel" aria-label="Memory map" data-cursor={mapCursor ?? ''}>
      <div className="hex-head">
        <ViewTabs />
        <Tools view={view} fitted={fitted} setZoom={setZoom} />
      </div>
      <div className="map-body">
        <div className="map-main">
          <MapCanvas view={view} onZoom={onZoom} hover={hover} onHover={setHover} onCell={setFitted} />
          <FrameLine pfn={hover ?? selected} />
          <Legend onHighlight={setHighlight} highlight={highlight} />
        </div>
        <FrameHistory />
      </div>
    </section>
  );
}
