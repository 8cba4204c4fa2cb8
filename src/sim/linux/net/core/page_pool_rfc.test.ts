// 5.14-rc1 recycling and the elevated-refcnt RFC: pagecnt_bias, page_ref_dec_return() == bias + 1,
// the pool without a bias whose fragments share one reference, and the per-page atomic count instead.
import { describe, expect, it } from 'vitest';
import { Session } from '../../../scenario/session.ts';

function open(steps: object[], patches: Record<string, boolean>) {
  const text = JSON.stringify({ format: 'kernscope/1', name: 'pp-rfc-test', config: { machine: { kernel: '5.14-rc1' }, kconfig: { CONFIG_DEBUG_VM: true }, patches }, steps });
  return Session.open(text);
}

function run(steps: object[], patches: Record<string, boolean> = { page_pool_elevated_refcnt_rfc: true }): Session {
  const r = open(steps, patches);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session;
}

function expectAllPass(s: Session): void {
  const rep = s.report();
  expect(rep.errors).toBeUndefined();
  for (const e of rep.expectations) expect(e, e.message).toMatchObject({ pass: true });
}

const BIAS = { op: 'page_pool_create', pool: 'rx', flags: ['PP_FLAG_DMA_MAP', 'PP_FLAG_PAGECNT_BIAS'], frag_size: 2048 };
const NOBIAS = { op: 'page_pool_create', pool: 'rx', order: 1, flags: ['PP_FLAG_DMA_MAP'], frag_size: 4096 };
const frame = (skb: string, buf: string) => [
  { op: 'napi_alloc_skb', skb, len: 128 },
  { op: 'skb_add_rx_frag', skb, buf },
  { op: 'skb_mark_for_recycle', skb },
];

describe('page_pool 5.14-rc1 with the elevated-refcnt RFC', () => {
  it('takes USHRT_MAX references per page and hands max_len / frag_size users out of pagecnt_bias', () => {
    const s = run([BIAS, { op: 'page_pool_alloc', pool: 'rx', as: 'a', frag_size: 2048 }, { op: 'page_pool_alloc', pool: 'rx', as: 'b', frag_size: 2048 }, { op: 'expect_page', buf: 'a', refcount: 65536, pagecnt_bias: 65533 }]);
    expectAllPass(s);
    const pp = s.runner.machine.page_pool;
    expect(pp.st.bufs.map((b) => b.off)).toEqual([0, 2048]);
    expect(pp.st.bufs[0]!.pfn).toBe(pp.st.bufs[1]!.pfn);
  });

  it("settles Duyck's clone + pskb_expand_head(): both owners return through the pool, the last user recycles once", () => {
    const s = run([
      BIAS,
      { op: 'page_pool_alloc', pool: 'rx', as: 'a', frag_size: 2048 },
      { op: 'page_pool_alloc', pool: 'rx', as: 'b', frag_size: 2048 },
      ...frame('s', 'a'),
      { op: 'skb_clone', skb: 's', as: 'c' },
      { op: 'pskb_expand_head', skb: 'c' },
      { op: 'expect_page', buf: 'a', refcount: 65537 },
      { op: 'consume_skb', skb: 'c' },
      { op: 'consume_skb', skb: 's' },
      { op: 'expect_page', buf: 'a', refcount: 65535, in_ring: 0 },
      ...frame('t', 'b'),
      { op: 'consume_skb', skb: 't' },
      { op: 'expect_page', buf: 'a', refcount: 65534, in_ring: 1, owners: [] },
      { op: 'expect', finding: 'page_pool.double_recycle', none: true },
    ]);
    expectAllPass(s);
    // 5.14-rc1 keeps the pp_recycle the clone copied
    expect(s.runner.machine.page_pool.st.skbs.find((x) => x.name === 'c')!.ppRecycle).toBe(true);
  });

  it('recycles a page again at refcount 1 when a pool without PP_FLAG_PAGECNT_BIAS cuts fragments: twice in the ring', () => {
    const s = run([
      NOBIAS,
      { op: 'page_pool_alloc', pool: 'rx', as: 'a', frag_size: 4096 },
      { op: 'page_pool_alloc', pool: 'rx', as: 'b', frag_size: 4096 },
      { op: 'expect_page', buf: 'a', refcount: 1, pagecnt_bias: 0 },
      ...frame('s', 'a'),
      ...frame('t', 'b'),
      { op: 'consume_skb', skb: 's' },
      { op: 'consume_skb', skb: 't' },
      { op: 'expect_page', buf: 'a', refcount: 1, in_ring: 2 },
      { op: 'expect', finding: 'page_pool.double_recycle', count: 1 },
      { op: 'page_pool_alloc', pool: 'rx', as: 'e1', frag_size: 4096 },
      { op: 'page_pool_alloc', pool: 'rx', as: 'e2', frag_size: 4096 },
      { op: 'page_pool_alloc', pool: 'rx', as: 'e3', frag_size: 4096 },
      { op: 'expect', finding: 'page_pool.shared_page', count: 1 },
    ]);
    expectAllPass(s);
    const pp = s.runner.machine.page_pool;
    const e = ['e1', 'e3'].map((n) => pp.st.bufs.find((b) => b.name === n)!);
    expect(e[0]!.pfn).toBe(e[1]!.pfn);
    expect(e[0]!.off).toBe(e[1]!.off);
  });

  it('no longer drops the reference after page_pool_release_page() when a page without a bias is put at refcount 2', () => {
    const s = run([
      { op: 'page_pool_create', pool: 'rx', order: 1, flags: ['PP_FLAG_DMA_MAP'] },
      { op: 'page_pool_alloc', pool: 'rx', as: 'a' },
      ...frame('s', 'a'),
      { op: 'skb_clone', skb: 's', as: 'c' },
      { op: 'pskb_expand_head', skb: 'c' },
      { op: 'consume_skb', skb: 'c' },
      { op: 'expect_page', buf: 'a', refcount: 2, pp_magic: false },
      { op: 'consume_skb', skb: 's' },
      { op: 'expect_page', buf: 'a', refcount: 1, pp_magic: false, owners: [] },
    ]);
    expectAllPass(s);
  });

  it('drains pagecnt_bias + 1 when page_pool_destroy() returns a ring page', () => {
    const s = run([BIAS, { op: 'page_pool_alloc', pool: 'rx', as: 'a' }, { op: 'page_pool_put', pool: 'rx', buf: 'a' }, { op: 'expect_page', buf: 'a', in_ring: 1, refcount: 65535 }, { op: 'page_pool_destroy', pool: 'rx' }, { op: 'expect_page', buf: 'a', refcount: 0 }]);
    expectAllPass(s);
    expect(s.report().dmesg).not.toContain('violation');
  });

  it("rejects the flags and fragment calls this kernel's page_pool does not have", () => {
    const plain = open([{ op: 'page_pool_create', pool: 'rx', flags: ['PP_FLAG_PAGE_FRAG'] }], {});
    expect(plain.ok && plain.session.report().errors?.[0]?.path).toBe('steps[0].flags');
    const bias = open([{ op: 'page_pool_create', pool: 'rx', flags: ['PP_FLAG_PAGECNT_BIAS'] }], {});
    expect(bias.ok && bias.session.report().errors?.[0]?.path).toBe('steps[0].flags');
    const frag = open([{ op: 'page_pool_create', pool: 'rx' }, { op: 'page_pool_alloc', pool: 'rx', as: 'a', frag_size: 2048 }], {});
    expect(frag.ok && frag.session.report().errors?.[0]?.path).toBe('steps[1].frag_size');
    const size = open([BIAS, { op: 'page_pool_alloc', pool: 'rx', as: 'a', frag_size: 1024 }], { page_pool_elevated_refcnt_rfc: true });
    expect(size.ok && size.session.report().errors?.[0]?.path).toBe('steps[1].frag_size');
  });
});

describe('page_pool 5.14-rc1 with page_pool_atomic_frag_count', () => {
  it('counts every fragment per page and clears the pp_recycle a clone copied: one recycle', () => {
    const s = run(
      [
        { op: 'page_pool_create', pool: 'rx', order: 1, flags: ['PP_FLAG_DMA_MAP', 'PP_FLAG_PAGE_FRAG'] },
        { op: 'page_pool_alloc', pool: 'rx', as: 'a', frag_size: 4096 },
        { op: 'page_pool_alloc', pool: 'rx', as: 'b', frag_size: 4096 },
        { op: 'page_pool_alloc', pool: 'rx', as: 'n', frag_size: 4096 },
        ...frame('s', 'a'),
        { op: 'skb_clone', skb: 's', as: 'c' },
        { op: 'pskb_expand_head', skb: 'c' },
        ...frame('t', 'b'),
        { op: 'consume_skb', skb: 'c' },
        { op: 'consume_skb', skb: 's' },
        { op: 'consume_skb', skb: 't' },
        { op: 'expect_page', buf: 'a', refcount: 1, in_ring: 1, pp_magic: true },
        { op: 'expect', finding: 'page_pool.double_recycle', none: true },
      ],
      { page_pool_elevated_refcnt_rfc: true, page_pool_atomic_frag_count: true },
    );
    expectAllPass(s);
  });
});
