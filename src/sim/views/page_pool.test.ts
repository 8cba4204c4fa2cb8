import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from '../scenario/session.ts';
import { runInfo } from './registry.ts';
import { pagePoolView } from './page_pool.ts';

function open(name: string): Session {
  const r = Session.open(readFileSync(join(__dirname, `../../../scenarios/${name}.json`), 'utf8'));
  if (!r.ok) throw new Error('bad scenario');
  return r.session;
}

describe('page_pool view', () => {
  it('at the second return: the page marked, its counts, who still uses it, and both puts in its history', () => {
    const s = open('page-pool-coalesce-frag-return');
    const f = s.rec.findings.find((x) => x.kind === 'page_pool.double_recycle')!;
    s.seek(f.event + 1);
    const v = pagePoolView(s.runner.machine, s.rec, f.event + 1);
    const page = v.pages.find((p) => p.page === f.fields.page)!;
    expect(page).toMatchObject({ doubleRecycled: true, refcount: 2, ppFragCount: '1', ppMagic: '0xdead000000000040', pool: 'rx0' });
    expect(page.owners).toEqual(['rx:B2']);
    const puts = page.history.filter((h) => h.kind === 'page_pool.put');
    expect(puts.map((h) => h.text)).toEqual([expect.stringContaining('put by SKB2'), expect.stringContaining('put by SKB1')]);
    // after the step, the page has left the pool
    s.seek(s.total);
    const end = pagePoolView(s.runner.machine, s.rec, s.total);
    const gone = end.pages.find((p) => p.page === f.fields.page)!;
    expect(gone).toMatchObject({ pool: null, ppMagic: '0x0000000000000000', dmaAddr: '0x0000000000000000', refcount: 0 });
    expect(gone.history.some((h) => h.kind === 'page_pool.release')).toBe(true);
  });

  it('shows the ring slot by slot and the live skbs', () => {
    const s = open('page-pool-coalesce-frag-return-fixed');
    s.seek(s.total);
    const v = pagePoolView(s.runner.machine, s.rec, s.total);
    const rx0 = v.pools.find((p) => p.name === 'rx0')!;
    expect(rx0.flags).toEqual(['PP_FLAG_DMA_MAP', 'PP_FLAG_DMA_SYNC_DEV', 'PP_FLAG_PAGE_FRAG']);
    expect(rx0.ring.map((r) => r.index)).toEqual(rx0.ring.map((_, i) => i));
    expect(rx0.ring.length).toBe(2);
    expect(v.pages.every((p) => !p.doubleRecycled)).toBe(true);
    expect(v.skbs).toEqual([]);
    expect(runInfo(s).pagePool).toBe(true);
  });

  it('the RFC run: the page twice in the ring at its second recycle, then the receivers that share it', () => {
    const s = open('page-pool-frag-double-recycle');
    const f = s.rec.findings.find((x) => x.kind === 'page_pool.double_recycle')!;
    const pfn = Number.parseInt(String(f.fields.pfn), 16);
    const recycles: number[] = [];
    for (let i = 0; i < s.rec.log.length; i++) {
      const e = s.rec.log.get(i);
      if (e.kind === 'page_pool.recycle' && Math.floor(e.a / 4096) === pfn) recycles.push(e.index);
    }
    expect(recycles.length).toBe(2);
    const at = recycles[1]! + 1;
    s.seek(at);
    const v = pagePoolView(s.runner.machine, s.rec, at);
    const rx1 = v.pools.find((p) => p.name === 'rx1')!;
    expect(rx1.ring.map((r) => r.page)).toEqual([f.fields.page, f.fields.page]);
    expect(v.pages.find((p) => p.page === f.fields.page)).toMatchObject({ inRing: 2, refcount: 1, pagecntBias: 0, doubleRecycled: true });
    s.seek(s.total);
    const end = pagePoolView(s.runner.machine, s.rec, s.total);
    expect(end.pages.find((p) => p.page === f.fields.page)!.owners).toEqual(['rx:E1', 'rx:E2', 'rx:E3']);
    // Duyck's page on the PAGECNT_BIAS pool: the bias of pp_info, recycled once
    const page1 = end.pages.find((p) => p.pool === 'rx0' && p.inRing === 1)!;
    expect(page1).toMatchObject({ refcount: 65534, pagecntBias: 65533, doubleRecycled: false });
  });

  it('is not offered for runs without a pool', () => {
    const s = open('slub-double-free');
    expect(runInfo(s).pagePool).toBeUndefined();
  });
});
