// skbuff 5.15: clones share the head, skb_release_data() clears pp_recycle on the shared path,
// skb_try_coalesce() references a cloned skb's fragments.
import { describe, expect, it } from 'vitest';
import { Session } from '../../../scenario/session.ts';

function run(steps: object[], patches: Record<string, boolean> = {}): Session {
  const text = JSON.stringify({ format: 'kernscope/1', name: 'skb-test', config: { machine: { kernel: '5.15' }, patches }, steps });
  const r = Session.open(text);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session;
}

const setup = [
  { op: 'page_pool_create', pool: 'rx', flags: ['PP_FLAG_DMA_MAP', 'PP_FLAG_PAGE_FRAG'] },
  { op: 'page_pool_alloc', pool: 'rx', as: 'a', frag_size: 2048 },
  { op: 'napi_alloc_skb', skb: 's', len: 128 },
  { op: 'skb_add_rx_frag', skb: 's', buf: 'a' },
  { op: 'skb_mark_for_recycle', skb: 's' },
  { op: 'skb_clone', skb: 's', as: 'c' },
];

describe('skbuff 5.15', () => {
  it('skb_clone() shares the head (dataref 2) and copies pp_recycle', () => {
    const pp = run(setup).runner.machine.page_pool;
    const [s, c] = pp.st.skbs;
    expect(c!.shinfo).toBe(s!.shinfo);
    expect(pp.st.shinfos[s!.shinfo]!.dataref).toBe(2);
    expect(c!.ppRecycle).toBe(true);
  });

  it('pskb_expand_head() of a clone takes page references and loses pp_recycle', () => {
    const pp = run([...setup, { op: 'pskb_expand_head', skb: 's' }]).runner.machine.page_pool;
    const s = pp.st.skbs[0]!;
    expect(s.ppRecycle).toBe(false);
    expect(pp.refcount(pp.st.bufs[0]!.pfn)).toBe(2);
    expect(pp.st.shinfos[0]!.dataref).toBe(1);
  });

  it('skb_try_coalesce() of a cloned recycling skb: a page reference, or a fragment count with the patch', () => {
    const steps = [...setup, { op: 'napi_alloc_skb', skb: 't', len: 64 }, { op: 'skb_mark_for_recycle', skb: 't' }, { op: 'skb_pull', skb: 'c', len: 128 }, { op: 'tcp_try_coalesce', to: 't', from: 'c' }];
    const plain = run(steps).runner.machine.page_pool;
    const pfn = plain.st.bufs[0]!.pfn;
    expect(plain.refcount(pfn)).toBe(2);
    expect(plain.page(pfn)!.fragCount).toBe('9223372036854775807');
    const fixed = run(steps, { page_pool_atomic_frag_count: true }).runner.machine.page_pool;
    expect(fixed.refcount(pfn)).toBe(1);
    expect(fixed.page(pfn)!.fragCount).toBe('-9223372036854775808');
  });

  it('does not coalesce skbs of which one recycles and the other does not', () => {
    const pp = run([...setup, { op: 'napi_alloc_skb', skb: 't', len: 64 }, { op: 'skb_pull', skb: 'c', len: 128 }, { op: 'tcp_try_coalesce', to: 't', from: 'c' }]).runner.machine.page_pool;
    expect(pp.st.skbs.find((x) => x.name === 'c')!.freed).toBe(false);
  });
});
