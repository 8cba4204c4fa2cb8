// page_pool and skb ops: the driver side (create, alloc, put, destroy) and the stack side (skbs built
// on pool buffers, clones, head expansion, frees), with expect_page on a page's counts.
import { PAGE_SIZE } from '../../linux/include/linux/mm_types.ts';
import type { SkBuff } from '../../linux/include/linux/skbuff.ts';
import { RACE_STEPS } from '../../linux/net/core/page_pool.ts';
import { PP_FLAG_NAMES, PP_FLAG_PAGE_FRAG, PP_FLAG_PAGECNT_BIAS, PP_RING_MAX, USHRT_MAX } from '../../linux/include/net/page_pool.ts';

import { buildSkb, kfreeSkb, kfreeSkbPartial, napiAllocSkb, pskbExpandHead, skbAddRxFrag, skbClone, skbMarkForRecycle, skbPull, skbTryCoalesce } from '../../linux/net/core/skbuff.ts';
import type { OpsOf } from '../../machine/modules.ts';
import { ScenarioRuntimeError } from '../binding.ts';
import type { ScenarioRunner } from '../runner.ts';
import type { PAGE_POOL_OPS } from '../schema/page_pool.ts';
import { settle } from './control.ts';

function livePool(r: ScenarioRunner, name: string, path: string): number {
  const pp = r.machine.page_pool;
  const i = pp.poolIndex(name);
  if (i < 0) throw new ScenarioRuntimeError(`${path}.pool`, `page_pool "${name}" does not exist (create it with page_pool_create)`);
  if (pp.st.pools[i]!.destroyed) throw new ScenarioRuntimeError(`${path}.pool`, `page_pool "${name}" was destroyed`);
  return i;
}

function buf(r: ScenarioRunner, name: string, path: string) {
  const b = r.machine.page_pool.st.bufs.find((x) => x.name === name);
  if (!b) throw new ScenarioRuntimeError(`${path}.buf`, `buffer "${name}" does not exist (allocate it with page_pool_alloc)`);
  return b;
}

function skbNamed(r: ScenarioRunner, name: string, path: string, field = 'skb'): SkBuff {
  const s = [...r.machine.page_pool.st.skbs].reverse().find((x) => x.name === name);
  if (!s) throw new ScenarioRuntimeError(`${path}.${field}`, `skb "${name}" does not exist`);
  if (s.freed) throw new ScenarioRuntimeError(`${path}.${field}`, `skb "${name}" was freed`);
  return s;
}

function newName(r: ScenarioRunner, name: string, path: string, field: string): void {
  if (r.machine.page_pool.st.skbs.some((s) => s.name === name && !s.freed)) throw new ScenarioRuntimeError(`${path}.${field}`, `skb "${name}" already exists`);
}

function build(r: ScenarioRunner, step: { skb: string; buf: string; offset?: number | undefined; size?: number | undefined }, path: string): void {
  const pp = r.machine.page_pool;
  newName(r, step.skb, path, 'skb');
  const b = buf(r, step.buf, path);
  const off = b.off + (step.offset ?? 0);
  const size = step.size ?? b.size - (step.offset ?? 0);
  if (off + size > b.off + b.size) throw new ScenarioRuntimeError(`${path}.size`, `the frame runs past the end of buffer "${b.name}"`);
  // pagecnt_bias batching: the frame's reference comes out of the driver's bias
  if (pp.pageState(b.pfn).bias > 0) pp.biasTake(b.pfn);
  if (!buildSkb(pp, r.machine.slub, step.skb, { pfn: b.pfn, off, size })) throw new ScenarioRuntimeError(path, 'out of memory for the sk_buff');
  b.posted = false;
}

type AllocStep = { as: string; frag_size?: number | undefined; pagecnt_bias?: boolean | undefined };
type During = { cpu: number; task: string; as: string; interleave?: string[] | undefined };

// two CPUs in page_pool_alloc_pages() at once; the default order runs them one after the other
function allocRace(r: ScenarioRunner, step: AllocStep, d: During, pi: number, path: string): void {
  const pp = r.machine.page_pool;
  const p = `${path}.during`;
  if (step.frag_size !== undefined || step.pagecnt_bias) throw new ScenarioRuntimeError(p, 'during races two whole-page page_pool_alloc_pages() calls: no frag_size or pagecnt_bias with it');
  if (!pp.rfc()) throw new ScenarioRuntimeError(p, 'during models the elevated-refcnt RFC (5.14-rc1 with patch page_pool_elevated_refcnt_rfc)');
  if (d.cpu >= r.scenario.config.cpus) throw new ScenarioRuntimeError(`${p}.cpu`, `CPU ${d.cpu} does not exist (machine.cpus is ${r.scenario.config.cpus})`);
  if (d.cpu === r.rec.ctx.cpu) throw new ScenarioRuntimeError(`${p}.cpu`, `the other allocation must run on another CPU than this step's (${d.cpu})`);
  if (d.as === step.as || pp.st.bufs.some((b) => b.name === d.as)) throw new ScenarioRuntimeError(`${p}.as`, `buffer "${d.as}" already exists`);
  const order = d.interleave ?? [0, 1].flatMap((c) => RACE_STEPS.map((s) => `${c}:${s}`));
  // each CPU's moves must appear once each and in program order
  for (const c of [0, 1]) {
    const mine = order.filter((m) => m.startsWith(`${c}:`)).map((m) => m.slice(2));
    if (mine.join() !== RACE_STEPS.join()) throw new ScenarioRuntimeError(`${p}.interleave`, `CPU ${c}'s moves must be ${RACE_STEPS.join(', ')}, each once and in that order`);
  }
  const got = pp.allocPagesRace(pi, [{ cpu: r.rec.ctx.cpu, task: r.rec.ctx.task }, { cpu: d.cpu, task: d.task }], order);
  if (!got) throw new ScenarioRuntimeError(path, 'the page allocator is out of memory');
  const size = PAGE_SIZE << pp.st.pools[pi]!.order;
  for (const [i, as] of [step.as, d.as].entries()) {
    const pfn = got[i]!;
    if (pfn < 0) throw new ScenarioRuntimeError(`${p}.interleave`, 'the alloc cache was empty for one CPU: the model needs a page for each');
    pp.checkShared(pi, pfn);
    pp.handOut(pfn, 0, size);
    pp.st.bufs.push({ name: as, pool: pi, pfn, off: 0, size, posted: true });
  }
}

export const pagePoolOps: OpsOf<typeof PAGE_POOL_OPS> = {
  page_pool_create(r, step, path) {
    const pp = r.machine.page_pool;
    if (pp.poolIndex(step.pool) >= 0) throw new ScenarioRuntimeError(`${path}.pool`, `page_pool "${step.pool}" already exists`);
    // page_pool_init(): a ring above 32768 entries is -E2BIG
    const size = step.pool_size ?? 256;
    if (size > PP_RING_MAX) throw new ScenarioRuntimeError(`${path}.pool_size`, `page_pool_create() fails with -E2BIG for a pool_size above ${PP_RING_MAX}`);
    let flags = 0;
    for (const f of step.flags ?? []) flags |= PP_FLAG_NAMES.find(([, n]) => n === f)![0];
    // page_pool_init(): flags outside this kernel's PP_FLAG_ALL are -EINVAL
    if (flags & PP_FLAG_PAGE_FRAG && !pp.fragCountApi()) throw new ScenarioRuntimeError(`${path}.flags`, 'page_pool_create() fails with -EINVAL: PP_FLAG_PAGE_FRAG is not in 5.14-rc1 (patch page_pool_atomic_frag_count adds it)');
    if (flags & PP_FLAG_PAGECNT_BIAS && !pp.rfc()) throw new ScenarioRuntimeError(`${path}.flags`, 'page_pool_create() fails with -EINVAL: PP_FLAG_PAGECNT_BIAS exists only with patch page_pool_elevated_refcnt_rfc on 5.14-rc1');
    if (step.frag_size !== undefined && !pp.rfc()) throw new ScenarioRuntimeError(`${path}.frag_size`, 'struct page_pool_params has frag_size only with patch page_pool_elevated_refcnt_rfc on 5.14-rc1 (5.15 passes the size to page_pool_alloc_frag())');
    const order = step.order ?? 0;
    if (step.frag_size !== undefined && step.frag_size > (step.max_len ?? PAGE_SIZE << order)) throw new ScenarioRuntimeError(`${path}.frag_size`, `a frag_size above max_len (${step.max_len ?? PAGE_SIZE << order}) leaves the RFC's page_pool_sub_bias() a negative count`);
    pp.st.pools.push({
      name: step.pool,
      order,
      poolSize: size,
      flags,
      nid: step.nid ?? -1,
      dmaDir: step.dma_dir ?? 'DMA_FROM_DEVICE',
      maxLen: step.max_len ?? PAGE_SIZE << order,
      fragSize: step.frag_size ?? 0,
      cache: [],
      ring: [],
      fragPage: -1,
      fragOffset: 0,
      fragUsers: 0,
      holdCnt: 0,
      releaseCnt: 0,
      destroyed: false,
    });
  },
  page_pool_alloc(r, step, path) {
    const pp = r.machine.page_pool;
    const pi = livePool(r, step.pool, path);
    const pool = pp.st.pools[pi]!;
    if (pp.st.bufs.some((b) => b.name === step.as)) throw new ScenarioRuntimeError(`${path}.as`, `buffer "${step.as}" already exists`);
    if (step.during) {
      allocRace(r, step, step.during, pi, path);
      return;
    }
    let got: { pfn: number; off: number; size: number } | null;
    if (step.frag_size !== undefined && pp.rfc()) {
      // the RFC's page_pool_alloc_frag() cuts the pool's p.frag_size
      if (pool.fragSize === 0) throw new ScenarioRuntimeError(`${path}.frag_size`, `page_pool "${pool.name}" was created without frag_size`);
      if (step.frag_size !== pool.fragSize) throw new ScenarioRuntimeError(`${path}.frag_size`, `page_pool "${pool.name}" cuts fragments of its frag_size, ${pool.fragSize} bytes`);
      const f = pp.allocFragRfc(pi);
      got = f && { ...f, size: step.frag_size };
    } else if (step.frag_size !== undefined) {
      if (!pp.fragCountApi()) throw new ScenarioRuntimeError(`${path}.frag_size`, 'page_pool_alloc_frag() is not in 5.14-rc1 (patches page_pool_elevated_refcnt_rfc or page_pool_atomic_frag_count add one)');
      // page_pool_alloc_frag(): WARN_ON(!PP_FLAG_PAGE_FRAG || size > max_size) and NULL
      if ((pool.flags & PP_FLAG_PAGE_FRAG) === 0) throw new ScenarioRuntimeError(`${path}.frag_size`, `page_pool "${pool.name}" was created without PP_FLAG_PAGE_FRAG`);
      if (step.frag_size > PAGE_SIZE << pool.order) throw new ScenarioRuntimeError(`${path}.frag_size`, `a fragment of ${step.frag_size} bytes is larger than the pool's pages (${PAGE_SIZE << pool.order})`);
      const f = pp.allocFrag(pi, step.frag_size);
      got = f && { ...f, size: step.frag_size };
    } else {
      const pfn = pp.allocPages(pi);
      got = pfn === null ? null : { pfn, off: 0, size: PAGE_SIZE << pool.order };
    }
    if (!got) throw new ScenarioRuntimeError(path, 'the page allocator is out of memory');
    pp.handOut(got.pfn, got.off, got.size);
    if (step.pagecnt_bias) pp.biasCharge(got.pfn, USHRT_MAX);
    pp.st.bufs.push({ name: step.as, pool: pi, ...got, posted: true });
  },
  page_pool_put(r, step, path) {
    const pp = r.machine.page_pool;
    const pi = livePool(r, step.pool, path);
    const b = buf(r, step.buf, path);
    // a driver that batches references gives back what it did not hand out before the put
    if (pp.pageState(b.pfn).bias > 0) pp.biasDrain(b.pfn);
    b.posted = false;
    pp.putPagePool(pi, b.pfn, step.direct ?? false, r.rec.ctx.task, b.off);
  },
  page_pool_destroy(r, step, path) {
    r.machine.page_pool.destroy(livePool(r, step.pool, path));
  },
  napi_build_skb(r, step, path) {
    build(r, step, path);
  },
  build_skb(r, step, path) {
    build(r, step, path);
  },
  napi_alloc_skb(r, step, path) {
    newName(r, step.skb, path, 'skb');
    if (!napiAllocSkb(r.machine.page_pool, r.machine.slub, step.skb, step.len)) throw new ScenarioRuntimeError(path, 'out of memory for the sk_buff');
  },
  skb_pull(r, step, path) {
    const skb = skbNamed(r, step.skb, path);
    // __skb_pull(): BUG_ON(skb->len < skb->data_len) — pulling past the linear part is the scenario's mistake
    if (step.len > skb.headlen) throw new ScenarioRuntimeError(`${path}.len`, `skb "${skb.name}" has ${skb.headlen} bytes in its linear part`);
    skbPull(skb, step.len);
  },
  tcp_try_coalesce(r, step, path) {
    const pp = r.machine.page_pool;
    const to = skbNamed(r, step.to, path, 'to');
    const from = skbNamed(r, step.from, path, 'from');
    if (to === from) throw new ScenarioRuntimeError(`${path}.from`, 'an skb cannot be coalesced into itself');
    // tcp_try_coalesce(): on success the stack frees what is left of from (kfree_skb_partial())
    if (skbTryCoalesce(pp, to, from).ok) kfreeSkbPartial(pp, r.machine.slub, from);
  },
  skb_add_rx_frag(r, step, path) {
    const pp = r.machine.page_pool;
    const skb = skbNamed(r, step.skb, path);
    const b = buf(r, step.buf, path);
    const off = b.off + (step.offset ?? 0);
    const size = step.size ?? b.size - (step.offset ?? 0);
    if (off + size > b.off + b.size) throw new ScenarioRuntimeError(`${path}.size`, `the fragment runs past the end of buffer "${b.name}"`);
    if (pp.st.shinfos[skb.shinfo]!.frags.length >= 17) throw new ScenarioRuntimeError(path, `skb "${skb.name}" already has MAX_SKB_FRAGS (17) fragments`);
    // pagecnt_bias batching: the frame's reference comes out of the driver's bias, not page_ref_inc()
    if (pp.pageState(b.pfn).bias > 0) pp.biasTake(b.pfn);
    skbAddRxFrag(pp, skb, { pfn: b.pfn, off, size });
    b.posted = false;
  },
  skb_mark_for_recycle(r, step, path) {
    skbMarkForRecycle(skbNamed(r, step.skb, path));
  },
  skb_clone(r, step, path) {
    const skb = skbNamed(r, step.skb, path);
    newName(r, step.as, path, 'as');
    if (!skbClone(r.machine.page_pool, r.machine.slub, skb, step.as)) throw new ScenarioRuntimeError(path, 'out of memory for the clone');
  },
  pskb_expand_head(r, step, path) {
    const skb = skbNamed(r, step.skb, path);
    if (!pskbExpandHead(r.machine.page_pool, r.machine.slub, skb, step.nhead ?? 64)) throw new ScenarioRuntimeError(path, 'out of memory for the new head');
  },
  kfree_skb(r, step, path) {
    kfreeSkb(r.machine.page_pool, r.machine.slub, skbNamed(r, step.skb, path), false);
  },
  consume_skb(r, step, path) {
    kfreeSkb(r.machine.page_pool, r.machine.slub, skbNamed(r, step.skb, path), true);
  },
  expect_page(r, step, path) {
    const pp = r.machine.page_pool;
    const b = buf(r, step.buf, path);
    const pg = pp.page(b.pfn);
    const pool = pp.st.pools[b.pool]!;
    const facts: [string, unknown, unknown][] = [
      ['refcount', step.refcount, pp.refcount(b.pfn)],
      ['pagecnt_bias', step.pagecnt_bias, pg ? pg.bias || pg.ppBias : 0],
      ['pp_frag_count', step.pp_frag_count, pg?.fragCount ?? '0'],
      ['pp_magic', step.pp_magic, pg?.magic ?? false],
      ['in_ring', step.in_ring, pool.ring.filter((p) => p === b.pfn).length],
      ['in_cache', step.in_cache, pool.cache.filter((p) => p === b.pfn).length],
      ['owners', step.owners?.join(','), pp.owners(b.pfn).join(',')],
    ];
    const want: string[] = [];
    const got: string[] = [];
    let pass = true;
    for (const [k, w, g] of facts) {
      if (w === undefined) continue;
      want.push(`${k}=${String(w)}`);
      got.push(`${k}=${String(g)}`);
      if (w !== g) pass = false;
    }
    settle(r, pass, 0, `page of ${b.name} (${pp.structPage(b.pfn)}): expected ${want.join(', ') || 'to exist'}, found ${got.join(', ') || 'it'}`);
  },
};
