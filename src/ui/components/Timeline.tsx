// The scrubber over events 0..total: event density over simulated time, dmesg
// activity, findings by kind, marks and expect results. Dragging seeks.
import { scaleLinear } from 'd3';
import { memo, useEffect, useMemo, useRef, type PointerEvent } from 'react';
import { useAppState, useController } from '../context.ts';
import { findingColor } from '../findingColors.ts';
import { densityBars, placeLabels } from '../timelineModel.ts';
import { useWidth } from '../useWidth.ts';
import type { ExpectationView, Finding, Mark, TimelineBucket } from '../../worker/api.ts';

const H = 80;
const PAD = 8;
const BAR_TOP = 16;
const BAR_H = 36;
const LINES_Y = BAR_TOP + BAR_H + 3;
const MARK_Y = LINES_Y + 9;

interface LayerProps {
  width: number;
  total: number;
  timeline: readonly TimelineBucket[];
  findings: readonly Finding[];
  marks: readonly Mark[];
  expectations: readonly ExpectationView[];
}

/** Everything but the cursor: redrawn only when the run or the size changes. */
const Layers = memo(function Layers({ width, total, timeline, findings, marks, expectations }: LayerProps) {
  const x = scaleLinear().domain([0, Math.max(1, total)]).range([PAD, Math.max(PAD + 1, width - PAD)]);
  const bars = densityBars(timeline);
  const labels = placeLabels(marks, (m) => x(m.event), (m) => m.label);
  return (
    <g>
      <rect x={PAD} y={BAR_TOP} width={Math.max(0, width - 2 * PAD)} height={BAR_H} className="tl-bg" />
      {bars.map((b, i) => {
        const x0 = x(b.from);
        const w = Math.max(1, x(b.to) - x0 - 0.5);
        const h = b.height * BAR_H;
        return (
          <g key={i}>
            <rect x={x0} y={BAR_TOP + BAR_H - h} width={w} height={h} className="tl-bar" />
            {b.lines > 0 && <rect x={x0} y={LINES_Y} width={w} height={5} className="tl-lines" opacity={0.25 + 0.75 * b.lines} />}
          </g>
        );
      })}
      {labels.map(({ item, x: px, labelled }, i) => (
        <g key={`m${i}`} className="tl-mark">
          <line x1={px} x2={px} y1={11} y2={BAR_TOP + BAR_H} />
          {labelled && (
            // a label that would run off the right edge ends at its tick instead
            <text x={px + 2 + item.label.length * 6 > width - PAD ? px - 2 : px + 2} y={10} textAnchor={px + 2 + item.label.length * 6 > width - PAD ? 'end' : 'start'}>
              {item.label}
            </text>
          )}
          <title>{`mark "${item.label}" at event ${item.event}`}</title>
        </g>
      ))}
      {findings.map((f, i) => {
        const px = x(f.event);
        return (
          <g key={`f${i}`} className="tl-finding" style={{ color: findingColor(f.kind) }}>
            <line x1={px} x2={px} y1={BAR_TOP} y2={BAR_TOP + BAR_H} />
            <path d={`M${px - 4},${MARK_Y + 8} L${px + 4},${MARK_Y + 8} L${px},${MARK_Y} Z`} />
            <title>{`${f.kind} at event ${f.event}: ${f.title}`}</title>
          </g>
        );
      })}
      {expectations.map((e, i) => (
        <text key={`e${i}`} x={x(e.event)} y={MARK_Y + 17} className={e.pass ? 'tl-pass' : 'tl-fail'} textAnchor="middle">
          {e.pass ? '✓' : '✗'}
          <title>{`expect at event ${e.event}: ${e.pass ? 'pass' : 'FAIL'}: ${e.message}`}</title>
        </text>
      ))}
    </g>
  );
});

export function Timeline() {
  const c = useController();
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const info = useAppState((s) => s.info);
  const timeline = useAppState((s) => s.timeline);
  const cursor = useAppState((s) => s.cursor);
  const total = info?.total ?? 0;
  const dragging = useRef(false);

  useEffect(() => {
    if (width > 0) void c.fetchTimeline(Math.floor((width - 2 * PAD) / 3));
  }, [c, width]);

  const x = useMemo(() => scaleLinear().domain([0, Math.max(1, total)]).range([PAD, Math.max(PAD + 1, width - PAD)]).clamp(true), [total, width]);

  const seekAt = (e: PointerEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    c.seek(x.invert(e.clientX - r.left));
  };

  const cx = x(cursor);
  return (
    <div className="timeline" ref={box}>
      {info && width > 0 && (
        <svg
          width={width}
          height={H}
          role="slider"
          tabIndex={0}
          aria-label="Timeline"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={cursor}
          onPointerDown={(e) => {
            dragging.current = true;
            e.currentTarget.setPointerCapture(e.pointerId);
            c.stopPlay();
            seekAt(e);
          }}
          onPointerMove={(e) => dragging.current && seekAt(e)}
          onPointerUp={(e) => {
            dragging.current = false;
            e.currentTarget.releasePointerCapture(e.pointerId);
          }}
        >
          <Layers width={width} total={total} timeline={timeline} findings={info.findings} marks={info.marks} expectations={info.expectations} />
          <rect x={PAD} y={BAR_TOP} width={Math.max(0, cx - PAD)} height={BAR_H} className="tl-past" />
          <line x1={cx} x2={cx} y1={2} y2={H - 2} className="tl-cursor" />
          <path d={`M${cx - 5},${BAR_TOP - 6} L${cx + 5},${BAR_TOP - 6} L${cx},${BAR_TOP} Z`} className="tl-handle" />
        </svg>
      )}
    </div>
  );
}
