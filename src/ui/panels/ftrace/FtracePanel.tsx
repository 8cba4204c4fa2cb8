// The Function graph view: the function_graph tracer's text up to the cursor (its step, since the
// last mark, the whole run, or a window around it), optionally below one function
// (set_graph_function), the line the cursor is at highlighted and kept in view, a click on a line
// going to its event; the calls open at the cursor; and the trace_stat profile of the same range,
// sortable, a click on a function limiting the listing to it.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { ViewTabs } from '../../components/ViewTabs.tsx';
import { useController, usePanel, useRun } from '../../context.ts';
import { measureOr, observeRectOr } from '../../virtualRect.ts';
import { cursorRow, listRows, RANGE_LABELS, RANGE_TITLES, sortProfile, usNumber, type ListRow, type SortKey } from './ftraceModel.ts';
import { TRACE_RANGES, type FunctionTrace } from './slice.ts';
import './ftrace.css';

const ROW_H = 16;
const FALLBACK = { width: 600, height: 300 };

function Tools({ trace }: { trace: FunctionTrace | null }) {
  const c = useController();
  const range = usePanel('ftrace', (f) => f.range);
  const graph = usePanel('ftrace', (f) => f.graph);
  const functions = usePanel('ftrace', (f) => f.functions);
  const [text, setText] = useState(graph);
  const list = useId();
  useEffect(() => setText(graph), [graph]);
  const apply = (v: string) => {
    const g = v.trim();
    if (g !== c.panel('ftrace').graph) c.patchPanel('ftrace', { graph: g });
  };
  return (
    <div className="ft-tools">
      <span className="ft-ranges" role="radiogroup" aria-label="Range">
        {TRACE_RANGES.map((r) => (
          <button key={r} type="button" role="radio" aria-checked={range === r} className={range === r ? 'on' : ''} title={RANGE_TITLES[r]} onClick={() => c.patchPanel('ftrace', { range: r })}>
            {RANGE_LABELS[r]}
          </button>
        ))}
      </span>
      <form
        className="ft-graph"
        onSubmit={(e) => {
          e.preventDefault();
          apply(text);
        }}
      >
        <input
          type="text"
          list={list}
          value={text}
          placeholder="set_graph_function"
          aria-label="Graph function"
          spellCheck={false}
          onChange={(e) => {
            setText(e.target.value);
            // a name picked from the list applies at once
            if (functions?.includes(e.target.value)) apply(e.target.value);
          }}
          onBlur={() => apply(text)}
        />
        <datalist id={list}>{functions?.map((f) => <option key={f} value={f} />)}</datalist>
        {graph !== '' && (
          <button type="button" className="link" onClick={() => apply('')} title="trace every function">
            all
          </button>
        )}
      </form>
      {trace && <Summary trace={trace} />}
    </div>
  );
}

function Row({ r, here, onGo }: { r: ListRow; here: boolean; onGo: (event: number) => void }) {
  if (r.kind !== 'line') return <div className="ft-line omitted">{r.text}</div>;
  return (
    <button type="button" className={`ft-line${here ? ' here' : ''}${r.later ? ' later' : ''}`} onClick={() => onGo(r.event)} title={`event ${r.event}`} data-event={r.event}>
      {r.text}
    </button>
  );
}

function Listing({ trace }: { trace: FunctionTrace }) {
  const c = useController();
  const cursor = useRun((r) => r.cursor);
  const rows = useMemo(() => listRows(trace), [trace]);
  const here = useMemo(() => cursorRow(rows, cursor), [rows, cursor]);
  const box = useRef<HTMLDivElement>(null);
  // the rows start below the sticky column header
  const top = ROW_H + 1;
  const v = useVirtualizer({
    count: rows.length,
    scrollMargin: top,
    getScrollElement: () => box.current,
    estimateSize: () => ROW_H,
    measureElement: measureOr(() => ROW_H),
    overscan: 20,
    initialRect: FALLBACK,
    observeElementRect: observeRectOr(FALLBACK),
  });
  // follow the cursor: its line stays in view as the listing changes
  useEffect(() => {
    v.scrollToIndex(here >= 0 ? here : rows.length - 1, { align: 'center' });
  }, [trace, here]);
  return (
    <div className="ft-listing" ref={box} aria-label="function_graph" role="region">
      <div className="ft-header" aria-hidden="true">
        <div className="ft-line header">{trace.header.find((h) => h.includes('FUNCTION CALLS')) ?? ''}</div>
      </div>
      <div className="ft-rows" style={{ height: v.getTotalSize() }}>
        {v.getVirtualItems().map((it) => (
          <div key={it.key} className="ft-row" style={{ transform: `translateY(${it.start - top}px)` }}>
            <Row r={rows[it.index]!} here={it.index === here} onGo={(e) => c.cursor.seekAfterEvent(e)} />
          </div>
        ))}
      </div>
    </div>
  );
}

const COLUMNS: readonly { key: SortKey; label: string; title: string }[] = [
  { key: 'fn', label: 'Function', title: 'sort by name' },
  { key: 'hits', label: 'Hit', title: 'calls that returned in the range' },
  { key: 'time', label: 'Time (us)', title: 'total time in microseconds, callees included (trace_stat sorts by it)' },
  { key: 'avg', label: 'Avg (us)', title: 'average time a call, us' },
  { key: 's2', label: 's^2 (us)', title: 'variance of the time a call' },
];

function Profile({ trace }: { trace: FunctionTrace }) {
  const c = useController();
  const graph = usePanel('ftrace', (f) => f.graph);
  const [sort, setSort] = useState<SortKey>('time');
  const entries = useMemo(() => sortProfile(trace.profile, sort), [trace, sort]);
  const onStack = useMemo(() => new Set(trace.stack), [trace]);
  return (
    <div className="ft-profile" role="region" aria-label="Function profile">
      {entries.length === 0 ? (
        <p className="muted empty">No traced call returned in this range.</p>
      ) : (
        <table>
          <thead>
            <tr>
              {COLUMNS.map((col) => (
                <th key={col.key} className={`c-${col.key}${sort === col.key ? ' sorted' : ''}`} aria-sort={sort === col.key ? (col.key === 'fn' ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" className="link" title={col.title} onClick={() => setSort(col.key)}>
                    {col.label}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.fn} className={`${onStack.has(e.fn) ? 'on-stack' : ''}${graph === e.fn ? ' graph' : ''}`} data-fn={e.fn}>
                <td className="c-fn">
                  <button type="button" className="link" title={graph === e.fn ? 'trace every function again' : `list ${e.fn}() and what it calls only`} onClick={() => c.patchPanel('ftrace', { graph: graph === e.fn ? '' : e.fn })}>
                    {e.fn}
                  </button>
                </td>
                <td className="c-hits">{e.hits}</td>
                <td className="c-time">{usNumber(e.time)}</td>
                <td className="c-avg">{usNumber(e.avg ?? (e.hits > 0 ? e.time / e.hits : 0))}</td>
                <td className="c-s2">{usNumber(e.s2 ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Summary({ trace }: { trace: FunctionTrace }) {
  return (
    <span className="ft-sub" aria-label="Trace range" title={`events ${trace.from}–${Math.max(trace.from, trace.to - 1)}`}>
      <b>{trace.label}</b> <span className="muted">· {trace.calls} call{trace.calls === 1 ? '' : 's'}</span>
    </span>
  );
}

/** The calls open at the cursor, innermost first, as a call trace lists them. */
function Stack({ trace }: { trace: FunctionTrace }) {
  if (trace.stack.length === 0) return null;
  const inner = [...trace.stack].reverse();
  return (
    <div className="ft-stack" aria-label="Open at the cursor" title={`open at the cursor, innermost first:\n${inner.join('\n')}`}>
      <span className="muted">in </span>
      {inner.map((f, i) => (
        <span key={i}>
          {i > 0 && <span className="muted"> ‹ </span>}
          <span className="mono">{f}</span>
        </span>
      ))}
    </div>
  );
}

export function FtracePanel() {
  const now = usePanel('ftrace', (f) => f.now);
  const cursor = useRun((r) => r.cursor);
  const trace = now?.trace ?? null;
  return (
    <section className={`panel ftracepanel${now && now.cursor !== cursor ? ' stale' : ''}`} aria-label="Function graph" data-cursor={now?.cursor ?? ''}>
      <div className="hex-head">
        <ViewTabs />
      </div>
      <Tools trace={trace} />
      {trace === null ? (
        <p className="muted empty">…</p>
      ) : (
        <>
          <Stack trace={trace} />
          <div className="ft-body">
            {trace.lines.length === 0 ? <p className="muted empty ft-listing">No traced call in this range{trace.to === 0 ? ' yet' : ''}.</p> : <Listing trace={trace} />}
            <Profile trace={trace} />
          </div>
        </>
      )}
    </section>
  );
}
