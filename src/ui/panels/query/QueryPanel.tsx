// The Query view (Perfetto's query page): SQL typed here runs over the run's tables in the worker
// (Ctrl+Enter), the answer in a virtualized table; a row that names an event (a seq or event
// column) moves the cursor just after it. The SQL is kept as typed; SQLite's errors show as they are.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { QueryProgress } from '../../../worker/protocol.ts';
import { ViewTabs } from '../../components/ViewTabs.tsx';
import { useController, usePanel, useRun } from '../../context.ts';
import { observeRectOr } from '../../virtualRect.ts';
import { openEvent } from '../events/actions.ts';
import { runQuery } from './actions.ts';
import { cellText, columnWidths, EXAMPLES, isRunKey, LIMITS, rowEvent, statusText } from './queryModel.ts';
import { loadQueryText, saveQueryText } from './queryText.ts';
import type { QueryResult } from './slice.ts';
import './query.css';

const ROW_H = 18;
const FALLBACK = { width: 700, height: 300 };

function Tables() {
  const schema = usePanel('query', (q) => q.schema);
  if (!schema) return null;
  return (
    <details className="q-tables">
      <summary>Tables</summary>
      {schema.map((t) => (
        <div key={t.name} className="q-table-doc">
          <code>{t.name}</code> <span className="muted">
            {t.about}; {t.rows} rows
          </span>
          <ul>
            {t.columns.map((col) => (
              <li key={col.name}>
                <code>{col.name}</code> <span className="muted">{col.type}</span> {col.about}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <p className="muted">
        <code>addr(x)</code> writes an address as the tables do (0x and 16 hex digits): <code>addr BETWEEN addr('0x…') AND addr('0x…')</code>. SQLite's JSON functions read{' '}
        <code>payload</code> and <code>fields</code>.
      </p>
    </details>
  );
}

function Results({ result }: { result: QueryResult }) {
  const c = useController();
  const cursor = useRun((r) => r.cursor);
  const a = result.answer;
  const box = useRef<HTMLDivElement>(null);
  const widths = columnWidths(a);
  const grid = widths.map((w) => `${w + 1}ch`).join(' ');
  const v = useVirtualizer({
    count: a.rows.length,
    scrollMargin: ROW_H + 1,
    scrollPaddingStart: ROW_H + 1,
    getScrollElement: () => box.current,
    estimateSize: () => ROW_H,
    overscan: 30,
    initialRect: FALLBACK,
    observeElementRect: observeRectOr(FALLBACK),
  });
  const uid = useId();
  const [active, setActive] = useState(-1);
  const go = (r: number) => {
    const e = rowEvent(a, r);
    if (e !== null) openEvent(c, e);
  };
  const move = (r: number) => {
    const i = Math.max(0, Math.min(a.rows.length - 1, r));
    setActive(i);
    v.scrollToIndex(i, { align: 'auto' });
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowDown') move(active + 1);
    else if (e.key === 'ArrowUp') move(active - 1);
    else if (e.key === 'Enter' && active >= 0) go(active);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const here = cursor - 1;
  const width = `calc(${widths.reduce((t, w) => t + w + 1, 0)}ch + ${widths.length * 8 + 16}px)`;
  return (
    <div
      className="q-results"
      ref={box}
      role="grid"
      tabIndex={0}
      aria-label="Query results"
      aria-rowcount={a.rows.length + 1}
      aria-activedescendant={active >= 0 ? `${uid}-${active}` : undefined}
      onKeyDown={onKey}
    >
      <div className="q-row q-header" role="row" style={{ gridTemplateColumns: grid, minWidth: width }}>
        {a.columns.map((name, i) => (
          <span key={i} role="columnheader" className={i === a.eventColumn ? 'q-event-col' : undefined} title={i === a.eventColumn ? 'a click on a row goes to this event' : undefined}>
            {name}
          </span>
        ))}
      </div>
      <div className="q-rows" style={{ height: v.getTotalSize(), minWidth: width }}>
        {v.getVirtualItems().map((it) => {
          const row = a.rows[it.index]!;
          const ev = rowEvent(a, it.index);
          const cls = `q-row${ev !== null ? ' q-go' : ''}${ev !== null && ev === here ? ' here' : ''}${it.index === active ? ' active' : ''}`;
          return (
            <div
              key={it.key}
              id={`${uid}-${it.index}`}
              role="row"
              aria-selected={it.index === active}
              className={cls}
              data-event={ev ?? undefined}
              style={{ gridTemplateColumns: grid, transform: `translateY(${it.start - ROW_H - 1}px)` }}
              onClick={() => {
                setActive(it.index);
                go(it.index);
              }}
            >
              {row.map((cell, i) => (
                <span key={i} role="gridcell" className={cell === null ? 'q-null' : typeof cell === 'number' ? 'q-num' : undefined} title={cellText(cell)}>
                  {cellText(cell)}
                </span>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}

export function QueryPanel() {
  const c = useController();
  const runId = useRun((r) => r.id);
  const result = usePanel('query', (q) => q.result);
  const [text, setText] = useState(loadQueryText);
  const [limit, setLimit] = useState<number>(1000);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<QueryProgress | null>(null);
  const edit = (t: string) => {
    setText(t);
    saveQueryText(t);
  };
  const run = async () => {
    if (busy || runId === null) return;
    setBusy(true);
    setProgress(null);
    try {
      await runQuery(c, text, limit, setProgress);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!isRunKey(e)) return;
    e.preventDefault();
    e.stopPropagation();
    void run();
  };
  const a = result?.answer;
  return (
    <section className="panel querypanel" aria-label="SQL query">
      <div className="hex-head">
        <ViewTabs />
      </div>
      <div className="q-edit">
        <textarea
          className="q-sql"
          aria-label="SQL"
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          value={text}
          rows={4}
          placeholder="SELECT kind, count(*) FROM events GROUP BY kind"
          onChange={(e) => edit(e.target.value)}
          onKeyDown={onKey}
        />
        <div className="q-bar">
          <button type="button" className="primary" disabled={busy || runId === null} onClick={() => void run()} title="Run the query (Ctrl+Enter)">
            {busy ? 'Running…' : 'Run'}
          </button>
          <span className="muted">Ctrl+Enter</span>
          <select
            aria-label="Example queries"
            value=""
            onChange={(e) => {
              const ex = EXAMPLES.find((x) => x.label === e.target.value);
              if (ex) edit(ex.sql);
            }}
          >
            <option value="">examples…</option>
            {EXAMPLES.map((x) => (
              <option key={x.label} value={x.label}>
                {x.label}
              </option>
            ))}
          </select>
          <label className="muted">
            at most{' '}
            <select aria-label="Row limit" value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
              {LIMITS.map((n) => (
                <option key={n} value={n}>
                  {n.toLocaleString('en')}
                </option>
              ))}
            </select>{' '}
            rows
          </label>
          <span className="muted q-status" role="status" aria-live="polite">
            {busy && progress ? `putting the run into SQLite: ${Math.floor((100 * progress.rows) / Math.max(1, progress.total))}%` : busy ? 'running…' : a && a.error === null ? statusText(a) : ''}
          </span>
        </div>
        <Tables />
      </div>
      {a && a.error !== null && (
        <p className="q-error" role="alert">
          SQLite: {a.error}
        </p>
      )}
      {a && a.error === null && a.columns.length === 0 && <p className="muted empty">The statement returned no columns.</p>}
      {result && a && a.error === null && a.columns.length > 0 && <Results key={`${result.sql}\u0000${a.runMs}\u0000${a.rows.length}`} result={result} />}
      {!result && <p className="muted empty">Type SQL over the tables events, findings, dmesg and writes, or pick an example; a row with a seq or event column goes to that event.</p>}
    </section>
  );
}
