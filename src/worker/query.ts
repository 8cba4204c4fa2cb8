// SQL over a run (Perfetto's query page): the run's tables (sim/views/sql_tables.ts) put into an
// in-memory SQLite (sql.js, loaded on the first query, so it stays out of every other bundle),
// built once per run and kept for the last few runs asked. A query answers at most `limit` rows
// and stops reading rows after a time budget; bad SQL is an answer with SQLite's message.
import type { Database, SqlJsStatic, SqlValue, Statement } from 'sql.js';
import type { Session as SimSession } from '../sim/scenario/session.ts';
import { sqlAddr, sqlTables, type SqlCell, type SqlTable } from '../sim/views/sql_tables.ts';

/** What SQL reads of a run: its recording (a simulated run, or an imported log's). */
type Session = Pick<SimSession, 'rec' | 'total'>;

/** Loads sql.js (the worker passes one that finds the .wasm where Vite put it). */
export type SqlLoader = () => Promise<SqlJsStatic>;

/** The default: sql.js finds its .wasm beside itself (Node and Vitest). */
export const nodeSqlLoader: SqlLoader = async () => {
  const mod = await import('sql.js');
  return mod.default();
};

export const QUERY_ROWS_DEFAULT = 1000;
export const QUERY_ROWS_MAX = 100_000;
/** Rows stop being read after this long, in ms (the worker answers nothing while a query runs). */
export const QUERY_BUDGET_MS = 4000;
/** Databases kept (each holds a copy of its run's events). */
export const QUERY_DBS = 2;
/** Rows inserted between two yields to the event loop (and progress reports) while a run's tables are built. */
const BUILD_BATCH = 20_000;

/** How far the tables of a run are built: rows put in so far of all its tables'. */
export interface QueryProgress {
  rows: number;
  total: number;
}

type OnProgress = (p: QueryProgress) => void;

export interface QueryOptions {
  /** The most rows answered (1..QUERY_ROWS_MAX; QUERY_ROWS_DEFAULT when absent). */
  limit?: number;
}

export interface QueryAnswer {
  columns: string[];
  rows: SqlCell[][];
  /** The result had more rows than the limit (or the time budget ran out): the rest were not read. */
  truncated: 'limit' | 'time' | null;
  /** The result column holding event numbers (named seq or event), or -1: a row with one moves the cursor. */
  eventColumn: number;
  /** SQLite's error, or null. */
  error: string | null;
  /** Time spent putting the run into SQLite for this query (0 once built), and running it, ms. */
  buildMs: number;
  runMs: number;
  /** The limit applied. */
  limit: number;
}

interface Built {
  db: Database;
}

function now(): number {
  return performance.now();
}

function yieldNow(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function cell(v: SqlValue): SqlCell {
  if (v instanceof Uint8Array) return `x'${Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('')}'`;
  return v;
}

function message(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

async function fill(db: Database, t: SqlTable, done: number, total: number, onProgress: OnProgress): Promise<void> {
  db.run(`CREATE TABLE ${t.name} (${t.columns.map((c) => `${c.name} ${c.type}`).join(', ')})`);
  const st = db.prepare(`INSERT INTO ${t.name} VALUES (${t.columns.map(() => '?').join(', ')})`);
  const row: SqlCell[] = new Array<SqlCell>(t.columns.length).fill(null);
  try {
    for (let from = 0; from < t.size; from += BUILD_BATCH) {
      db.run('BEGIN');
      const to = Math.min(t.size, from + BUILD_BATCH);
      for (let i = from; i < to; i++) {
        t.row(i, row);
        st.bind(row);
        st.step();
        st.reset();
      }
      db.run('COMMIT');
      if (to < t.size) {
        onProgress({ rows: done + to, total });
        await yieldNow();
      }
    }
  } finally {
    st.free();
  }
}

async function build(sql: SqlJsStatic, s: Session, onProgress: OnProgress): Promise<Built> {
  const db = new sql.Database();
  try {
    db.run('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF');
    db.create_function('addr', (v: unknown) => sqlAddr(v));
    const tables = sqlTables(s.rec, s.total);
    const total = tables.reduce((n, t) => n + t.size, 0);
    let done = 0;
    for (const t of tables) {
      await fill(db, t, done, total, onProgress);
      done += t.size;
    }
    db.run('CREATE INDEX events_kind ON events(kind); CREATE INDEX events_addr ON events(addr); CREATE INDEX writes_phys ON writes(phys)');
    // the tables are the run's record: a stray UPDATE must not change what later queries see
    db.run('PRAGMA query_only = 1');
    return { db };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Steps one statement, reading at most `limit` rows within the budget. */
function readRows(st: Statement, limit: number, deadline: number): { rows: SqlCell[][]; truncated: QueryAnswer['truncated'] } {
  const rows: SqlCell[][] = [];
  while (st.step()) {
    if (rows.length >= limit) return { rows, truncated: 'limit' };
    rows.push(st.get().map(cell));
    if ((rows.length & 255) === 0 && now() > deadline) return { rows, truncated: 'time' };
  }
  return { rows, truncated: null };
}

function eventColumnOf(columns: readonly string[], rows: readonly SqlCell[][]): number {
  for (const name of ['seq', 'event']) {
    const i = columns.findIndex((c) => c.toLowerCase() === name);
    if (i >= 0 && rows.every((r) => r[i] === null || (typeof r[i] === 'number' && Number.isInteger(r[i])))) return i;
  }
  return -1;
}

export class RunQueries {
  /** Built databases by run with the events they hold (a run still recording grows), least recently asked first. */
  private readonly dbs = new Map<Session, { total: number; b: Promise<Built> }>();
  /** Who hears of a build's progress: every query waiting for it. */
  private readonly listeners = new Map<Session, Set<OnProgress>>();
  private sql: Promise<SqlJsStatic> | null = null;

  constructor(private readonly load: SqlLoader = nodeSqlLoader) {}

  private database(s: Session): Promise<Built> {
    const had = this.dbs.get(s);
    if (had) {
      this.dbs.delete(s);
      if (had.total === s.total) {
        this.dbs.set(s, had);
        return had.b;
      }
      // built while the run was still recording: build again over what it has now
      void had.b.then((x) => x.db.close(), () => {});
    }
    this.sql ??= this.load().catch((e: unknown) => {
      // a failed load is tried again on the next query
      this.sql = null;
      throw e;
    });
    const heard = new Set<OnProgress>();
    this.listeners.set(s, heard);
    const b = this.sql.then((sql) => build(sql, s, (p) => heard.forEach((f) => f(p))));
    b.then(
      () => this.listeners.delete(s),
      () => {
        this.listeners.delete(s);
        // forget only this build: a newer one for the grown run may have replaced it
        if (this.dbs.get(s)?.b === b) this.dbs.delete(s);
      },
    );
    this.dbs.set(s, { total: s.total, b });
    for (const [old, ob] of this.dbs) {
      if (this.dbs.size <= QUERY_DBS) break;
      this.dbs.delete(old);
      void ob.b.then((x) => x.db.close(), () => {});
    }
    return b;
  }

  /** Runs `text` (one or more statements: the last one that returns columns is answered). */
  async query(s: Session, text: string, opts: QueryOptions = {}, onProgress?: OnProgress): Promise<QueryAnswer> {
    const limit = Math.max(1, Math.min(QUERY_ROWS_MAX, Math.floor(typeof opts.limit === 'number' && Number.isFinite(opts.limit) ? opts.limit : QUERY_ROWS_DEFAULT)));
    const empty: QueryAnswer = { columns: [], rows: [], truncated: null, eventColumn: -1, error: null, buildMs: 0, runMs: 0, limit };
    if (typeof text !== 'string' || text.trim() === '') return { ...empty, error: 'no SQL to run' };
    const t0 = now();
    const fresh = !this.dbs.has(s);
    let built: Built;
    const pending = this.database(s);
    const heard = onProgress ? this.listeners.get(s) : undefined;
    if (onProgress) heard?.add(onProgress);
    try {
      built = await pending;
    } catch (e) {
      return { ...empty, error: `the SQL engine could not start: ${message(e)}` };
    } finally {
      if (onProgress) heard?.delete(onProgress);
    }
    const buildMs = fresh ? Math.round(now() - t0) : 0;
    const t1 = now();
    let answer = { ...empty, buildMs };
    try {
      for (const st of built.db.iterateStatements(text)) {
        try {
          const columns = st.getColumnNames();
          const r = readRows(st, limit, t1 + QUERY_BUDGET_MS);
          if (columns.length > 0) answer = { ...answer, columns, rows: r.rows, truncated: r.truncated };
          if (r.truncated === 'time') break;
        } finally {
          st.free();
        }
      }
    } catch (e) {
      answer = { ...answer, columns: [], rows: [], truncated: null, error: message(e) };
    }
    return { ...answer, eventColumn: eventColumnOf(answer.columns, answer.rows), runMs: Math.round(now() - t1) };
  }
}
