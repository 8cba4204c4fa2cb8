import { describe, expect, it } from 'vitest';
import { bootSys } from '../machine/testing.ts';
import { frameHistory } from './frame_history.ts';

describe('frame history', () => {
  it('lists the stray text_poke writes into a frame with the byte before and after, the site and the owner', () => {
    const t = bootSys({ cpus: 1 });
    t.sys.modules.load('ath5k', 16384, [0x40]);
    // the module's site 0xffffffff88000040: __pa() of it is physical 0x08000040, frame 0x8000
    const h = frameHistory(t.rec, t.rec.pos, 0x8000);
    const pokes = h.filter((w) => w.site !== undefined);
    expect(pokes).toHaveLength(1);
    const w = pokes[0]!;
    expect(w.kind).toBe('alt.text_poke');
    expect(w.offset).toBe(0x40);
    expect(w.len).toBe(1);
    // 2.6.25 alternatives_smp_unlock() writes K8_NOP1
    expect(w.new).toBe(0x90);
    expect(w.old).toBeTypeOf('number');
    expect(w.site).toBe('0xffffffff88000040');
    expect(w.stray).toBe(true);
    expect(w.frameOwner).toBe('free');
    expect(w.writer).toBe('text_poke from alternatives_smp_unlock, site 0xffffffff88000040 in ath5k');
  });

  it('stops before the event it is given', () => {
    const t = bootSys({ cpus: 1 });
    t.sys.modules.load('ath5k', 16384, [0x40]);
    const all = frameHistory(t.rec, t.rec.pos, 0x8000);
    const poke = all.find((w) => w.site !== undefined)!;
    expect(frameHistory(t.rec, poke.event, 0x8000).some((w) => w.site !== undefined)).toBe(false);
    expect(frameHistory(t.rec, poke.event + 1, 0x8000)).toEqual(all.filter((w) => w.event <= poke.event));
  });
});
