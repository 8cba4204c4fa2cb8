// A run as SQL tables (Perfetto's query page over its trace): events, findings, dmesg and the
// byte writes behind provenance, row by row. Only the shape and the values live here; the worker
// puts them into SQLite, so the simulator stays free of any SQL engine.
import { Clock } from '../engine/clock.ts';
import type { PayloadValue } from '../engine/events.ts';
import type { FindingValue, Recorder } from '../engine/recorder.ts';
import { eventDetails } from './event_query.ts';

export type SqlCell = string | number | null;

export interface SqlColumn {
  readonly name: string;
  readonly type: 'INTEGER' | 'REAL' | 'TEXT' | 'NUMERIC';
  /** What the column holds, for the query page's list of tables. */
  readonly about: string;
}

export interface SqlTable {
  readonly name: string;
  readonly about: string;
  readonly columns: readonly SqlColumn[];
  /** The column holding an event number, if any: a result row with it can move the cursor. */
  readonly eventColumn: string | null;
  readonly size: number;
  /** Fills `out` with row i's cells, in column order (one array reused for every row). */
  row(i: number, out: SqlCell[]): void;
}

const HEX = /^0x[0-9a-f]{1,16}$/i;

/** An address as the tables store it: lower-case 0x and 16 hex digits, so text order is numeric order. */
export function sqlAddr(v: unknown): string | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? `0x${v.toString(16).padStart(16, '0')}` : null;
  if (typeof v === 'bigint') return v >= 0n && v < 1n << 64n ? `0x${v.toString(16).padStart(16, '0')}` : null;
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return HEX.test(t) ? `0x${t.slice(2).toLowerCase().padStart(16, '0')}` : null;
}

/** The address a record names: its `addr` field, else its first 0x value. */
function firstAddr(fields: { readonly [k: string]: PayloadValue | FindingValue } | null): string | null {
  if (!fields) return null;
  const own = sqlAddr(fields.addr);
  if (own !== null) return own;
  for (const v of Object.values(fields)) {
    if (typeof v !== 'string') continue;
    const a = sqlAddr(v);
    if (a !== null) return a;
  }
  return null;
}

function stamp(ns: number): string {
  return Clock.printkStamp(ns).trim();
}

function col(name: string, type: SqlColumn['type'], about: string): SqlColumn {
  return { name, type, about };
}

function eventsTable(rec: Recorder, total: number): SqlTable {
  const log = rec.log;
  return {
    name: 'events',
    about: 'every event of the run, in order',
    eventColumn: 'seq',
    columns: [
      col('seq', 'INTEGER', 'event number (the cursor goes just after it)'),
      col('kind', 'TEXT', 'event kind, e.g. slab.alloc'),
      col('step', 'INTEGER', 'scenario step (-1: boot)'),
      col('ns', 'INTEGER', 'simulated time, ns'),
      col('cpu', 'INTEGER', 'CPU'),
      col('task', 'TEXT', 'task (comm)'),
      col('a', 'NUMERIC', "the event's first value (often a physical address)"),
      col('b', 'NUMERIC', "the event's second value (often a size or count)"),
      col('addr', 'TEXT', 'the address the event names, 0x and 16 hex digits (compare with addr())'),
      col('details', 'TEXT', 'the payload (else a and b) as one line, as the Events tab shows it'),
      col('payload', 'TEXT', 'the payload as JSON (json_extract(payload, \'$.field\')), or NULL'),
    ],
    size: Math.min(total, log.length),
    row(i, out) {
      const p = log.payloadAt(i);
      out[0] = i;
      out[1] = log.kindName(log.kindAt(i));
      out[2] = log.stepAt(i);
      out[3] = log.nsAt(i);
      out[4] = log.cpuAt(i);
      out[5] = log.taskAt(i);
      out[6] = log.aAt(i);
      out[7] = log.bAt(i);
      out[8] = firstAddr(p);
      out[9] = eventDetails(log, i);
      out[10] = p ? JSON.stringify(p) : null;
    },
  };
}

function findingsTable(rec: Recorder, total: number): SqlTable {
  const findings = rec.findings.filter((f) => f.event < total);
  return {
    name: 'findings',
    about: 'what the run found (reports, splats, failed checks)',
    eventColumn: 'event',
    columns: [
      col('id', 'INTEGER', 'finding number, in the order found'),
      col('kind', 'TEXT', 'finding kind'),
      col('title', 'TEXT', 'one-line title'),
      col('step', 'INTEGER', 'scenario step'),
      col('event', 'INTEGER', 'the event that found it'),
      col('addr', 'TEXT', 'the address it names, 0x and 16 hex digits, or NULL'),
      col('fields', 'TEXT', 'its fields as JSON'),
    ],
    size: findings.length,
    row(i, out) {
      const f = findings[i]!;
      out[0] = i;
      out[1] = f.kind;
      out[2] = f.title;
      out[3] = f.step;
      out[4] = f.event;
      out[5] = firstAddr(f.fields);
      out[6] = JSON.stringify(f.fields);
    },
  };
}

function dmesgTable(rec: Recorder, total: number): SqlTable {
  const lines = rec.dmesg;
  let n = 0;
  while (n < lines.length && lines[n]!.event < total) n++;
  return {
    name: 'dmesg',
    about: 'the kernel log, one row a line (and what user programs printed)',
    eventColumn: 'event',
    columns: [
      col('line', 'INTEGER', 'line number'),
      col('event', 'INTEGER', 'the event that printed it'),
      col('ns', 'INTEGER', 'simulated time, ns'),
      col('time', 'TEXT', 'the printk timestamp, s'),
      col('level', 'INTEGER', 'log level (0 KERN_EMERG .. 7 KERN_DEBUG)'),
      col('text', 'TEXT', 'the line without its timestamp'),
      col('stdout', 'TEXT', "a user program's comm for its own output, else NULL"),
    ],
    size: n,
    row(i, out) {
      const l = lines[i]!;
      out[0] = i;
      out[1] = l.event;
      out[2] = l.ns;
      out[3] = stamp(l.ns);
      out[4] = l.level;
      out[5] = l.text;
      out[6] = l.stdout ?? null;
    },
  };
}

function writesTable(rec: Recorder, total: number): SqlTable {
  let n = 0;
  while (n < rec.writes && rec.writeAt(n).event < total) n++;
  return {
    name: 'writes',
    about: 'every write into simulated memory (the provenance of the bytes)',
    eventColumn: 'event',
    columns: [
      col('id', 'INTEGER', 'write number, in the order written'),
      col('event', 'INTEGER', 'the event that wrote'),
      col('phys', 'INTEGER', 'physical address of the first byte'),
      col('len', 'INTEGER', 'bytes written'),
      col('writer', 'TEXT', 'who wrote, e.g. a function or a pattern fill'),
    ],
    size: n,
    row(i, out) {
      const w = rec.writeAt(i);
      out[0] = i;
      out[1] = w.event;
      out[2] = w.phys;
      out[3] = w.len;
      out[4] = w.writer;
    },
  };
}

/** The tables of a run's first `total` events. */
export function sqlTables(rec: Recorder, total: number): SqlTable[] {
  return [eventsTable(rec, total), findingsTable(rec, total), dmesgTable(rec, total), writesTable(rec, total)];
}
