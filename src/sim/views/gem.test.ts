// The GEM view of a VirtIO-GPU run: residency with the swap slots, the host attachment, and the lane's evictions and purges.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../scenario/session.ts';
import { gemView, shrinkerScans, slotRanges } from './gem.ts';

describe('the GEM view', () => {
  it('writes slots as hex ranges in page order', () => {
    expect(slotRanges([1, 2, 3, -1, 10, 12, 13])).toBe('0x1-0x3 0xa 0xc-0xd');
    expect(slotRanges([])).toBe('');
  });

  it('shows evicted objects as swapped with their slots, the host detached, and the scans\' evictions and purges', () => {
    const text = readFileSync(join(__dirname, '../../../scenarios/virtio-gpu-shmem-evict.json'), 'utf8');
    const r = Session.open(text);
    if (!r.ok) throw new Error('scenario does not open');
    const s = r.session;
    const scans = shrinkerScans(s.runner.rec);
    const evict = scans.find((x) => x.kind === 'evict')!;
    expect(scans.some((x) => x.kind === 'purge' && x.text.includes('virgl-bo.2'))).toBe(true);
    // at the mark "swap in": after the pressure, before the job swaps virgl-bo.0 back
    const log = s.runner.rec.log;
    let mark = -1;
    for (let i = 0; i < log.length && mark < 0; i++) if (log.payloadAt(i)?.label === 'swap in') mark = i;
    expect(mark).toBeGreaterThan(evict.event);
    s.seek(mark + 1);
    const v = gemView(s.runner.machine);
    const bo0 = v.objects.find((o) => o.name === 'virgl-bo.0')!;
    const bo1 = v.objects.find((o) => o.name === 'virgl-bo.1')!;
    expect(bo0).toMatchObject({ state: 'swapped', resident: 0, swapped: 256, slots: '0x1-0x100', evicted: true, detached: true, list: 'gem_shrinker->lru_evicted' });
    expect(bo1).toMatchObject({ state: 'swapped', resident: 0, cached: 223, swapped: 33, evicted: true });
    expect(v.objects.find((o) => o.name === 'scanout')).toMatchObject({ state: 'resident', resident: 128, list: 'gem_shrinker->lru_pinned', detached: false });
    expect(v.objects.find((o) => o.name === 'virgl-bo.2')).toMatchObject({ state: 'purged', resident: 0, swapped: 0 });
  });
});
