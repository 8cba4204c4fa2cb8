// The list heads a run knows by name (the scenario's list_head_init and heads models register),
// for the list view, and how many entries were ever linked in: the bound of an endless walk.
import type { Hasher } from '../engine/hash.ts';
import type { PhysInfo, Subsystem } from './subsystem.ts';

export interface ListHeadsSnapshot {
  heads: readonly (readonly [string, string])[];
  added: number;
}

export class ListHeads implements Subsystem<ListHeadsSnapshot> {
  readonly name = 'lists';
  /** Name -> kernel virtual address of the struct list_head, in registration order. */
  private heads = new Map<string, bigint>();
  /** Successful __list_add()s of the run. */
  added = 0;

  /** PAGE_OFFSET: heads in the direct map are named in the byte view. */
  constructor(private readonly pageOffset: bigint) {}

  /** Names a head; a name registered again moves to the new address. */
  register(name: string, head: bigint): void {
    this.heads.set(name, head);
  }

  /** The address of a named head, or null. */
  head(name: string): bigint | null {
    return this.heads.get(name) ?? null;
  }

  /** Every named head, in registration order. */
  all(): { name: string; addr: bigint }[] {
    return [...this.heads].map(([name, addr]) => ({ name, addr }));
  }

  snapshot(): ListHeadsSnapshot {
    return { heads: [...this.heads].map(([n, a]) => [n, a.toString(16)] as const), added: this.added };
  }

  restore(s: ListHeadsSnapshot): void {
    this.heads = new Map(s.heads.map(([n, a]) => [n, BigInt(`0x${a}`)]));
    this.added = s.added;
  }

  hashInto(h: Hasher): void {
    h.u32(this.added).u32(this.heads.size);
    for (const [n, a] of this.heads) h.str(n).str(a.toString(16));
  }

  /** The named heads as regions of the byte view (the view keeps those inside what it shows). */
  describe(phys: number): PhysInfo | null {
    if (this.heads.size === 0) return null;
    const regions = [];
    for (const [name, va] of this.heads) {
      const p = va - this.pageOffset;
      if (p < 0n || p > BigInt(phys) + 0x100000n) continue;
      regions.push({ name: `list_head ${name}`, start: Number(p), end: Number(p) + 16 });
    }
    return regions.length > 0 ? { owner: 'list heads', object: null, regions } : null;
  }

  /** Runs that never touch a list hash as they did before lists existed. */
  unused(): boolean {
    return this.heads.size === 0 && this.added === 0;
  }
}
