// The list_heads the GEM shrinkers keep in simulated memory (pfdev->shrinker_list, the v6
// shrinker's LRUs), named for the views, and the list.h operations the GEM code calls on them
// (include/linux/list.h, with lib/list_debug.c's checks under CONFIG_DEBUG_LIST), each run as the
// calling kernel function with its callers on the call stack that WARNs and oopses print.
import { INIT_LIST_HEAD, list_add_tail, list_del, list_del_init, list_for_each, list_move_tail, registerListHead, type ListCtx, type ListWalk } from '../../../../include/linux/list.ts';
import type { Frame } from '../../../../kernel/kallsyms.ts';
import type { Panfrost } from './panfrost_device.ts';

export interface ListHeadsSnapshot {
  heads: [string, string][];
}

const fnOf = (ip: string): string => ip.replace(/\+.*/, '');

/** "drm_gem_shmem_free+0x7c/0x198" as a kallsyms frame. */
export function frameOf(s: string): Frame {
  const m = /^([^+\s]+)(?:\+0x([0-9a-f]+)\/0x[0-9a-f]+)?/.exec(s);
  return { fn: m?.[1] ?? s, off: m?.[2] !== undefined ? Number.parseInt(m[2], 16) : undefined };
}

export class ListHeads {
  /** Known heads by name: kernel virtual address. */
  heads = new Map<string, bigint>();

  constructor(private readonly p: Panfrost) {}

  snapshot(): ListHeadsSnapshot {
    return { heads: [...this.heads].map(([n, a]) => [n, `0x${a.toString(16)}`]) };
  }

  restore(s: ListHeadsSnapshot): void {
    this.heads = new Map(s.heads.map(([n, a]) => [n, BigInt(a)]));
  }

  head(name: string): bigint {
    return this.heads.get(name) ?? 0n;
  }

  /** Runs a list operation inlined into the function at `ip`, called from `stack` (innermost first). */
  private as<T>(ip: string, stack: readonly string[], body: (ctx: ListCtx) => T): T {
    const frames = [...stack].reverse().map(frameOf);
    const caller = frameOf(ip);
    return this.p.sys.traps.call([...frames, caller], () => body({ sys: this.p.sys, caller }));
  }

  // INIT_LIST_HEAD() of a head the views know by name
  init(va: bigint, name: string, caller: string): void {
    this.heads.set(name, va);
    this.as(caller, [], (ctx) => {
      INIT_LIST_HEAD(ctx, va, `INIT_LIST_HEAD in ${caller}`);
      registerListHead(ctx, name, va);
    });
  }

  initEntry(va: bigint, caller: string): void {
    this.as(caller, [], (ctx) => INIT_LIST_HEAD(ctx, va, `INIT_LIST_HEAD in ${caller}`));
  }

  addTail(entry: bigint, head: bigint, ip: string, stack: readonly string[]): boolean {
    return this.as(ip, stack, (ctx) => list_add_tail(ctx, entry, head, `list_add_tail in ${fnOf(ip)}`));
  }

  del(entry: bigint, ip: string, stack: readonly string[]): boolean {
    return this.as(ip, stack, (ctx) => list_del(ctx, entry, `list_del in ${fnOf(ip)}`));
  }

  delInit(entry: bigint, ip: string, stack: readonly string[]): boolean {
    return this.as(ip, stack, (ctx) => list_del_init(ctx, entry, `list_del_init in ${fnOf(ip)}`));
  }

  moveTail(entry: bigint, head: bigint, ip: string, stack: readonly string[]): boolean {
    return this.as(ip, stack, (ctx) => list_move_tail(ctx, entry, head, `list_move_tail in ${fnOf(ip)}`));
  }

  // list_splice_tail(), include/linux/list.h: list's entries before head; list itself is left as it was
  spliceTail(list: bigint, head: bigint, ip: string, stack: readonly string[]): void {
    const first = this.p.r64(list, ip, stack);
    if (first === list) return;
    const last = this.p.r64(list + 8n, ip, stack);
    const at = this.p.r64(head + 8n, ip, stack);
    const w = `list_splice_tail in ${fnOf(ip)}`;
    this.p.w64(first + 8n, at, w, ip, stack);
    this.p.w64(at, first, w, ip, stack);
    this.p.w64(last, head, w, ip, stack);
    this.p.w64(head + 8n, last, w, ip, stack);
  }

  first(head: bigint, ip: string, stack: readonly string[]): bigint | null {
    const n = this.p.r64(head, ip, stack);
    return n === head ? null : n;
  }

  /** list_for_each() from head; an endless walk is reported by the walk itself (list.endless_walk). */
  walk(head: bigint, ip: string, stack: readonly string[]): ListWalk {
    return this.as(ip, stack, (ctx) => list_for_each(ctx, head));
  }
}
