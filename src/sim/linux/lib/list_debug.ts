// CONFIG_DEBUG_LIST, lib/list_debug.c: __list_add_valid() / __list_del_entry_valid() of 5.19 and
// their 6.6+ names __list_add_valid_or_report() / __list_del_entry_valid_or_report() (6.8), each
// failed check reported as CHECK_DATA_CORRUPTION() does (include/linux/bug.h): a WARN with the
// message, or with CONFIG_BUG_ON_DATA_CORRUPTION=y pr_err() + BUG(). The caller skips the
// operation when a check fails. Every pointer compared is loaded from simulated memory.
import { KERN_CRIT, KERN_ERR, KERN_WARNING } from '../../engine/recorder.ts';
import type { Kernel } from '../../machine/kernel.ts';
import { hex64, type Frame } from '../kernel/kallsyms.ts';
import { listPoison1, listPoison2 } from '../include/linux/poison.ts';
import { LIST_NEXT, LIST_PREV, listTrace, loadPtr, type ListCtx } from '../include/linux/types.ts';

/** Which CHECK_DATA_CORRUPTION() failed (the finding's `check`). */
export type ListCheck = 'prev_null' | 'next_null' | 'next_prev' | 'prev_next' | 'double_add' | 'next_poison1' | 'prev_poison2';

/** The lines of each check in lib/list_debug.c and the function names of a version. */
interface ListDebugSource {
  addFn: string;
  delFn: string;
  /** The NULL checks of "lib/list_debug.c: Detect uninitialized lists" (6.0). */
  nullChecks: boolean;
  /** list_del messages end with "(prev=%px)" / "(next=%px)". */
  delContext: boolean;
  add: Partial<Record<ListCheck, number>>;
  del: Partial<Record<ListCheck, number>>;
}

// lib/list_debug.c 6.6 to 6.8 (LIST_HARDENED split: __list_valid_slowpath lines, _or_report names);
// 6.0 to 6.5 (NULL checks); before 6.0 (5.10, 5.19). CHECK_DATA_CORRUPTION()'s WARN/BUG reports the
// line the macro starts on.
export function listDebugSource(k: Kernel): ListDebugSource {
  if (k.since('6.6'))
    return {
      addFn: '__list_add_valid_or_report', delFn: '__list_del_entry_valid_or_report', nullChecks: true, delContext: true,
      add: { prev_null: 25, next_null: 27, next_prev: 29, prev_next: 32, double_add: 35 },
      del: { next_null: 52, prev_null: 54, next_poison1: 56, prev_poison2: 59, prev_next: 62, next_prev: 65 },
    };
  if (k.since('6.0'))
    return {
      addFn: '__list_add_valid', delFn: '__list_del_entry_valid', nullChecks: true, delContext: true,
      add: { prev_null: 23, next_null: 25, next_prev: 27, prev_next: 30, double_add: 33 },
      del: { next_null: 49, prev_null: 51, next_poison1: 53, prev_poison2: 56, prev_next: 59, next_prev: 62 },
    };
  return {
    addFn: '__list_add_valid', delFn: '__list_del_entry_valid', nullChecks: false, delContext: k.since('5.19'),
    add: { next_prev: 23, prev_next: 26, double_add: 29 },
    del: { next_poison1: 45, prev_poison2: 48, prev_next: 51, next_prev: 54 },
  };
}

/** %px. */
const px = (v: bigint): string => hex64(v);

/** What a failed check reports. */
interface Corruption {
  op: 'list_add' | 'list_del';
  check: ListCheck;
  message: string;
  entry: bigint;
  prev: bigint;
  next: bigint;
}

// CHECK_DATA_CORRUPTION(), include/linux/bug.h 6.8: WARN(1, fmt, ...) or, with CONFIG_BUG_ON_DATA_CORRUPTION,
// pr_err(fmt, ...) + BUG(). Returns after a WARN; BUG() kills the task (throws TaskDied).
function checkDataCorruption(ctx: ListCtx, fn: string, line: number, off: number, c: Corruption): void {
  const sys = ctx.sys;
  const k = sys.k;
  const ip: Frame = { fn, off };
  const trace = listTrace(ctx);
  const fields = {
    op: c.op,
    check: c.check,
    entry: `0x${px(c.entry)}`,
    prev: `0x${px(c.prev)}`,
    next: `0x${px(c.next)}`,
    version: k.config.kernel,
    fn,
    line,
    caller: ctx.caller.fn,
  };
  // the registers of the printk call: the format string and its arguments
  const fmt = 0xffffffff82400000n + BigInt(line) * 0x40n;
  const regs = { di: fmt, si: c.entry, dx: c.prev, cx: c.next };
  const code = checkCode(line);
  if (k.kconfig('CONFIG_BUG_ON_DATA_CORRUPTION')) {
    k.printk(KERN_ERR, c.message);
    k.printk(KERN_WARNING, '------------[ cut here ]------------');
    k.printk(KERN_CRIT, `kernel BUG at lib/list_debug.c:${line}!`);
    k.rec.finding('list.corruption', c.message, { ...fields, report: 'BUG', bug: `kernel BUG at lib/list_debug.c:${line}!` });
    sys.traps.die({ header: [], str: 'invalid opcode', errorCode: 0, ip, trace, regs, code });
  }
  const warning = sys.traps.warn('lib/list_debug.c', line, ip, trace, { message: c.message, regs, code });
  k.rec.finding('list.corruption', c.message, { ...fields, report: 'WARNING', warning });
}

/**
 * The code around a check's ud2 as the validator compiles: each check loads its format
 * (mov $fmt,%rdi), calls the printk and traps (0f 0b); "Code:" shows 42 bytes before it.
 */
function checkCode(line: number): { bytes: number[]; at: number } {
  const block = (l: number): number[] => {
    const f = 0x82400000 + l * 0x40;
    const rel = (0xffa33100 - l * 0x17) >>> 0;
    return [0x4c, 0x89, 0xc2, 0x48, 0xc7, 0xc7, f & 0xff, (f >>> 8) & 0xff, (f >>> 16) & 0xff, f >>> 24, 0xe8, rel & 0xff, (rel >>> 8) & 0xff, (rel >>> 16) & 0xff, rel >>> 24, 0x0f, 0x0b];
  };
  const bytes = [...block(line - 3), ...block(line - 2), ...block(line), ...block(line + 3)];
  const at = 2 * 17 + 15;
  return { bytes: bytes.slice(at - 42, at + 21), at: 42 };
}

/** A return offset inside the validator for each check: later checks sit further in. */
function checkOffset(lines: Partial<Record<ListCheck, number>>, check: ListCheck): number {
  const first = Math.min(...Object.values(lines));
  return 0x30 + ((lines[check] ?? first) - first) * 0x6;
}

// __list_add_valid(), lib/list_debug.c 5.19; __list_add_valid_or_report() 6.8
export function __list_add_valid(ctx: ListCtx, entry: bigint, prev: bigint, next: bigint): boolean {
  const k = ctx.sys.k;
  if (!k.kconfig('CONFIG_DEBUG_LIST')) return true;
  const src = listDebugSource(k);
  const fail = (check: ListCheck, message: string): false => {
    checkDataCorruption(ctx, src.addFn, src.add[check]!, checkOffset(src.add, check), { op: 'list_add', check, message, entry, prev, next });
    return false;
  };
  const site = { fn: { fn: src.addFn }, regs: { di: entry, si: prev, dx: next } };
  if (src.nullChecks && prev === 0n) return fail('prev_null', 'list_add corruption. prev is NULL.');
  if (src.nullChecks && next === 0n) return fail('next_null', 'list_add corruption. next is NULL.');
  const nextPrev = loadPtr(ctx, next + LIST_PREV, site);
  if (nextPrev !== prev) return fail('next_prev', `list_add corruption. next->prev should be prev (${px(prev)}), but was ${px(nextPrev)}. (next=${px(next)}).`);
  const prevNext = loadPtr(ctx, prev + LIST_NEXT, site);
  if (prevNext !== next) return fail('prev_next', `list_add corruption. prev->next should be next (${px(next)}), but was ${px(prevNext)}. (prev=${px(prev)}).`);
  if (entry === prev || entry === next) return fail('double_add', `list_add double add: new=${px(entry)}, prev=${px(prev)}, next=${px(next)}.`);
  return true;
}

// __list_del_entry_valid(), lib/list_debug.c 5.19; __list_del_entry_valid_or_report() 6.8
export function __list_del_entry_valid(ctx: ListCtx, entry: bigint): boolean {
  const k = ctx.sys.k;
  if (!k.kconfig('CONFIG_DEBUG_LIST')) return true;
  const src = listDebugSource(k);
  const site = { fn: { fn: src.delFn }, regs: { di: entry } };
  const prev = loadPtr(ctx, entry + LIST_PREV, site);
  const next = loadPtr(ctx, entry + LIST_NEXT, site);
  const fail = (check: ListCheck, message: string): false => {
    checkDataCorruption(ctx, src.delFn, src.del[check]!, checkOffset(src.del, check), { op: 'list_del', check, message, entry, prev, next });
    return false;
  };
  const p1 = listPoison1(k);
  const p2 = listPoison2(k);
  if (src.nullChecks && next === 0n) return fail('next_null', `list_del corruption, ${px(entry)}->next is NULL`);
  if (src.nullChecks && prev === 0n) return fail('prev_null', `list_del corruption, ${px(entry)}->prev is NULL`);
  if (next === p1) return fail('next_poison1', `list_del corruption, ${px(entry)}->next is LIST_POISON1 (${px(p1)})`);
  if (prev === p2) return fail('prev_poison2', `list_del corruption, ${px(entry)}->prev is LIST_POISON2 (${px(p2)})`);
  const regs = { ...site, regs: { di: entry, ax: prev, dx: next } };
  const prevNext = loadPtr(ctx, prev + LIST_NEXT, regs);
  if (prevNext !== entry) return fail('prev_next', `list_del corruption. prev->next should be ${px(entry)}, but was ${px(prevNext)}${src.delContext ? `. (prev=${px(prev)})` : ''}`);
  const nextPrev = loadPtr(ctx, next + LIST_PREV, regs);
  if (nextPrev !== entry) return fail('next_prev', `list_del corruption. next->prev should be ${px(entry)}, but was ${px(nextPrev)}${src.delContext ? `. (next=${px(next)})` : ''}`);
  return true;
}
