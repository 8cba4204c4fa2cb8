// page_pool 5.15: the alloc cache and ring, fragments and pp_frag_count, recycle or release, destroy.
import { describe, expect, it } from 'vitest';
import { Session } from '../../../scenario/session.ts';

function run(steps: object[], patches: Record<string, boolean> = {}): Session {
  const text = JSON.stringify({ format: 'kernscope/1', name: 'pp-test', config: { machine: { kernel: '5.15' }, kconfig: { CONFIG_DEBUG_VM: true }, patches }, steps });
  const r = Session.open(text);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session;
}

function expectAllPass(s: Session): void {
  const rep = s.report();
  expect(rep.errors).toBeUndefined();
  for (const e of rep.expectations) expect(e, e.message).toMatchObject({ pass: true });
}

const FRAG = { op: 'page_pool_create', pool: 'rx', pool_size: 4, flags: ['PP_FLAG_DMA_MAP', 'PP_FLAG_PAGE_FRAG'] };

describe('page_pool 5.15', () => {
  it('fills the alloc cache with a bulk of 64 mapped pages and hands out the last one', () => {
    const s = run([{ op: 'page_pool_create', pool: 'rx', flags: ['PP_FLAG_DMA_MAP'] }, { op: 'page_pool_alloc', pool: 'rx', as: 'p' }, { op: 'expect_page', buf: 'p', refcount: 1, pp_magic: true, in_cache: 0 }]);
    expectAllPass(s);
    const pp = s.runner.machine.page_pool;
    expect(pp.st.pools[0]!.cache.length).toBe(63);
    const b = pp.st.bufs[0]!;
    // dma_addr: a page-aligned IOVA below 4 GiB
    expect(pp.page(b.pfn)!.dma % 4096).toBe(0);
    expect(pp.page(b.pfn)!.dma).toBeLessThan(0x100000000);
  });

  it('recycles a page at refcount 1 into the ring, and releases one that someone else still references', () => {
    const s = run([
      { op: 'page_pool_create', pool: 'rx', flags: ['PP_FLAG_DMA_MAP'] },
      { op: 'page_pool_alloc', pool: 'rx', as: 'p' },
      { op: 'page_pool_put', pool: 'rx', buf: 'p' },
      { op: 'expect_page', buf: 'p', refcount: 1, in_ring: 1, pp_magic: true },
    ]);
    expectAllPass(s);
    const t = run([
      { op: 'page_pool_create', pool: 'rx', flags: ['PP_FLAG_DMA_MAP'] },
      { op: 'page_pool_alloc', pool: 'rx', as: 'p' },
      { op: 'napi_alloc_skb', skb: 's', len: 128 },
      { op: 'skb_add_rx_frag', skb: 's', buf: 'p' },
      { op: 'skb_clone', skb: 's', as: 'c' },
      { op: 'pskb_expand_head', skb: 's' },
      { op: 'page_pool_put', pool: 'rx', buf: 'p' },
      { op: 'expect_page', buf: 'p', refcount: 1, in_ring: 0, pp_magic: false },
    ]);
    expectAllPass(t);
    expect(t.runner.machine.page_pool.page(t.runner.machine.page_pool.st.bufs[0]!.pfn)!.dma).toBe(0);
  });

  it('counts fragments: BIAS_MAX while the page is current, the users left after page_pool_drain_frag()', () => {
    const s = run([
      FRAG,
      { op: 'page_pool_alloc', pool: 'rx', as: 'a', frag_size: 1500 },
      { op: 'expect_page', buf: 'a', pp_frag_count: '9223372036854775807' },
      { op: 'page_pool_alloc', pool: 'rx', as: 'b', frag_size: 1500 },
      { op: 'page_pool_alloc', pool: 'rx', as: 'c', frag_size: 1500 },
      { op: 'expect_page', buf: 'a', pp_frag_count: '2', refcount: 1 },
      { op: 'page_pool_put', pool: 'rx', buf: 'a' },
      { op: 'expect_page', buf: 'a', pp_frag_count: '1', in_ring: 0 },
      { op: 'page_pool_put', pool: 'rx', buf: 'b' },
      // page_pool_atomic_sub_frag_count_return() does not decrement a count equal to nr
      { op: 'expect_page', buf: 'a', pp_frag_count: '1', in_ring: 1 },
    ]);
    expectAllPass(s);
    expect(s.report().findings).toEqual([]);
  });

  it('reports a fragment returned twice, with its first and second return', () => {
    const s = run([FRAG, { op: 'page_pool_alloc', pool: 'rx', as: 'a', frag_size: 2048 }, { op: 'page_pool_put', pool: 'rx', buf: 'a' }, { op: 'page_pool_put', pool: 'rx', buf: 'a' }]);
    const f = s.report().findings.filter((x) => x.kind === 'page_pool.double_recycle') as unknown as Record<string, unknown>[];
    expect(f).toHaveLength(1);
    expect(f[0]!.first_recycle_event as number).toBeLessThan(f[0]!.second_recycle_event as number);
    expect(f[0]!.page).toMatch(/^0xffffea/);
  });

  it('reports a page put into the ring while it is already there', () => {
    const s = run([
      { op: 'page_pool_create', pool: 'rx', flags: ['PP_FLAG_DMA_MAP'] },
      { op: 'page_pool_alloc', pool: 'rx', as: 'p' },
      { op: 'page_pool_put', pool: 'rx', buf: 'p' },
      { op: 'page_pool_put', pool: 'rx', buf: 'p' },
      { op: 'expect_page', buf: 'p', in_ring: 2 },
      { op: 'page_pool_alloc', pool: 'rx', as: 'q' },
    ]);
    expectAllPass(s);
    expect(s.report().findings.map((f) => f.kind)).toContain('page_pool.double_recycle');
  });

  it('hands a page to two receivers when a user still holds it: page_pool.shared_page', () => {
    const s = run([
      { op: 'page_pool_create', pool: 'rx', flags: ['PP_FLAG_DMA_MAP'] },
      { op: 'page_pool_alloc', pool: 'rx', as: 'p' },
      { op: 'napi_build_skb', skb: 's', buf: 'p' },
      { op: 'page_pool_put', pool: 'rx', buf: 'p', note: 'a driver bug: the page is still the head of s' },
      ...Array.from({ length: 64 }, (_, i) => ({ op: 'page_pool_alloc', pool: 'rx', as: `n${i}` })),
    ]);
    const kinds = s.report().findings.map((f) => f.kind);
    expect(kinds).toContain('page_pool.double_recycle');
    expect(kinds).toContain('page_pool.shared_page');
  });

  it('rejects ops on a destroyed pool, a fragment larger than a page and unknown names', () => {
    const bad = (steps: object[]): string => {
      const rep = run(steps).report();
      return JSON.stringify(rep.errors);
    };
    expect(bad([FRAG, { op: 'page_pool_destroy', pool: 'rx' }, { op: 'page_pool_alloc', pool: 'rx', as: 'a' }])).toMatch(/steps\[2\]\.pool.*destroyed/);
    expect(bad([FRAG, { op: 'page_pool_alloc', pool: 'rx', as: 'a', frag_size: 8192 }])).toMatch(/steps\[1\]\.frag_size/);
    expect(bad([{ op: 'kfree_skb', skb: 'nope' }])).toMatch(/steps\[0\]\.skb/);
    expect(bad([{ op: 'page_pool_alloc', pool: 'nope', as: 'a' }])).toMatch(/steps\[0\]\.pool/);
  });

  it('destroy returns the ring and cache pages to the page allocator', () => {
    const s = run([{ op: 'page_pool_create', pool: 'rx', flags: ['PP_FLAG_DMA_MAP'] }, { op: 'page_pool_alloc', pool: 'rx', as: 'p' }, { op: 'page_pool_put', pool: 'rx', buf: 'p' }, { op: 'page_pool_destroy', pool: 'rx' }, { op: 'expect_page', buf: 'p', refcount: 0, pp_magic: false }]);
    expectAllPass(s);
    expect(s.report().dmesg).not.toMatch(/violation|stalled/);
  });

  it('destroy drops the fragments never handed out of the current frag page (page_pool_free_frag())', () => {
    const s = run([FRAG, { op: 'page_pool_alloc', pool: 'rx', as: 'a', frag_size: 2048 }, { op: 'page_pool_put', pool: 'rx', buf: 'a' }, { op: 'page_pool_destroy', pool: 'rx' }, { op: 'expect_page', buf: 'a', refcount: 0, pp_magic: false }]);
    expectAllPass(s);
    expect(s.report().dmesg).not.toMatch(/stalled/);
    const t = run([FRAG, { op: 'page_pool_alloc', pool: 'rx', as: 'a', frag_size: 2048 }, { op: 'page_pool_destroy', pool: 'rx' }, { op: 'expect_page', buf: 'a', refcount: 1, pp_magic: true }]);
    expectAllPass(t);
    expect(t.report().dmesg).toMatch(/stalled pool shutdown 1 inflight/);
  });
});
