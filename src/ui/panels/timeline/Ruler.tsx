// The ruler above the timeline: event numbers on top, simulated time (printk seconds) below, the
// bookmarks as flags. Dragging it pans the window.
import { memo } from 'react';
import type { TimelineBucket } from '../../../worker/protocol.ts';
import type { Bookmark } from './bookmarks.ts';
import { eventTicks, timeTicks } from './ruler.ts';
import { placeLabels, type TimelineWindow } from './timelineModel.ts';

export const RULER_H = 26;

interface Props {
  width: number;
  left: number;
  right: number;
  window: TimelineWindow;
  buckets: readonly TimelineBucket[];
  bookmarks: readonly Bookmark[];
}

export const RulerTicks = memo(function RulerTicks({ width, left, right, window: w, buckets, bookmarks }: Props) {
  const px = Math.max(1, right - left);
  const span = Math.max(1, w.to - w.from);
  const x = (e: number) => left + ((e - w.from) / span) * px;
  const events = placeLabels(eventTicks(w, px), x, (e) => String(e));
  const times = placeLabels(timeTicks(buckets, w, px), (t) => x(t.event), (t) => t.label);
  return (
    <g className="tl-ruler-ticks">
      <rect x={left} y={0} width={px} height={RULER_H} className="tl-ruler-bg" />
      <text x={left - 6} y={10} textAnchor="end" className="tl-ruler-name">
        event
      </text>
      <text x={left - 6} y={22} textAnchor="end" className="tl-ruler-name">
        time
      </text>
      {events.map(({ item, x: px0, labelled }) => (
        <g key={`e${item}`} className="tl-tick-event" data-event={item}>
          <line x1={px0} x2={px0} y1={0} y2={labelled ? 12 : 5} />
          {labelled && (
            <text x={px0 + 2} y={9} textAnchor={px0 + 2 + String(item).length * 6 > width ? 'end' : 'start'}>
              {item}
            </text>
          )}
        </g>
      ))}
      {times.map(({ item, x: px0, labelled }) => (
        <g key={`t${item.ns}`} className="tl-tick-time" data-ns={item.ns}>
          <line x1={px0} x2={px0} y1={RULER_H - (labelled ? 12 : 5)} y2={RULER_H} />
          {labelled && (
            <text x={px0 + 2} y={RULER_H - 3} textAnchor={px0 + 2 + item.label.length * 6 > width ? 'end' : 'start'}>
              {item.label}
            </text>
          )}
        </g>
      ))}
      {bookmarks
        .filter((b) => b.event >= w.from && b.event <= w.to)
        .map((b) => (
          <path key={`b${b.event}`} className="tl-bookmark-flag" data-event={b.event} d={`M${x(b.event)},0 l0,${RULER_H} M${x(b.event)},0 l7,3 l-7,3 Z`}>
            <title>{`bookmark "${b.name}" at event ${b.event}`}</title>
          </path>
        ))}
    </g>
  );
});
