import { describe, expect, it } from 'vitest';
import { bootSys } from '../machine/testing.ts';
import { PAGE_SIZE } from '../linux/include/linux/mm_types.ts';
import { changedWords, memcheckCheck, memcheckFill } from './memcheck.ts';

describe("Jiri Slaby's pattern checker", () => {
  it('fills user pages with 0xff00aa00deadcc22, checks and frees them: alloced 0, freed 0', () => {
    const t = bootSys();
    const from = t.mark();
    memcheckFill(t.sys, 'testf', 3 * PAGE_SIZE, false);
    const m = t.sys.user.mapping('testf')!;
    expect(m.pages).toHaveLength(3);
    expect(t.sys.k.pages.ownerName(t.sys.k.pages.owner(m.pages[0]!))).toBe('user: testf');
    expect(t.sys.k.mem.readU64(m.pages[2]! * PAGE_SIZE + 8)).toEqual([0xdeadcc22, 0xff00aa00]);
    expect(memcheckCheck(t.sys, 'testf')).toEqual([]);
    expect(t.log(from)).toEqual(['alloced 0', 'freed 0']);
    expect(t.sys.user.mapping('testf')).toBeNull();
    expect(t.sys.k.pages.ownerName(t.sys.k.pages.owner(m.pages[0]!))).toBe('free');
    memcheckFill(t.sys, 'testf', PAGE_SIZE, false);
    expect(t.log(from)[2]).toBe('alloced 1');
  });

  it('prints WHAT THE HELL and the 100 words around the first changed one, and reports each', () => {
    const t = bootSys();
    memcheckFill(t.sys, 'testf', 4 * PAGE_SIZE, true);
    memcheckFill(t.sys, 'testf', 4 * PAGE_SIZE, false);
    const m = t.sys.user.mapping('testf')!;
    expect(m.length).toBe(8 * PAGE_SIZE);
    const off = 0x3ff8;
    const at = (o: number): number => m.pages[Math.floor(o / PAGE_SIZE)]! * PAGE_SIZE + (o % PAGE_SIZE);
    t.sys.k.memWrite(at(off), new Uint8Array([0xf0]), 'text_poke from alternatives_smp_lock, site 0xffffffff8803a1c4 in ath5k');
    t.sys.k.memWrite(at(off + 0x40), new Uint8Array([0xf0]), 'text_poke from alternatives_smp_lock, site 0xffffffff8803a204 in ath5k');
    expect(changedWords(t.sys, 'testf').map((w) => w.offset)).toEqual([off, off + 0x40]);
    const from = t.mark();
    memcheckCheck(t.sys, 'testf');
    const log = t.log(from);
    expect(log[0]).toBe('WHAT THE HELL (00003ff8):');
    // b runs from a - a % 10 for 100 words, ten a line
    const a = off / 8;
    const firstLine = Array.from({ length: 10 }, (_, i) => (a - (a % 10) + i === a ? 'ff00aa00deadccf0' : 'ff00aa00deadcc22'));
    expect(log[1]).toBe(firstLine.join(' ') + ' ');
    expect(log).toHaveLength(11);
    const f = t.rec.findings.filter((x) => x.kind === 'mm.user_corruption');
    expect(f).toHaveLength(2);
    expect(f[0]!.fields).toMatchObject({ task: 'testf', offset: '0x3ff8', found: 'ff00aa00deadccf0', expected: 'ff00aa00deadcc22', writer: 'text_poke from alternatives_smp_lock, site 0xffffffff8803a1c4 in ath5k' });
    // exit(1): the buffer is gone
    expect(t.sys.user.mapping('testf')).toBeNull();
  });
});
