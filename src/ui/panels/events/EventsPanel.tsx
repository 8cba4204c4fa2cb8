// The event list: every event of the run (event, time, CPU, task, kind, details), filtered by kind,
// task, CPU, address range and text. Virtualized with @tanstack/react-virtual over pages the worker
// answers; the event at the cursor is highlighted and kept in view as the cursor moves. A click
// or Enter moves the cursor just after the event; ↑/↓ and PageUp/PageDown move through the list.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import type { EventRow } from '../../../worker/protocol.ts';
import { ViewTabs } from '../../components/ViewTabs.tsx';
import { useController, usePanel, useRun } from '../../context.ts';
import { observeRectOr } from '../../virtualRect.ts';
import { clearEventFilter, openEvent, setEventFilter } from './actions.ts';
import { EventPages, eventTime, filterOf, validAddr } from './eventsModel.ts';
import './events.css';

const ROW_H = 18;
const FALLBACK = { width: 700, height: 300 };

/** A text field applied a moment after typing stops. */
function useDebounced(value: string, apply: (v: string) => void, ms = 250): [string, (v: string) => void] {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const t = setTimeout(() => apply(text), ms);
    return () => clearTimeout(t);
  }, [text]);
  return [text, setText];
}

function KindFilter() {
  const c = useController();
  const kinds = usePanel('events', (e) => e.kinds);
  const facets = usePanel('events', (e) => e.facets);
  const on = new Set(kinds);
  const toggle = (k: string) => setEventFilter(c, { kinds: on.has(k) ? kinds.filter((x) => x !== k) : [...kinds, k] });
  return (
    <details className="ev-kinds">
      <summary aria-label="Filter by kind">{kinds.length === 0 ? 'every kind' : kinds.length === 1 ? kinds[0] : `${kinds.length} kinds`}</summary>
      <div className="ev-kind-list" role="group" aria-label="Event kinds">
        {(facets?.kinds ?? []).map((k) => (
          <label key={k.kind}>
            <input type="checkbox" checked={on.has(k.kind)} onChange={() => toggle(k.kind)} /> {k.kind} <span className="muted">{k.count}</span>
          </label>
        ))}
      </div>
    </details>
  );
}

function Filters({ total, all }: { total: number; all: number }) {
  const c = useController();
  const task = usePanel('events', (e) => e.task);
  const cpu = usePanel('events', (e) => e.cpu);
  const addrFrom = usePanel('events', (e) => e.addrFrom);
  const addrTo = usePanel('events', (e) => e.addrTo);
  const textValue = usePanel('events', (e) => e.text);
  const facets = usePanel('events', (e) => e.facets);
  const someKinds = usePanel('events', (e) => e.kinds.length > 0);
  const [text, setText] = useDebounced(textValue, (v) => setEventFilter(c, { text: v }));
  const [from, setFrom] = useDebounced(addrFrom, (v) => validAddr(v) && setEventFilter(c, { addrFrom: v }));
  const [to, setTo] = useDebounced(addrTo, (v) => validAddr(v) && setEventFilter(c, { addrTo: v }));
  const filtered = textValue !== '' || task !== '' || cpu !== null || addrFrom !== '' || addrTo !== '' || someKinds;
  return (
    <div className="ev-filters" role="search" aria-label="Filter events">
      <KindFilter />
      <select aria-label="Task" value={task} onChange={(e) => setEventFilter(c, { task: e.target.value })}>
        <option value="">every task</option>
        {(facets?.tasks ?? []).map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <select aria-label="CPU" value={cpu === null ? '' : String(cpu)} onChange={(e) => setEventFilter(c, { cpu: e.target.value === '' ? null : Number(e.target.value) })}>
        <option value="">every CPU</option>
        {(facets?.cpus ?? []).map((n) => (
          <option key={n} value={n}>
            CPU {n}
          </option>
        ))}
      </select>
      <input className="ev-addr" aria-label="Address from" placeholder="0x… from" spellCheck={false} value={from} aria-invalid={!validAddr(from)} onChange={(e) => setFrom(e.target.value)} />
      <input className="ev-addr" aria-label="Address to" placeholder="to" spellCheck={false} value={to} aria-invalid={!validAddr(to)} onChange={(e) => setTo(e.target.value)} />
      <input className="ev-text" type="search" aria-label="Event text" placeholder="text" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      {filtered && (
        <button type="button" className="link" onClick={() => clearEventFilter(c)}>
          clear
        </button>
      )}
      <span className="muted ev-count" aria-label="Matching events" aria-live="polite">
        {total < 0 ? '…' : filtered ? `${total} of ${all}` : `${total} events`}
      </span>
    </div>
  );
}

function Cells({ r }: { r: EventRow }) {
  return (
    <>
      <span className="ev-c-ev">{r.index}</span>
      <span className="ev-c-time">{eventTime(r.ns)}</span>
      <span className="ev-c-cpu">{r.cpu}</span>
      <span className="ev-c-task">{r.task}</span>
      <span className="ev-c-kind">{r.kind}</span>
      <span className="ev-c-det" title={r.details}>
        {r.details}
      </span>
    </>
  );
}

function EventList({ onTotal }: { onTotal: (n: number) => void }) {
  const c = useController();
  const runId = useRun((r) => r.id);
  const cursor = useRun((r) => r.cursor);
  const kinds = usePanel('events', (e) => e.kinds);
  const task = usePanel('events', (e) => e.task);
  const cpu = usePanel('events', (e) => e.cpu);
  const addrFrom = usePanel('events', (e) => e.addrFrom);
  const addrTo = usePanel('events', (e) => e.addrTo);
  const text = usePanel('events', (e) => e.text);
  const filter = useMemo(() => filterOf({ kinds, task, cpu, addrFrom, addrTo, text }), [kinds, task, cpu, addrFrom, addrTo, text]);
  const key = JSON.stringify([runId, filter]);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const pages = useMemo(
    () =>
      new EventPages(
        (args) => {
          const r = c.run();
          return r.id === null ? Promise.reject(new Error('no run')) : c.views.view(r.id, 'eventQuery', args, r.cursor);
        },
        redraw,
        (e) => c.notices.engineError(e),
      ),
    [c],
  );
  useEffect(() => {
    if (runId !== null) pages.follow(key, filter, cursor);
  }, [key, cursor]);
  const total = Math.max(0, pages.total);
  useEffect(() => onTotal(pages.total), [pages.total]);
  const box = useRef<HTMLDivElement>(null);
  const top = ROW_H + 1;
  const v = useVirtualizer({
    count: total,
    scrollMargin: top,
    // rows scrolled to stay clear of the sticky column header
    scrollPaddingStart: top,
    getScrollElement: () => box.current,
    estimateSize: () => ROW_H,
    overscan: 30,
    initialRect: FALLBACK,
    observeElementRect: observeRectOr(FALLBACK),
  });
  const items = v.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => pages.ensure(first, last), [first, last, pages.key, total]);
  const [active, setActiveState] = useState(-1);
  // keys pressed before a redraw see the row the previous one chose
  const activeRef = useRef(-1);
  const setActive = (n: number) => {
    activeRef.current = n;
    setActiveState(n);
  };
  // follow the cursor: its event (or the last match before it) is highlighted and kept in view
  useEffect(() => {
    setActive(pages.near);
    if (pages.near >= 0) v.scrollToIndex(pages.near, { align: 'auto' });
  }, [pages.near, pages.nearEvent, pages.key]);
  const uid = useId();
  const go = (n: number) => {
    const r = pages.rows.get(n);
    if (r) openEvent(c, r.index);
  };
  const move = (n: number) => {
    const i = Math.max(0, Math.min(total - 1, n));
    setActive(i);
    v.scrollToIndex(i, { align: 'auto' });
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((box.current?.clientHeight ?? 300) / ROW_H) - 1);
    const from = activeRef.current < 0 ? Math.max(0, pages.near) : activeRef.current;
    if (e.key === 'ArrowDown') move(from + 1);
    else if (e.key === 'ArrowUp') move(from - 1);
    else if (e.key === 'PageDown') move(from + page);
    else if (e.key === 'PageUp') move(from - page);
    else if (e.key === 'Enter') go(from);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const here = cursor - 1;
  return (
    <div
      className="ev-list"
      ref={box}
      role="listbox"
      tabIndex={0}
      aria-label="Events"
      aria-activedescendant={active >= 0 && active >= first && active <= last ? `${uid}-${active}` : undefined}
      onKeyDown={onKey}
    >
      <div className="ev-header ev-row" aria-hidden="true">
        <span className="ev-c-ev">event</span>
        <span className="ev-c-time">time</span>
        <span className="ev-c-cpu">CPU</span>
        <span className="ev-c-task">task</span>
        <span className="ev-c-kind">kind</span>
        <span className="ev-c-det">details</span>
      </div>
      {pages.total === 0 && <p className="muted empty">No event matches.</p>}
      <div className="ev-rows" style={{ height: v.getTotalSize() }}>
        {items.map((it) => {
          const r = pages.rows.get(it.index);
          const cls = `ev-row${r && r.index === here ? ' here' : it.index === pages.near ? ' near' : ''}${it.index === active ? ' active' : ''}${r && r.index > here ? ' later' : ''}`;
          return (
            <div
              key={it.key}
              id={`${uid}-${it.index}`}
              role="option"
              aria-selected={it.index === active}
              aria-current={r && r.index === here ? 'true' : undefined}
              className={cls}
              data-event={r?.index}
              style={{ transform: `translateY(${it.start - top}px)` }}
              onClick={() => {
                setActive(it.index);
                go(it.index);
              }}
            >
              {r ? <Cells r={r} /> : <span className="muted">…</span>}
            </div>
          );
        })}
      </div>
    </div>
  );
}

export function EventsPanel() {
  const all = useRun((r) => r.info?.total ?? 0);
  const [total, setTotal] = useState(-1);
  return (
    <section className="panel eventspanel" aria-label="Event list">
      <div className="hex-head">
        <ViewTabs />
      </div>
      <Filters total={total} all={all} />
      <EventList onTotal={setTotal} />
    </section>
  );
}
