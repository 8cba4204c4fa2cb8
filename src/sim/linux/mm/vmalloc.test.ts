import { describe, expect, it } from 'vitest';
import { bootSys } from '../../machine/testing.ts';
import { PAGE_SIZE, PG_reserved } from '../include/linux/mm_types.ts';

describe('vmalloc areas (mm/vmalloc.c 2.6.25)', () => {
  it('places areas first fit with a guard page and maps each page to a buddy frame', () => {
    const { sys } = bootSys();
    const l = sys.k.layout;
    const a = sys.vmalloc.vmallocRange(3 * PAGE_SIZE + 1, l.modulesVaddr, l.modulesEnd, 'module text: a', true, 'test')!;
    const b = sys.vmalloc.vmallocRange(PAGE_SIZE, l.modulesVaddr, l.modulesEnd, 'module text: b', true, 'test')!;
    expect(a.addr).toBe(l.modulesVaddr);
    expect(a.size).toBe(4 * PAGE_SIZE);
    expect(b.addr).toBe(l.modulesVaddr + 5n * BigInt(PAGE_SIZE));
    expect(a.pages).toHaveLength(4);
    expect(sys.k.pages.ownerName(sys.k.pages.owner(a.pages[0]!))).toBe('module text: a');
    expect(sys.vmalloc.vmallocToPhys(a.addr + 0x1234n)).toBe(a.pages[1]! * PAGE_SIZE + 0x234);
    // the guard page is not mapped
    expect(sys.vmalloc.vmallocToPhys(a.addr + 4n * BigInt(PAGE_SIZE))).toBeNull();
    // a freed hole is reused
    expect(sys.vmalloc.vfree(a.addr)).toBe(true);
    expect(sys.k.pages.ownerName(sys.k.pages.owner(a.pages[0]!))).toBe('free');
    expect(sys.vmalloc.vmallocRange(PAGE_SIZE, l.modulesVaddr, l.modulesEnd, 'c', false, 'test')!.addr).toBe(l.modulesVaddr);
  });

  it('marks module text PageReserved with Ingo Molnar\'s hardening, and clears it on vfree', () => {
    const { sys } = bootSys({ patches: { text_poke_reserved_check: true } });
    const l = sys.k.layout;
    const a = sys.vmalloc.vmallocRange(PAGE_SIZE, l.modulesVaddr, l.modulesEnd, 'module text: a', true, 'test')!;
    expect(sys.k.pages.test(a.pages[0]!, PG_reserved)).toBe(true);
    sys.vmalloc.vfree(a.addr);
    expect(sys.k.pages.test(a.pages[0]!, PG_reserved)).toBe(false);
  });
});
