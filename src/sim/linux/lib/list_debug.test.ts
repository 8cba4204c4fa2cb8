import { describe, expect, it } from 'vitest';
import type { KernelVersion } from '../arch/x86/include/asm/pgtable_64_types.ts';
import { TaskDied } from '../arch/x86/kernel/dumpstack.ts';
import { bootSys } from '../../machine/testing.ts';
import { INIT_LIST_HEAD, list_add_tail, list_del, list_for_each, type ListCtx } from '../include/linux/list.ts';

function setup(kernel: KernelVersion, kconfig: Record<string, boolean> = { CONFIG_DEBUG_LIST: true }) {
  const t = bootSys({ kernel, kconfig });
  t.sys.modules.load('panfrost', 65536, []);
  const ctx: ListCtx = { sys: t.sys, caller: { fn: 'panfrost_ioctl_madvise', module: 'panfrost' } };
  const obj = (): bigint => t.sys.k.layout.pageOffset + BigInt(t.sys.slub.kmalloc(256)!);
  const head = obj();
  INIT_LIST_HEAD(ctx, head);
  const h = (v: bigint): string => v.toString(16).padStart(16, '0');
  return { t, ctx, obj, head, h };
}

describe('CONFIG_DEBUG_LIST (lib/list_debug.c)', () => {
  it('6.8: a double add WARNs from __list_add_valid_or_report() at line 35 and is skipped', () => {
    const { t, ctx, obj, head, h } = setup('6.8');
    const a = obj();
    list_add_tail(ctx, a, head);
    const from = t.mark();
    expect(list_add_tail(ctx, a, head)).toBe(false);
    const log = t.log(from);
    expect(log.slice(0, 4)).toEqual([
      '------------[ cut here ]------------',
      `list_add double add: new=${h(a)}, prev=${h(a)}, next=${h(head)}.`,
      expect.stringMatching(/^WARNING: CPU: 0 PID: \d+ at lib\/list_debug\.c:35 __list_add_valid_or_report\+0x[0-9a-f]+\/0x[0-9a-f]+$/),
      'Modules linked in: panfrost',
    ]);
    expect(log).toContain(' panfrost_ioctl_madvise+0x' + log.find((l) => l.startsWith(' panfrost_ioctl_madvise+0x'))!.slice(26));
    expect(log.some((l) => /^Code: .*<0f> 0b/.test(l))).toBe(true);
    expect(log.at(-1)).toBe('---[ end trace 0000000000000000 ]---');
    const f = t.rec.findings.filter((x) => x.kind === 'list.corruption');
    expect(f).toHaveLength(1);
    expect(f[0]!.title).toBe(`list_add double add: new=${h(a)}, prev=${h(a)}, next=${h(head)}.`);
    expect(f[0]!.fields).toMatchObject({ op: 'list_add', check: 'double_add', entry: `0x${h(a)}`, prev: `0x${h(a)}`, next: `0x${h(head)}`, version: '6.8', line: 35, fn: '__list_add_valid_or_report', report: 'WARNING' });
    // skipped: the ring is what it was
    expect(list_for_each(ctx, head)).toEqual({ entries: [a], endless: null });
    expect(t.sys.k.panic.printTainted()).toContain('W');
  });

  it('6.8: list_del() of a deleted entry finds LIST_POISON1 and leaves memory alone', () => {
    const { t, ctx, obj, head, h } = setup('6.8');
    const a = obj();
    list_add_tail(ctx, a, head);
    list_del(ctx, a);
    const from = t.mark();
    expect(list_del(ctx, a)).toBe(false);
    expect(t.log(from).slice(1, 3)).toEqual([`list_del corruption, ${h(a)}->next is LIST_POISON1 (dead000000000100)`, expect.stringMatching(/ at lib\/list_debug\.c:56 __list_del_entry_valid_or_report\+/)]);
    expect(t.rec.findings.filter((x) => x.kind === 'mm.paging_request')).toHaveLength(0);
  });

  it('6.8: a neighbour that no longer points back is reported with its context', () => {
    const { t, ctx, obj, head, h } = setup('6.8');
    const a = obj();
    const b = obj();
    list_add_tail(ctx, a, head);
    list_add_tail(ctx, b, head);
    // a stray store into head->next
    t.sys.k.memWriteU64(Number(head - t.sys.k.layout.pageOffset), Number(b & 0xffffffffn), Number(b >> 32n), 'test');
    const from = t.mark();
    expect(list_del(ctx, a)).toBe(false);
    expect(t.log(from)[1]).toBe(`list_del corruption. prev->next should be ${h(a)}, but was ${h(b)}. (prev=${h(head)})`);
    expect(t.log(from)[2]).toMatch(/at lib\/list_debug\.c:62 /);
    const from2 = t.mark();
    const c = obj();
    expect(list_add_tail(ctx, c, head)).toBe(true);
    expect(t.log(from2)).toEqual([]);
    const d = obj();
    // b->next is head but head->prev is c: adding after b as prev
    t.sys.k.memWriteU64(Number(head + 8n - t.sys.k.layout.pageOffset), Number(b & 0xffffffffn), Number(b >> 32n), 'test');
    const from3 = t.mark();
    list_add_tail(ctx, d, head);
    expect(t.log(from3)[1]).toBe(`list_add corruption. prev->next should be next (${h(head)}), but was ${h(c)}. (prev=${h(b)}).`);
    expect(t.log(from3)[2]).toMatch(/at lib\/list_debug\.c:32 __list_add_valid_or_report\+/);
  });

  it('6.8: a NULL prev is caught before it is dereferenced', () => {
    const { t, ctx, obj } = setup('6.8');
    const head = obj();
    // a head nobody initialised: zeroed memory
    t.sys.k.memFill(Number(head - t.sys.k.layout.pageOffset), 16, 0, 'test');
    const from = t.mark();
    expect(list_add_tail(ctx, obj(), head)).toBe(false);
    expect(t.log(from).slice(1, 3)).toEqual(['list_add corruption. prev is NULL.', expect.stringMatching(/at lib\/list_debug\.c:25 /)]);
  });

  it('5.10: __list_add_valid() at line 29, list_del messages without the neighbour, no NULL checks', () => {
    const { t, ctx, obj, head, h } = setup('5.10');
    const a = obj();
    const b = obj();
    list_add_tail(ctx, a, head);
    list_add_tail(ctx, b, head);
    let from = t.mark();
    list_add_tail(ctx, b, head);
    expect(t.log(from).slice(1, 3)).toEqual([`list_add double add: new=${h(b)}, prev=${h(b)}, next=${h(head)}.`, expect.stringMatching(/at lib\/list_debug\.c:29 __list_add_valid\+/)]);
    t.sys.k.memWriteU64(Number(head - t.sys.k.layout.pageOffset), Number(b & 0xffffffffn), Number(b >> 32n), 'test');
    from = t.mark();
    list_del(ctx, a);
    expect(t.log(from).slice(1, 3)).toEqual([`list_del corruption. prev->next should be ${h(a)}, but was ${h(b)}`, expect.stringMatching(/at lib\/list_debug\.c:51 __list_del_entry_valid\+/)]);
    // no NULL check before 6.0: the validator dereferences it
    const z = obj();
    t.sys.k.memFill(Number(z - t.sys.k.layout.pageOffset), 16, 0, 'test');
    expect(() => list_add_tail(ctx, obj(), z)).toThrow(TaskDied);
    // prev->next of the NULL prev (next->prev matched it); the test runs as the idle task, so the oops also panics
    expect(t.rec.findings.find((x) => x.kind === 'mm.null_deref')!.fields).toMatchObject({ addr: '0x0000000000000000', access: 'read', ip: expect.stringMatching(/^__list_add_valid\+/) as unknown });
  });

  it('CONFIG_BUG_ON_DATA_CORRUPTION: pr_err() then "kernel BUG at lib/list_debug.c:35!" and the task dies', () => {
    const { t, ctx, obj, head, h } = setup('6.8', { CONFIG_DEBUG_LIST: true, CONFIG_BUG_ON_DATA_CORRUPTION: true });
    const a = obj();
    list_add_tail(ctx, a, head);
    const from = t.mark();
    expect(() => list_add_tail(ctx, a, head)).toThrow(TaskDied);
    expect(t.log(from).slice(0, 4)).toEqual([`list_add double add: new=${h(a)}, prev=${h(a)}, next=${h(head)}.`, '------------[ cut here ]------------', 'kernel BUG at lib/list_debug.c:35!', 'invalid opcode: 0000 [#1] PREEMPT SMP NOPTI']);
    expect(t.rec.findings.find((x) => x.kind === 'list.corruption')!.fields).toMatchObject({ report: 'BUG', line: 35 });
  });
});
