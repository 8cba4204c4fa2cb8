import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Session } from '../scenario/session.ts';
import { sqlAddr, sqlTables, type SqlCell } from './sql_tables.ts';

function session(name: string): Session {
  const r = Session.start(readFileSync(new URL(`../../../scenarios/${name}.json`, import.meta.url), 'utf8'), {});
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  r.session.recordSome();
  return r.session;
}

function rows(t: ReturnType<typeof sqlTables>[number]): SqlCell[][] {
  const out: SqlCell[][] = [];
  for (let i = 0; i < t.size; i++) {
    const r: SqlCell[] = [];
    t.row(i, r);
    out.push(r);
  }
  return out;
}

describe('sqlTables', () => {
  it('pads addresses to 16 hex digits so text order is numeric order', () => {
    expect(sqlAddr('0x37C3000')).toBe('0x00000000037c3000');
    expect(sqlAddr(0x1000)).toBe('0x0000000000001000');
    expect(sqlAddr('0xffff8880037c3000')).toBe('0xffff8880037c3000');
    expect(sqlAddr('pfn 12')).toBeNull();
    expect(sqlAddr(-1)).toBeNull();
    expect(sqlAddr('0x2')! < sqlAddr('0x10')!).toBe(true);
  });

  it('gives every event, finding, dmesg line and write of a run a row in column order', () => {
    const s = session('slub-use-after-free-poison');
    const [events, findings, dmesg, writes] = sqlTables(s.rec, s.total);
    expect(events!.size).toBe(s.total);
    const ev = rows(events!);
    for (const r of ev) expect(r).toHaveLength(events!.columns.length);
    const write = ev.find((r) => r[1] === 'mem.write')!;
    const col = (n: string) => events!.columns.findIndex((c) => c.name === n);
    const e = s.rec.log.get(write[0] as number);
    expect(write[col('task')]).toBe(e.task);
    expect(write[col('addr')]).toBe(sqlAddr(e.payload?.addr));
    expect(JSON.parse(write[col('payload')] as string)).toEqual(e.payload);
    expect(findings!.size).toBe(s.rec.findings.length);
    expect(rows(findings!)[0]![1]).toBe(s.rec.findings[0]!.kind);
    expect(dmesg!.size).toBe(s.rec.dmesg.length);
    expect(rows(dmesg!)[0]![5]).toBe(s.rec.dmesg[0]!.text);
    expect(writes!.size).toBe(s.rec.writes);
    expect(rows(writes!)[0]).toEqual([0, s.rec.writeAt(0).event, s.rec.writeAt(0).phys, s.rec.writeAt(0).len, s.rec.writeAt(0).writer]);
  });
});
