// Lock chains: the 64-bit chain key of a held-lock stack and the cache of chains already
// validated (lock_chains / chainhash_table in kernel/locking/lockdep.c, 6.8).
// Keys are kept as two u32 halves so the hot path never allocates.

export const INITIAL_CHAIN_KEY_LO = 0xffffffff;
export const INITIAL_CHAIN_KEY_HI = 0xffffffff;

/** Where iterateChainKey leaves its result: one per lockdep instance, so the hot path allocates nothing. */
export interface ChainKey {
  lo: number;
  hi: number;
}

function rol32(v: number, s: number): number {
  return ((v << s) | (v >>> (32 - s))) >>> 0;
}

// iterate_chain_key(): one __jhash_mix() round of the class id into the 64-bit key
export function iterateChainKey(out: ChainKey, lo: number, hi: number, id: number): void {
  let a = id >>> 0;
  let b = lo >>> 0;
  let c = hi >>> 0;
  a = (a - c) >>> 0; a = (a ^ rol32(c, 4)) >>> 0; c = (c + b) >>> 0;
  b = (b - a) >>> 0; b = (b ^ rol32(a, 6)) >>> 0; a = (a + c) >>> 0;
  c = (c - b) >>> 0; c = (c ^ rol32(b, 8)) >>> 0; b = (b + a) >>> 0;
  a = (a - c) >>> 0; a = (a ^ rol32(c, 16)) >>> 0; c = (c + b) >>> 0;
  b = (b - a) >>> 0; b = (b ^ rol32(a, 19)) >>> 0; a = (a + c) >>> 0;
  c = (c - b) >>> 0; c = (c ^ rol32(b, 4)) >>> 0; b = (b + a) >>> 0;
  out.lo = b;
  out.hi = c;
}

export interface ChainCacheSnapshot {
  lo: Uint32Array;
  hi: Uint32Array;
  ctx: Uint8Array;
  count: number;
}

/** The chain hash: open addressing over (lo, hi); irq context kept like lock_chain::irq_context. */
export class ChainCache {
  private lo = new Uint32Array(256);
  private hi = new Uint32Array(256);
  /** 0 = empty, else irq_context + 1. */
  private ctx = new Uint8Array(256);
  count = 0;

  private slot(lo: number, hi: number): number {
    const mask = this.ctx.length - 1;
    let i = (Math.imul(lo ^ rol32(hi, 13), 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      if (this.ctx[i] === 0 || (this.lo[i] === lo && this.hi[i] === hi)) return i;
      i = (i + 1) & mask;
    }
  }

  // lookup_chain_cache()
  has(lo: number, hi: number): boolean {
    return this.ctx[this.slot(lo, hi)] !== 0;
  }

  // add_chain_cache()
  add(lo: number, hi: number, irqContext: number): void {
    if ((this.count + 1) * 2 > this.ctx.length) this.grow();
    const i = this.slot(lo, hi);
    if (this.ctx[i] !== 0) return;
    this.lo[i] = lo;
    this.hi[i] = hi;
    this.ctx[i] = irqContext + 1;
    this.count++;
  }

  /** nr_process_chains / nr_softirq_chains / nr_hardirq_chains. */
  countByContext(): { process: number; softirq: number; hardirq: number } {
    const r = { process: 0, softirq: 0, hardirq: 0 };
    for (let i = 0; i < this.ctx.length; i++) {
      const c = this.ctx[i]!;
      if (c === 0) continue;
      if (((c - 1) & 2) !== 0) r.hardirq++;
      else if (((c - 1) & 1) !== 0) r.softirq++;
      else r.process++;
    }
    return r;
  }

  private grow(): void {
    const { lo, hi, ctx } = this;
    this.lo = new Uint32Array(lo.length * 2);
    this.hi = new Uint32Array(lo.length * 2);
    this.ctx = new Uint8Array(lo.length * 2);
    this.count = 0;
    for (let i = 0; i < ctx.length; i++) if (ctx[i] !== 0) this.add(lo[i]!, hi[i]!, ctx[i]! - 1);
  }

  snapshot(): ChainCacheSnapshot {
    return { lo: this.lo.slice(), hi: this.hi.slice(), ctx: this.ctx.slice(), count: this.count };
  }

  restore(s: ChainCacheSnapshot): void {
    this.lo = s.lo.slice();
    this.hi = s.hi.slice();
    this.ctx = s.ctx.slice();
    this.count = s.count;
  }

  hashWords(): Uint32Array {
    return this.lo;
  }
}
