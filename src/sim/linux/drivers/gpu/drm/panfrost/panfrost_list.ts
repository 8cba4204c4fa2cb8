// The list_heads the GEM shrinkers keep in simulated memory (pfdev->shrinker_list, the v6
// shrinker's LRUs), named for the views, and the list.h operations on them as the GEM code calls them.
import type { Panfrost } from './panfrost_device.ts';

const LIST_POISON1 = 0xdead000000000100n;
const LIST_POISON2 = 0xdead000000000122n;

export interface ListHeadsSnapshot {
  heads: [string, string][];
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

  // INIT_LIST_HEAD() of a head the views know by name
  init(va: bigint, name: string, caller: string): void {
    this.heads.set(name, va);
    this.initEntry(va, caller);
  }

  initEntry(va: bigint, caller: string): void {
    const w = `${caller}: INIT_LIST_HEAD`;
    this.p.w64(va, va, w, caller, []);
    this.p.w64(va + 8n, va, w, caller, []);
  }

  // __list_add(), include/linux/list.h 5.19
  private add3(entry: bigint, prev: bigint, next: bigint, who: string, ip: string, stack: readonly string[]): void {
    const w = `${who} (${ip.replace(/\+.*/, '')})`;
    this.p.w64(next + 8n, entry, w, ip, stack);
    this.p.w64(entry, next, w, ip, stack);
    this.p.w64(entry + 8n, prev, w, ip, stack);
    this.p.w64(prev, entry, w, ip, stack);
  }

  // list_add_tail()
  addTail(entry: bigint, head: bigint, ip: string, stack: readonly string[]): void {
    const prev = this.p.r64(head + 8n, ip, stack);
    this.add3(entry, prev, head, 'list_add_tail', ip, stack);
  }

  // __list_del_entry(): unlink
  private delEntry(entry: bigint, ip: string, stack: readonly string[]): void {
    const prev = this.p.r64(entry + 8n, ip, stack);
    const next = this.p.r64(entry, ip, stack);
    const w = `__list_del_entry (${ip.replace(/\+.*/, '')})`;
    this.p.w64(next + 8n, prev, w, ip, stack);
    this.p.w64(prev, next, w, ip, stack);
  }

  // list_del(): unlink and poison
  del(entry: bigint, ip: string, stack: readonly string[]): void {
    this.delEntry(entry, ip, stack);
    this.p.w64(entry, LIST_POISON1, `list_del (${ip.replace(/\+.*/, '')})`, ip, stack);
    this.p.w64(entry + 8n, LIST_POISON2, `list_del (${ip.replace(/\+.*/, '')})`, ip, stack);
  }

  // list_del_init()
  delInit(entry: bigint, ip: string, stack: readonly string[]): void {
    this.delEntry(entry, ip, stack);
    this.initEntry(entry, ip.replace(/\+.*/, ''));
  }

  // list_move_tail()
  moveTail(entry: bigint, head: bigint, ip: string, stack: readonly string[]): void {
    this.delEntry(entry, ip, stack);
    this.addTail(entry, head, ip, stack);
  }

  // list_splice_tail(): list's entries before head; list itself is left as it was
  spliceTail(list: bigint, head: bigint, ip: string, stack: readonly string[]): void {
    const first = this.p.r64(list, ip, stack);
    if (first === list) return;
    const last = this.p.r64(list + 8n, ip, stack);
    const at = this.p.r64(head + 8n, ip, stack);
    const w = `list_splice_tail (${ip.replace(/\+.*/, '')})`;
    this.p.w64(first + 8n, at, w, ip, stack);
    this.p.w64(at, first, w, ip, stack);
    this.p.w64(last, head, w, ip, stack);
    this.p.w64(head + 8n, last, w, ip, stack);
  }

  first(head: bigint, ip: string, stack: readonly string[]): bigint | null {
    const n = this.p.r64(head, ip, stack);
    return n === head ? null : n;
  }

  /**
   * list_for_each() from head: the entries, or `endless` when the walk does not come back to the
   * head within `bound` steps (the kernel would spin there).
   */
  walk(head: bigint, bound: number, ip: string, stack: readonly string[]): { entries: bigint[]; endless: boolean } {
    const entries: bigint[] = [];
    let n = this.p.r64(head, ip, stack);
    while (n !== head) {
      if (entries.length >= bound) return { entries, endless: true };
      entries.push(n);
      n = this.p.r64(n, ip, stack);
    }
    return { entries, endless: false };
  }
}
