// Findings before the cursor (and, dimmed, those later in the run); a click goes to one.
//
// Virtualized with @tanstack/react-virtual: a run like text-poke-0xf0 reports thousands of
// findings (2,000+ stray writes, hundreds of user-memory corruptions), and one DOM node per
// finding made the page stall on load and on every cursor move. The virtualizer keeps only the
// rows on screen (measured, since titles wrap) in the DOM, inside the two lists the page has
// always had. Kind chips filter the list, rarest kind first, so the one oops among the stray
// writes is one click away.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';
import type { Finding } from '../../../worker/protocol.ts';
import { useController, usePanel, useRun } from '../../context.ts';
import { findingColor } from '../../findingColors.ts';
import { measureOr, observeRectOr } from '../../virtualRect.ts';
import { openFinding, setFindingKind } from './actions.ts';
import { countBefore, filterByKind, kindCounts, rowAt, rowCount } from './findingsModel.ts';

function Item({ f, later }: { f: Finding; later: boolean }) {
  const c = useController();
  const addr = typeof f.fields.addr === 'string' && f.fields.addr !== '' ? f.fields.addr : null;
  return (
    <button type="button" className={`finding${later ? ' later' : ''}`} onClick={() => void openFinding(c, f)} title={addr ? `go to the evidence of event ${f.event} and show ${addr}` : `go to event ${f.event}`}>
      <span className="dot" style={{ background: findingColor(f.kind) }} />
      <span className="fkind">{f.kind}</span>
      <span className="fev">ev {f.event}</span>
      <span className="ftitle">{f.title}</span>
      {addr && <span className="faddr">{addr}</span>}
    </button>
  );
}

function KindFilter({ all }: { all: readonly Finding[] }) {
  const c = useController();
  const kind = usePanel('findings', (f) => f.kind);
  const kinds = useMemo(() => kindCounts(all), [all]);
  if (kinds.length < 2) return null;
  return (
    <div className="kind-filter" role="group" aria-label="Filter findings by kind">
      <button type="button" className={`chip${kind === null ? ' on' : ''}`} aria-pressed={kind === null} onClick={() => setFindingKind(c, null)}>
        all <span className="muted">{all.length}</span>
      </button>
      {kinds.map((k) => (
        <button key={k.kind} type="button" className={`chip${kind === k.kind ? ' on' : ''}`} aria-pressed={kind === k.kind} data-kind={k.kind} onClick={() => setFindingKind(c, kind === k.kind ? null : k.kind)}>
          <span className="dot" style={{ background: findingColor(k.kind) }} />
          {k.kind} <span className="muted">{k.count}</span>
        </button>
      ))}
    </div>
  );
}

/** Row heights before measuring: one line of kind and event, one or two of title and address. */
const ESTIMATE = 52;
const HEADING = 24;
const FALLBACK = { width: 320, height: 600 };

export function Findings() {
  const findings = useRun((r) => r.info?.findings);
  const cursor = useRun((r) => r.cursor);
  const kind = usePanel('findings', (f) => f.kind);
  const all = findings ?? [];
  const shown = useMemo(() => filterByKind(findings ?? [], kind), [findings, kind]);
  const before = countBefore(shown, cursor);
  const beforeAll = countBefore(all, cursor);
  const later = shown.length - before;
  const count = rowCount(shown.length, before);
  const scroller = useRef<HTMLDivElement>(null);
  const estimate = (i: number) => (rowAt(i, shown.length, before).kind === 'later-heading' ? HEADING : ESTIMATE);
  const v = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: estimate,
    measureElement: measureOr(estimate),
    overscan: 8,
    // jsdom and a panel not laid out yet measure 0: show the first rows anyway
    initialRect: FALLBACK,
    observeElementRect: observeRectOr(FALLBACK),
    getItemKey: (i) => {
      const r = rowAt(i, shown.length, before);
      return r.kind === 'later-heading' ? 'later' : `${kind ?? ''}:${r.index}`;
    },
  });
  const items = v.getVirtualItems();
  const beforeItems = items.filter((it) => it.index < before);
  const heading = items.find((it) => it.index === before && later > 0);
  const laterItems = items.filter((it) => it.index > before);
  return (
    <section className="panel findings" aria-label="Findings">
      <h2>
        Findings <span className="count">{beforeAll}</span>
        {all.length - beforeAll > 0 && <span className="muted"> · {all.length - beforeAll} later</span>}
      </h2>
      <KindFilter all={all} />
      {findings && all.length === 0 && <p className="muted empty">This run reports no findings.</p>}
      {all.length > 0 && before === 0 && <p className="muted empty">None {kind ? `of ${kind} ` : ''}before the cursor.</p>}
      <div className="list findings-scroll" ref={scroller}>
        <div className="vlist" style={{ height: v.getTotalSize() }}>
          <ul aria-label="Findings before the cursor">
            {beforeItems.map((it) => (
              <li key={it.key} data-index={it.index} ref={v.measureElement} style={{ transform: `translateY(${it.start}px)` }}>
                <Item f={shown[it.index]!} later={false} />
              </li>
            ))}
          </ul>
          {heading && (
            <div key={heading.key} data-index={heading.index} ref={v.measureElement} className="later-heading" style={{ transform: `translateY(${heading.start}px)` }}>
              later in the run · {later}
            </div>
          )}
          {later > 0 && (
            <ul aria-label="Findings later in the run">
              {laterItems.map((it) => (
                <li key={it.key} data-index={it.index} ref={v.measureElement} style={{ transform: `translateY(${it.start}px)` }}>
                  <Item f={shown[it.index - 1]!} later />
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
