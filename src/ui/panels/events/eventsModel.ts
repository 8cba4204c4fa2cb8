// The event list's rows, fetched a page at a time from the worker's event query and kept per
// filter: the list scrolls over every match of the run, and follows the cursor by asking which
// match is at or before it. Answers for an older filter or run are dropped.
import type { EventFilter, EventQueryAnswer, EventQueryArgs, EventRow } from '../../../worker/protocol.ts';
import type { EventsSlice } from './slice.ts';

export const PAGE = 200;

/** The worker's filter from the panel's fields (empty ones left out). */
export function filterOf(s: Pick<EventsSlice, 'kinds' | 'task' | 'cpu' | 'addrFrom' | 'addrTo' | 'text'>): EventFilter {
  const f: EventFilter = {};
  if (s.kinds.length > 0) f.kinds = [...s.kinds];
  if (s.task !== '') f.task = s.task;
  if (s.cpu !== null) f.cpu = s.cpu;
  if (s.addrFrom.trim() !== '') f.addrFrom = s.addrFrom.trim();
  if (s.addrTo.trim() !== '') f.addrTo = s.addrTo.trim();
  if (s.text.trim() !== '') f.text = s.text.trim();
  return f;
}

/** An address field is empty or 0x hex. */
export function validAddr(t: string): boolean {
  return t.trim() === '' || /^0x[0-9a-f]{1,16}$/i.test(t.trim());
}

/** Seconds as printk prints them: "50.444066". */
export function eventTime(ns: number): string {
  return (ns / 1e9).toFixed(6);
}

export class EventPages {
  key = '';
  /** Matches of the filter, or -1 before the first answer. */
  total = -1;
  readonly rows = new Map<number, EventRow>();
  /** The match at or before the event before the cursor, and its event. */
  near = -1;
  nearEvent = -1;
  private filter: EventFilter = {};
  private asked = new Set<number>();
  private nearSeq = 0;

  constructor(
    private readonly fetch: (args: EventQueryArgs) => Promise<EventQueryAnswer>,
    private readonly changed: () => void,
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  /** A filter (or run) given by `key`, and the cursor to follow: the page around it is asked with it. */
  follow(key: string, filter: EventFilter, cursor: number): void {
    if (key !== this.key) {
      this.key = key;
      this.filter = filter;
      this.total = -1;
      this.rows.clear();
      this.asked.clear();
      this.near = -1;
      this.nearEvent = -1;
    }
    const event = cursor - 1;
    // without a filter match n is event n; with one, the last match known is the best guess
    const guess = Object.keys(filter).length === 0 ? Math.max(0, event) : Math.max(0, this.near);
    const page = Math.floor(guess / PAGE);
    this.asked.add(page);
    const seq = ++this.nearSeq;
    this.ask({ ...filter, from: page * PAGE, to: (page + 1) * PAGE, near: event }, seq);
  }

  /** Asks the pages of matches [first, last] not asked yet. */
  ensure(first: number, last: number): void {
    if (this.key === '' || last < first) return;
    for (let p = Math.floor(Math.max(0, first) / PAGE); p <= Math.floor(last / PAGE); p++) {
      if (this.asked.has(p) || (this.total >= 0 && p * PAGE >= this.total)) continue;
      this.asked.add(p);
      this.ask({ ...this.filter, from: p * PAGE, to: (p + 1) * PAGE }, 0);
    }
  }

  private ask(args: EventQueryArgs, seq: number): void {
    const key = this.key;
    this.fetch(args).then(
      (a) => {
        if (key !== this.key) return;
        this.total = a.total;
        a.rows.forEach((r, i) => this.rows.set(a.from + i, r));
        if (seq !== 0 && seq === this.nearSeq) {
          this.near = a.near;
          this.nearEvent = a.nearEvent;
        }
        this.changed();
      },
      (e: unknown) => {
        if (key !== this.key) return;
        this.asked.delete(Math.floor(args.from / PAGE));
        this.onError(e);
      },
    );
  }
}
