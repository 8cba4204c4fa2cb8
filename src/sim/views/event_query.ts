// The event list's query (KernelShark's list view): the run's events filtered by kind, task, CPU,
// address range and text, a window of the matches, and the match at or before an event so the
// list can follow the cursor. Scans the columnar log without building an event per row.
import { eventKind, type EventLog, type PayloadValue, type SimEvent } from '../engine/events.ts';

export interface EventFilter {
  /** Kind names to keep; empty or absent: every kind. */
  kinds?: readonly string[];
  /** A task's comm, exactly. */
  task?: string;
  cpu?: number;
  /** An address range, inclusive, as 0x hex: events whose a, b or a payload address falls in it. */
  addrFrom?: string;
  addrTo?: string;
  /** Case-insensitive text in the kind, the task or the details. */
  text?: string;
}

export interface EventQueryArgs extends EventFilter {
  /** The window of matches [from, to) to return. */
  from: number;
  to: number;
  /** Also find the match at or before this event (-1: none). */
  near?: number;
}

export interface EventRow extends SimEvent {
  /** a, b and the payload as one line of text. */
  details: string;
}

export interface EventQueryAnswer {
  /** How many events match. */
  total: number;
  /** The window's first match number and its rows. */
  from: number;
  rows: EventRow[];
  /** The number of the last match at or before `near`, or -1. */
  near: number;
  /** The event of that match, or -1. */
  nearEvent: number;
}

export interface EventFacets {
  kinds: { kind: string; count: number }[];
  tasks: string[];
  cpus: number[];
}

const HEX = /^0x[0-9a-f]{1,16}$/i;

/** A number or a 0x string as an address, or null. */
function asAddr(v: PayloadValue | number): bigint | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 ? BigInt(v) : null;
  if (typeof v === 'string' && HEX.test(v)) return BigInt(v);
  return null;
}

function valueText(v: PayloadValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(valueText).join(',')}]`;
  if (typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${k}=${valueText(x as PayloadValue)}`).join(' ')}}`;
  return String(v);
}

/** One line for the list's details column: the payload's fields, else a and b. */
export function eventDetails(log: EventLog, i: number): string {
  const p = log.payloadAt(i);
  const a = log.aAt(i);
  const b = log.bAt(i);
  const ab = `a=${a} b=${b}`;
  if (!p) return ab;
  const fields = Object.entries(p).map(([k, v]) => `${k}=${valueText(v)}`);
  return fields.length > 0 ? fields.join(' ') : ab;
}

function eventRow(log: EventLog, i: number): EventRow {
  return { ...log.get(i), details: eventDetails(log, i) };
}

/** The filter compiled against one log: a predicate over event numbers. */
export function eventMatcher(log: EventLog, f: EventFilter, directMap?: (va: bigint) => bigint | null): (i: number) => boolean {
  const kinds = f.kinds && f.kinds.length > 0 ? new Set(f.kinds.map((k) => log.seenKindId(eventKind(k)))) : null;
  const task = f.task !== undefined && f.task !== '' ? f.task : null;
  const cpu = typeof f.cpu === 'number' && Number.isInteger(f.cpu) ? f.cpu : null;
  const lo = f.addrFrom !== undefined && HEX.test(f.addrFrom.trim()) ? BigInt(f.addrFrom.trim()) : null;
  const hiRaw = f.addrTo !== undefined && HEX.test(f.addrTo.trim()) ? BigInt(f.addrTo.trim()) : null;
  const range = lo !== null || hiRaw !== null ? { lo: lo ?? 0n, hi: hiRaw ?? lo ?? 0n } : null;
  // events of the direct map carry physical addresses (a free's b): the range's physical image too
  const phys = range && directMap ? { lo: directMap(range.lo), hi: directMap(range.hi) } : null;
  const inRange = (x: bigint | null): boolean => {
    if (x === null || !range) return false;
    if (x >= range.lo && x <= range.hi) return true;
    return phys !== null && phys.lo !== null && phys.hi !== null && x >= phys.lo && x <= phys.hi;
  };
  const text = f.text !== undefined && f.text.trim() !== '' ? f.text.trim().toLowerCase() : null;
  return (i) => {
    if (kinds && !kinds.has(log.kindAt(i))) return false;
    if (cpu !== null && log.cpuAt(i) !== cpu) return false;
    if (task !== null && log.taskAt(i) !== task) return false;
    if (range) {
      let hit = inRange(asAddr(log.aAt(i))) || inRange(asAddr(log.bAt(i)));
      const p = log.payloadAt(i);
      if (!hit && p) for (const v of Object.values(p)) if ((typeof v === 'string' || typeof v === 'number') && inRange(asAddr(v))) hit = true;
      if (!hit) return false;
    }
    if (text !== null) {
      const hay = `${log.kindName(log.kindAt(i))} ${log.taskAt(i)} ${eventDetails(log, i)}`.toLowerCase();
      if (!hay.includes(text)) return false;
    }
    return true;
  };
}

function isEmpty(f: EventFilter): boolean {
  return (!f.kinds || f.kinds.length === 0) && (f.task ?? '') === '' && typeof f.cpu !== 'number' && (f.addrFrom ?? '').trim() === '' && (f.addrTo ?? '').trim() === '' && (f.text ?? '').trim() === '';
}

const MAX_WINDOW = 2000;

export function eventQuery(log: EventLog, a: EventQueryArgs, directMap?: (va: bigint) => bigint | null): EventQueryAnswer {
  const from = Math.max(0, Math.floor(a.from));
  const to = Math.min(Math.max(from, Math.floor(a.to)), from + MAX_WINDOW);
  const near = typeof a.near === 'number' ? Math.min(Math.floor(a.near), log.length - 1) : -1;
  if (isEmpty(a)) {
    const rows: EventRow[] = [];
    for (let i = from; i < Math.min(to, log.length); i++) rows.push(eventRow(log, i));
    return { total: log.length, from, rows, near: near >= 0 ? near : -1, nearEvent: near >= 0 ? near : -1 };
  }
  const match = eventMatcher(log, a, directMap);
  const rows: EventRow[] = [];
  let n = 0;
  let nearMatch = -1;
  let nearEvent = -1;
  for (let i = 0; i < log.length; i++) {
    if (!match(i)) continue;
    if (i <= near) {
      nearMatch = n;
      nearEvent = i;
    }
    if (n >= from && n < to) rows.push(eventRow(log, i));
    n++;
  }
  return { total: n, from, rows, near: nearMatch, nearEvent };
}

/** What the filters offer: every kind with its count (most frequent first), task and CPU. */
export function eventFacets(log: EventLog): EventFacets {
  const kinds = new Map<number, number>();
  const tasks = new Set<string>();
  const cpus = new Set<number>();
  for (let i = 0; i < log.length; i++) {
    const k = log.kindAt(i);
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
    cpus.add(log.cpuAt(i));
    tasks.add(log.taskAt(i));
  }
  return {
    kinds: [...kinds].map(([id, count]) => ({ kind: log.kindName(id), count })).sort((x, y) => y.count - x.count || x.kind.localeCompare(y.kind)),
    tasks: [...tasks].sort(),
    cpus: [...cpus].sort((x, y) => x - y),
  };
}
