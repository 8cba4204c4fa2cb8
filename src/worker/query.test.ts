import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KernscopeCore } from './core.ts';
import { Clock } from '../sim/engine/clock.ts';
import { eventKind } from '../sim/engine/events.ts';
import { Recorder } from '../sim/engine/recorder.ts';
import type { Session } from '../sim/scenario/session.ts';
import { QUERY_ROWS_MAX, RunQueries, type QueryProgress } from './query.ts';

function bundled(name: string): string {
  return readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8');
}

/** The core's answers as the page gets them: through structuredClone, as through postMessage. */
function cloned(core: KernscopeCore) {
  return {
    open: async (text: string) => structuredClone(core.open(text)),
    query: async (...a: Parameters<KernscopeCore['query']>) => structuredClone(await core.query(...a)),
  };
}

async function opened(name: string) {
  const core = new KernscopeCore();
  const engine = cloned(core);
  const r = await engine.open(bundled(name));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { core, engine, run: r.run, info: r.info };
}

describe('SQL over a run', () => {
  it('answers events per kind, findings and dmesg through structuredClone', async () => {
    const { engine, run, info } = await opened('slub-use-after-free-poison');
    const kinds = await engine.query(run, 'SELECT kind, count(*) AS n FROM events GROUP BY kind ORDER BY n DESC, kind');
    expect(kinds.error).toBeNull();
    expect(kinds.columns).toEqual(['kind', 'n']);
    expect(kinds.rows.reduce((t, r) => t + (r[1] as number), 0)).toBe(info.total);
    expect(kinds.eventColumn).toBe(-1);
    expect(kinds.buildMs).toBeGreaterThanOrEqual(0);
    const f = await engine.query(run, 'SELECT event, kind, title FROM findings ORDER BY id');
    expect(f.rows.map((r) => [r[0], r[1], r[2]])).toEqual(info.findings.map((x) => [x.event, x.kind, x.title]));
    // the event column is found by name: a row of it moves the cursor
    expect(f.eventColumn).toBe(0);
    const d = await engine.query(run, "SELECT line, event, text FROM dmesg WHERE text LIKE 'BUG %'");
    expect(d.rows.length).toBeGreaterThan(0);
    expect(d.eventColumn).toBe(1);
    // built once: the second query finds the tables there
    expect(f.buildMs).toBe(0);
  });

  it('finds writes and events in an address range with addr() and 0x integer literals', async () => {
    const { engine, run } = await opened('slub-use-after-free-poison');
    const w = await engine.query(run, "SELECT seq, addr, json_extract(payload, '$.hex') AS hex FROM events WHERE kind = 'mem.write' LIMIT 1");
    expect(w.error).toBeNull();
    const at = w.rows[0]![1] as string;
    expect(at).toMatch(/^0x[0-9a-f]{16}$/);
    const lo = `0x${(BigInt(at) - 8n).toString(16)}`;
    const hi = `0x${(BigInt(at) + 8n).toString(16)}`;
    const inRange = await engine.query(run, `SELECT seq FROM events WHERE addr BETWEEN addr('${lo}') AND addr('${hi}')`);
    expect(inRange.rows.map((r) => r[0])).toContain(w.rows[0]![0]);
    const phys = await engine.query(run, 'SELECT event, phys, len, writer FROM writes ORDER BY id LIMIT 1');
    const p = phys.rows[0]![1] as number;
    const hits = await engine.query(run, `SELECT count(*) FROM writes WHERE phys BETWEEN 0x${p.toString(16)} AND 0x${(p + 4095).toString(16)}`);
    expect(hits.rows[0]![0]).toBeGreaterThanOrEqual(1);
  });

  it('answers bad SQL with SQLite message and keeps working', async () => {
    const { engine, run } = await opened('slub-double-free');
    const bad = await engine.query(run, 'SELEC * FROM events');
    expect(bad.error).toMatch(/syntax error/);
    expect(bad.rows).toEqual([]);
    const missing = await engine.query(run, 'SELECT nope FROM events');
    expect(missing.error).toMatch(/no such column: nope/);
    const empty = await engine.query(run, '   ');
    expect(empty.error).toBe('no SQL to run');
    // the run's record stays as it was: writes are refused
    const del = await engine.query(run, 'DELETE FROM events');
    expect(del.error).toMatch(/readonly|query_only|read-only/i);
    const ok = await engine.query(run, 'SELECT count(*) AS n FROM events');
    expect(ok.error).toBeNull();
    expect(ok.rows[0]![0]).toBeGreaterThan(0);
  });

  it('answers at most `limit` rows and says the rest were left', async () => {
    const { engine, run, info } = await opened('slub-double-free');
    const a = await engine.query(run, 'SELECT seq FROM events', { limit: 10 });
    expect(a.rows).toHaveLength(10);
    expect(a.truncated).toBe('limit');
    expect(a.limit).toBe(10);
    const all = await engine.query(run, 'SELECT seq FROM events', { limit: 10 ** 9 });
    expect(all.limit).toBe(QUERY_ROWS_MAX);
    expect(all.rows).toHaveLength(info.total);
    expect(all.truncated).toBeNull();
  });

  it('keeps each run its own tables', async () => {
    const engine = cloned(new KernscopeCore());
    const a = await engine.open(bundled('slub-double-free'));
    const b = await engine.open(bundled('lockdep-abba'));
    if (!a.ok || !b.ok) throw new Error('open failed');
    const qa = await engine.query(a.run, 'SELECT count(*) FROM events');
    const qb = await engine.query(b.run, 'SELECT count(*) FROM events');
    expect(qa.rows[0]![0]).toBe(a.info.total);
    expect(qb.rows[0]![0]).toBe(b.info.total);
    await expect(engine.query(99, 'SELECT 1')).rejects.toThrow(/no run 99/);
  });
});

describe('RunQueries on a long run', () => {
  it('builds the tables in batches, telling how far, once for queries that wait together', async () => {
    const rec = new Recorder(new Clock(), 100_000);
    const kinds = [eventKind('slab.alloc'), eventKind('mem.write')];
    for (let i = 0; i < 50_000; i++) {
      rec.clock.advance(100);
      rec.emit(kinds[i % 2]!, 0x37c3000 + i * 8, 8, i % 2 === 1 ? { addr: `0x${(0xffff8880037c3000n + BigInt(i * 8)).toString(16)}` } : null);
    }
    // the tables read the recorder and the run's length only
    const s = { rec, total: rec.log.length } as unknown as Session;
    const q = new RunQueries();
    const heard: QueryProgress[] = [];
    const [a, b] = await Promise.all([q.query(s, 'SELECT count(*) FROM events', {}, (p) => heard.push(p)), q.query(s, "SELECT count(*) FROM events WHERE kind = 'mem.write'")]);
    expect(a.rows).toEqual([[50_000]]);
    expect(b.rows).toEqual([[25_000]]);
    expect(heard.length).toBeGreaterThanOrEqual(2);
    expect(heard.map((p) => p.rows)).toEqual([...heard.map((p) => p.rows)].sort((x, y) => x - y));
    expect(heard.at(-1)!.total).toBe(50_000);
    const hit = await q.query(s, "SELECT seq FROM events WHERE addr = addr('0xffff8880037c3008')");
    expect(hit.rows).toEqual([[1]]);
  });

  it('a run still recording gets its tables built again once it has grown', async () => {
    const rec = new Recorder(new Clock(), 1000);
    const kind = eventKind('slab.alloc');
    const grow = (n: number) => {
      for (let i = 0; i < n; i++) rec.emit(kind, i, 8, null);
    };
    grow(10);
    const s = { rec, total: rec.log.length } as unknown as { rec: Recorder; total: number };
    const q = new RunQueries();
    expect((await q.query(s as unknown as Session, 'SELECT count(*) FROM events')).rows).toEqual([[10]]);
    grow(5);
    s.total = rec.log.length;
    expect((await q.query(s as unknown as Session, 'SELECT count(*) FROM events')).rows).toEqual([[15]]);
  });
});
