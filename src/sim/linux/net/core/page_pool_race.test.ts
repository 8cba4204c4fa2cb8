// Two CPUs in the RFC's page_pool_alloc_pages() at once: the alloc cache pop and page_pool_sub_bias()
// as loads and stores the scenario interleaves.
import { describe, expect, it } from 'vitest';
import { Session } from '../../../scenario/session.ts';

const LOST = ['0:count_load', '1:count_load', '0:count_store', '1:count_store', '0:bias_load', '1:bias_load', '0:bias_compute', '1:bias_compute', '0:bias_store', '1:bias_store'];
const POP_LOST_BIAS_IN_ORDER = ['0:count_load', '1:count_load', '0:count_store', '1:count_store', '0:bias_load', '0:bias_compute', '0:bias_store', '1:bias_load', '1:bias_compute', '1:bias_store'];
const POOL = { op: 'page_pool_create', pool: 'rx', flags: ['PP_FLAG_DMA_MAP', 'PP_FLAG_PAGECNT_BIAS'] };

function open(steps: object[], patches: Record<string, boolean> = { page_pool_elevated_refcnt_rfc: true }) {
  const text = JSON.stringify({ format: 'kernscope/1', name: 'pp-race-test', config: { machine: { kernel: '5.14-rc1', cpus: 2 }, patches }, steps });
  return Session.open(text);
}

function run(steps: object[]): Session {
  const r = open(steps);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session;
}

const race = (interleave?: string[]) => ({ op: 'page_pool_alloc', pool: 'rx', as: 'a', cpu: 0, during: { cpu: 1, task: 'ksoftirqd/1', as: 'b', ...(interleave ? { interleave } : {}) } });

describe('page_pool_alloc during another CPU (RFC pagecnt_bias)', () => {
  it('one after the other: two pages, each with one user out of its bias', () => {
    const s = run([POOL, race()]);
    const pp = s.runner.machine.page_pool;
    const [a, b] = pp.st.bufs;
    expect(a!.pfn).not.toBe(b!.pfn);
    expect(pp.page(a!.pfn)!.ppBias).toBe(65534);
    expect(pp.page(b!.pfn)!.ppBias).toBe(65534);
    expect(s.report().findings).toEqual([]);
  });

  it('both loads before both stores: one page for two receivers and a lost decrement', () => {
    const s = run([POOL, race(LOST)]);
    const pp = s.runner.machine.page_pool;
    const [a, b] = pp.st.bufs;
    expect(a!.pfn).toBe(b!.pfn);
    expect(pp.refcount(a!.pfn)).toBe(65536);
    expect(pp.page(a!.pfn)!.ppBias).toBe(65534);
    expect(s.report().findings.map((f) => f.kind)).toEqual(['page_pool.shared_page']);
    // the lost store is seen in the log: two loads of the same value, two stores of the same value
    const log = s.runner.rec.log;
    const vals: number[] = [];
    for (let i = 0; i < log.length; i++) if (log.kindName(log.kindAt(i)) === 'page_pool.bias') vals.push(log.bAt(i));
    expect(vals.slice(-4)).toEqual([65535, 65535, 65534, 65534]);
  });

  it('the same shared page with the bias stores in order keeps the refcount right: the last user recycles, nothing is freed early', () => {
    const frames = (skb: string, buf: string, cpu: number) => [
      { op: 'napi_alloc_skb', skb, len: 128, cpu },
      { op: 'skb_add_rx_frag', skb, buf, size: 1500, cpu },
      { op: 'skb_mark_for_recycle', skb, cpu },
    ];
    const s = run([POOL, race(POP_LOST_BIAS_IN_ORDER), ...frames('x', 'a', 0), ...frames('y', 'b', 1), { op: 'consume_skb', skb: 'x' }, { op: 'expect_page', buf: 'a', refcount: 65535, pagecnt_bias: 65533, in_ring: 0 }, { op: 'consume_skb', skb: 'y', cpu: 1 }, { op: 'expect_page', buf: 'a', in_ring: 1, owners: [] }]);
    const rep = s.report();
    for (const e of rep.expectations) expect(e, e.message).toMatchObject({ pass: true });
    expect(rep.findings.map((f) => f.kind)).toEqual(['page_pool.shared_page']);
  });

  it('rejects an interleaving that reorders one CPU, a missing RFC and the same CPU twice', () => {
    const bad = open([POOL, race(['0:count_store', '0:count_load', ...LOST.filter((m) => m.startsWith('1:')), '0:bias_load', '0:bias_compute', '0:bias_store'])]);
    expect(bad.ok && bad.session.report().errors?.[0]).toMatchObject({ path: 'steps[1].during.interleave' });
    const norfc = open([{ op: 'page_pool_create', pool: 'rx', flags: ['PP_FLAG_DMA_MAP'] }, race()], {});
    expect(norfc.ok && norfc.session.report().errors?.[0]).toMatchObject({ path: 'steps[1].during' });
    const same = open([POOL, { ...race(), cpu: 1 }]);
    expect(same.ok && same.session.report().errors?.[0]).toMatchObject({ path: 'steps[1].during.cpu' });
  });
});
