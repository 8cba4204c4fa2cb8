import { describe, expect, it } from 'vitest';
import { bootSys } from '../../../machine/testing.ts';
import { hexView } from '../../../views/hexview.ts';
import { TaskDied } from '../../arch/x86/kernel/dumpstack.ts';
import { INIT_LIST_HEAD, list_add, list_add_tail, list_del, list_del_init, list_empty, list_for_each, list_for_each_entry, list_move_tail, type ListCtx } from './list.ts';

function setup(kconfig: Record<string, boolean> = {}) {
  const t = bootSys({ kernel: '6.8', kconfig });
  const ctx: ListCtx = { sys: t.sys, caller: { fn: 'panfrost_ioctl_madvise', module: null } };
  const va = (phys: number): bigint => t.sys.k.layout.pageOffset + BigInt(phys);
  const obj = (): bigint => va(t.sys.slub.kmalloc(256)!);
  const head = obj() + 0x40n;
  INIT_LIST_HEAD(ctx, head);
  const rd = (addr: bigint): bigint => {
    const b = new Uint8Array(8);
    t.sys.k.mem.read(Number(addr - t.sys.k.layout.pageOffset), b);
    return new DataView(b.buffer).getBigUint64(0, true);
  };
  return { t, ctx, obj, head, rd };
}

describe('struct list_head in simulated memory (include/linux/list.h 6.8)', () => {
  it('links entries through the bytes of the objects, with the writer of each store', () => {
    const { t, ctx, obj, head, rd } = setup();
    expect(list_empty(ctx, head)).toBe(true);
    const a = obj() + 0x90n;
    const b = obj() + 0x90n;
    expect(list_add_tail(ctx, a, head)).toBe(true);
    expect(list_add_tail(ctx, b, head)).toBe(true);
    expect(rd(head)).toBe(a);
    expect(rd(head + 8n)).toBe(b);
    expect(rd(a)).toBe(b);
    expect(rd(a + 8n)).toBe(head);
    expect(rd(b)).toBe(head);
    expect(list_for_each(ctx, head)).toEqual({ entries: [a, b], endless: null });
    expect(list_for_each_entry(ctx, head, 0x90)).toEqual([a - 0x90n, b - 0x90n]);
    const hv = hexView(t.sys, t.rec, t.rec.pos, a, 16);
    expect(new Set(Array.from(hv.writer, (w) => hv.writers[w]))).toEqual(new Set(['list_add_tail']));
    const c = obj();
    expect(list_add(ctx, c, head)).toBe(true);
    expect(list_for_each(ctx, head).entries).toEqual([c, a, b]);
    list_move_tail(ctx, c, head);
    expect(list_for_each(ctx, head).entries).toEqual([a, b, c]);
    list_del_init(ctx, a);
    expect(rd(a)).toBe(a);
    expect(list_for_each(ctx, head).entries).toEqual([b, c]);
  });

  it('list_del() leaves LIST_POISON1/2 (dead000000000100/dead000000000122)', () => {
    const { ctx, obj, head, rd } = setup();
    const a = obj();
    list_add(ctx, a, head);
    list_del(ctx, a);
    expect(rd(a)).toBe(0xdead000000000100n);
    expect(rd(a + 8n)).toBe(0xdead000000000122n);
    expect(list_empty(ctx, head)).toBe(true);
  });

  it('without CONFIG_DEBUG_LIST a double add makes the tail point to itself; the walk stops as list.endless_walk', () => {
    const { t, ctx, obj, head, rd } = setup();
    const a = obj();
    const b = obj();
    list_add_tail(ctx, a, head);
    list_add_tail(ctx, b, head);
    expect(list_add_tail(ctx, b, head)).toBe(true);
    expect(rd(b)).toBe(b);
    expect(rd(b + 8n)).toBe(b);
    const w = list_for_each(ctx, head);
    expect(w.entries).toEqual([a, b]);
    expect(w.endless).toEqual({ reason: 'cycle', at: b });
    const f = t.rec.findings.filter((x) => x.kind === 'list.endless_walk');
    expect(f).toHaveLength(1);
    expect(f[0]!.fields).toMatchObject({ reason: 'cycle', entries: 2, caller: 'panfrost_ioctl_madvise' });
  });

  it('without CONFIG_DEBUG_LIST a second list_del() stores through LIST_POISON1: a #GP oops', () => {
    const { t, ctx, obj, head } = setup();
    const a = obj();
    list_add(ctx, a, head);
    list_del(ctx, a);
    const from = t.mark();
    expect(() => list_del(ctx, a)).toThrow(TaskDied);
    expect(t.log(from)[0]).toBe('general protection fault, probably for non-canonical address 0xdead000000000108: 0000 [#1] PREEMPT SMP NOPTI');
    expect(t.rec.findings.find((x) => x.kind === 'mm.paging_request')!.fields).toMatchObject({ addr: '0xdead000000000108', access: 'write', fault: 'general protection' });
  });

  it('a ring longer than anything ever added is endless too', () => {
    const { t, ctx, obj, head } = setup();
    const nodes = Array.from({ length: 3 }, () => obj());
    for (const n of nodes) list_add_tail(ctx, n, head);
    // a wild store makes the last entry point into a chain of unlinked nodes that loops far away
    const far = Array.from({ length: 40 }, () => obj());
    const wr = (addr: bigint, v: bigint): void => t.sys.k.memWriteU64(Number(addr - t.sys.k.layout.pageOffset), Number(v & 0xffffffffn), Number(v >> 32n), 'test');
    wr(nodes[2]!, far[0]!);
    far.forEach((n, i) => wr(n, far[(i + 1) % far.length]!));
    const w = list_for_each(ctx, head);
    expect(w.endless?.reason).toBe('bound');
    expect(w.entries).toHaveLength(3 + 16);
  });
});
