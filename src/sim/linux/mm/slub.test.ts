// The SLUB model: allocation order, poisoning and auto-init, reports in the kernel's layout,
// lib/slub_kunit.c's cases with its slab_errors counts, and determinism.
import { describe, expect, it } from 'vitest';
import { allocPagesOp } from '../include/linux/gfp.ts';
import { F_SLAB_INUSE, PAGE_SIZE, PG_head, PG_slab, PG_tail } from '../include/linux/mm_types.ts';
import type { KmemCache } from './slab.ts';
import { printHexDump, printSection2625 } from './slub_print.ts';
import { bootTest, type TestMachine } from './slub_testing.ts';

/** lib/slub_kunit.c's test_kmem_cache_create(): the command line's slub_debug does not apply. */
function kunitCache(m: TestMachine, name: string, size: number, flags: string[]): KmemCache {
  return m.slub.kmemCacheCreate(name, size, 0, [...flags, 'SLAB_NO_USER_FLAGS']);
}

/** Direct-map address without 0x, as %p prints it with no_hash_pointers. */
function p(m: TestMachine, phys: number): string {
  return m.k.va(phys).slice(2);
}

describe('allocation', () => {
  it('boot prints the SLUB line; slub_debug turns pointer hashing off first', () => {
    const plain = bootTest().log();
    expect(plain).toContain('SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=2, Nodes=1');
    expect(plain.some((l) => l.includes('NOTICE'))).toBe(false);
    const dbg = bootTest({ cmdline: 'slub_debug=FZPU slub_max_order=2', cpus: 4 }).log();
    const notice = dbg.indexOf('**   NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE   **');
    expect(notice).toBeGreaterThan(0);
    expect(dbg[notice - 1]).toBe('**********************************************************');
    expect(dbg.indexOf('SLUB: HWalign=64, Order=0-2, MinObjects=0, CPUs=4, Nodes=1')).toBeGreaterThan(notice);
    expect(bootTest({ kernel: '2.6.25' }).log()).toContain('SLUB: Genslabs=13, HWalign=64, Order=0-3, MinObjects=4, CPUs=2, Nodes=1');
    // no_hash_pointers on the command line prints the notice once, early
    const nh = bootTest({ cmdline: 'no_hash_pointers slub_debug' }).log();
    expect(nh.filter((l) => l === '** This system shows unhashed kernel memory addresses   **').length).toBe(1);
  });

  it('kmalloc() picks the cache by size like kmalloc_slab(); big requests go to the page allocator', () => {
    const m = bootTest();
    const cacheOf = (n: number) => m.slub.slabObject(m.slub.kmalloc(n)!)!.cache;
    expect([1, 8, 9, 16, 24, 33, 64, 65, 96, 97, 128, 129, 192, 193, 256, 1000, 2048, 4097, 8192].map(cacheOf)).toEqual([
      'kmalloc-8', 'kmalloc-8', 'kmalloc-16', 'kmalloc-16', 'kmalloc-32', 'kmalloc-64', 'kmalloc-64', 'kmalloc-96', 'kmalloc-96', 'kmalloc-128', 'kmalloc-128',
      'kmalloc-192', 'kmalloc-192', 'kmalloc-256', 'kmalloc-256', 'kmalloc-1k', 'kmalloc-2k', 'kmalloc-8k', 'kmalloc-8k',
    ]);
    const big = m.slub.kmalloc(20000)!;
    expect(m.slub.slabObject(big)).toBeNull();
    expect(m.k.pages.test(big / PAGE_SIZE, PG_head)).toBe(true);
    expect(m.k.pages.ownerName(m.k.pages.owner(big / PAGE_SIZE))).toBe('kmalloc (large)');
    const free = m.k.buddy.nrFreePages;
    m.slub.kfree(big);
    expect(m.k.buddy.nrFreePages).toBe(free + 8);
    expect(m.slub.kmalloc(0)).toBeNull();
  });

  it('a fresh slab hands out objects in ascending order; frees are LIFO', () => {
    const m = bootTest();
    const s = m.slub.kmemCacheCreate('demo', 100, 8, ['SLAB_NO_MERGE']);
    const a = m.slub.kmemCacheAlloc(s)!;
    const b = m.slub.kmemCacheAlloc(s)!;
    const c = m.slub.kmemCacheAlloc(s)!;
    expect([b - a, c - b]).toEqual([s.size, s.size]);
    expect(a % PAGE_SIZE).toBe(0);
    m.slub.kmemCacheFree(s, b);
    m.slub.kmemCacheFree(s, a);
    expect(m.slub.kmemCacheAlloc(s)).toBe(a);
    expect(m.slub.kmemCacheAlloc(s)).toBe(b);
    expect(m.slub.kmemCacheAlloc(s)).toBe(c + s.size);
  });

  it('free pointers are stored as little-endian direct-map addresses', () => {
    const m = bootTest();
    const s = m.slub.kmemCacheCreate('fp', 64, 8, ['SLAB_NO_MERGE']);
    const a = m.slub.kmemCacheAlloc(s)!;
    const b = m.slub.kmemCacheAlloc(s)!;
    m.slub.kmemCacheFree(s, b);
    m.slub.kmemCacheFree(s, a);
    const want = BigInt(m.k.va(b));
    const bytes = Array.from({ length: 8 }, (_, i) => Number((want >> BigInt(8 * i)) & 0xffn).toString(16).padStart(2, '0')).join(' ');
    expect(m.hexAt(a + s.offset, 8)).toBe(bytes);
    expect(bytes.endsWith('80 88 ff ff')).toBe(true);
  });

  it('slabs are compound pages marked PG_slab and owned by slab:<cache>; empty slabs go back to the buddy allocator', () => {
    const m = bootTest({ kconfig: { CONFIG_SLUB_CPU_PARTIAL: true } });
    const s = m.slub.kmemCacheCreate('big', 3000, 8, ['SLAB_NO_MERGE']);
    expect([s.order, s.objects, s.minPartial, s.cpuPartialSlabs]).toEqual([3, 10, 5, 5]);
    const free0 = m.k.buddy.nrFreePages;
    const objs: number[] = [];
    for (let i = 0; i < s.objects * 8; i++) objs.push(m.slub.kmemCacheAlloc(s)!);
    const pfn = objs[0]! / PAGE_SIZE;
    expect(m.k.pages.test(pfn, PG_slab) && m.k.pages.test(pfn, PG_head) && m.k.pages.test(pfn + 1, PG_tail)).toBe(true);
    expect(m.k.pages.ownerName(m.k.pages.owner(pfn + 1))).toBe('slab:big');
    expect(s.nrSlabs).toBe(8);
    expect(m.k.buddy.nrFreePages).toBe(free0 - 8 * (1 << s.order));
    for (const o of objs) m.slub.kmemCacheFree(s, o);
    // the CPU slab, a CPU partial list of 5 slabs and the node's partial list keep them all:
    // empty slabs are discarded only while min_partial (5) slabs are already on the node list
    expect(s.nrSlabs).toBe(8);
    expect(s.nrPartial).toBe(5);
    m.slub.kmemCacheDestroy(s);
    expect(m.k.buddy.nrFreePages).toBe(free0);
    expect(m.slub.findCache('big')).toBeNull();
    expect(m.rec.findings).toEqual([]);
  });

  it('each CPU allocates from its own slab', () => {
    const m = bootTest();
    const s = m.slub.kmemCacheCreate('percpu', 64, 8, ['SLAB_NO_MERGE']);
    const a = m.as('a', 0, () => m.slub.kmemCacheAlloc(s)!);
    const b = m.as('b', 1, () => m.slub.kmemCacheAlloc(s)!);
    expect(Math.floor(a / PAGE_SIZE)).not.toBe(Math.floor(b / PAGE_SIZE));
    // a free from the other CPU goes to the slab's own freelist, which CPU 0 takes over later
    m.as('b', 1, () => m.slub.kmemCacheFree(s, a));
    expect(m.as('a', 0, () => m.slub.kmemCacheAlloc(s))).toBe(a + s.size);
  });
});

describe('cache merging (find_mergeable)', () => {
  it('with CONFIG_SLAB_MERGE_DEFAULT=y a plain cache of a kmalloc size becomes an alias of the kmalloc cache', () => {
    const m = bootTest({ kconfig: { CONFIG_SLAB_MERGE_DEFAULT: true } });
    const s = m.slub.kmemCacheCreate('foo', 60, 8, []);
    expect(s.name).toBe('kmalloc-64');
    expect(s.aliases).toEqual(['foo']);
    expect(m.slub.findCache('foo')).toBe(s);
    expect(m.slub.kmemCacheCreate('bar', 64, 8, ['SLAB_NO_MERGE']).name).toBe('bar');
    m.slub.kmemCacheDestroy(s);
    expect(m.slub.findCache('foo')).toBeNull();
    expect(m.slub.findCache('kmalloc-64')!.aliases).toEqual([]);
  });

  it('debug flags, slab_nomerge and CONFIG_SLAB_MERGE_DEFAULT=n (the default here) keep caches apart', () => {
    const merge = { CONFIG_SLAB_MERGE_DEFAULT: true };
    expect(bootTest({ kconfig: merge }).slub.kmemCacheCreate('foo', 64, 8, []).name).toBe('kmalloc-64');
    expect(bootTest({ cmdline: 'slub_debug=FZPU', kconfig: merge }).slub.kmemCacheCreate('foo', 64, 8, []).name).toBe('foo');
    expect(bootTest({ cmdline: 'slab_nomerge', kconfig: merge }).slub.kmemCacheCreate('foo', 64, 8, []).name).toBe('foo');
    expect(bootTest({ kconfig: { CONFIG_SLAB_MERGE_DEFAULT: false } }).slub.kmemCacheCreate('foo', 64, 8, []).name).toBe('foo');
    expect(bootTest({ kconfig: merge }).slub.kmemCacheCreate('rcu', 64, 8, ['SLAB_TYPESAFE_BY_RCU']).name).toBe('rcu');
  });
});

describe('poisoning and memory auto-init (seed 000)', () => {
  const SECRET = '73 65 63 72 65 74 21 00';
  function freedObject(o: { cmdline?: string; kconfig?: Record<string, boolean> }, flags: string[] = ['SLAB_NO_MERGE']) {
    const m = bootTest(o);
    const s = m.slub.kmemCacheCreate('victim', 64, 8, flags);
    const a = m.slub.kmemCacheAlloc(s)!;
    m.k.memWrite(a, Uint8Array.from(SECRET.split(' ').map((h) => parseInt(h, 16))), 'test');
    m.slub.kmemCacheFree(s, a);
    return { m, s, a };
  }

  it('slub_debug=P: the freed object is 6b ... a5', () => {
    const { m, a } = freedObject({ cmdline: 'slub_debug=P' });
    expect(m.hexAt(a, 64)).toBe(`${'6b '.repeat(63)}a5`);
  });

  it('init_on_free=1: the freed object is zero except the free pointer in its middle', () => {
    const { m, s, a } = freedObject({ cmdline: 'init_on_free=1' });
    expect(s.offset).toBe(32);
    expect(m.hexAt(a, 32)).toBe(Array(32).fill('00').join(' '));
    expect(m.hexAt(a + 40, 24)).toBe(Array(24).fill('00').join(' '));
  });

  it('neither: the stale data stays', () => {
    const { m, a } = freedObject({});
    expect(m.hexAt(a, 8)).toBe(SECRET);
  });

  it('SLAB_POISON takes precedence over init_on_free, and RCU caches are never zeroed', () => {
    const p = freedObject({ cmdline: 'slub_debug=FZP init_on_free=1 init_on_alloc=1' });
    expect(p.m.hexAt(p.a, 4)).toBe('6b 6b 6b 6b');
    const rcu = freedObject({ cmdline: 'init_on_free=1' }, ['SLAB_TYPESAFE_BY_RCU']);
    expect(rcu.m.hexAt(rcu.a, 8)).toBe(SECRET);
  });

  it('init_on_alloc=1 zeroes a new object; with slub_debug=P it is poisoned instead', () => {
    const m = bootTest({ cmdline: 'init_on_alloc=1' });
    const s = m.slub.kmemCacheCreate('x', 64, 8, ['SLAB_NO_MERGE']);
    const a = m.slub.kmemCacheAlloc(s)!;
    m.k.memFill(a, 64, 0x41, 'test');
    m.slub.kmemCacheFree(s, a);
    expect(m.slub.kmemCacheAlloc(s)).toBe(a);
    expect(m.hexAt(a, 64)).toBe(Array(64).fill('00').join(' '));
    const d = bootTest({ cmdline: 'init_on_alloc=1 slub_debug=P' });
    const b = d.slub.kmalloc(64)!;
    expect(d.hexAt(b, 4)).toBe('6b 6b 6b 6b');
  });

  it('kmalloc caches with a red zone are zeroed only up to the request', () => {
    // zero_size is the request as soon as Z or U is on, even without the stored size of U:
    // bytes 20..23 keep the upper half of the free pointer that setup_object() left there
    const m = bootTest({ cmdline: 'init_on_alloc=1 slub_debug=Z' });
    const a = m.slub.kmalloc(20)!;
    expect(m.hexAt(a + 16, 8)).toBe('00 00 00 00 80 88 ff ff');
    // no SLAB_STORE_USER: no orig_size, so the whole object is zeroed
    const u = bootTest({ cmdline: 'init_on_alloc=1 slub_debug=ZU' });
    const b = u.slub.kmalloc(20)!;
    expect(u.hexAt(b + 16, 8)).toBe('00 00 00 00 cc cc cc cc');
  });

  it('6.8 clears the stored kmalloc size on free with init_on_free and slub_debug=ZU: a false report follows', () => {
    const m = bootTest({ cmdline: 'init_on_free=1 slub_debug=FZU' });
    const a = m.slub.kmalloc(20)!;
    m.slub.kfree(a);
    expect(m.rec.findings.map((f) => f.title)).toEqual(['BUG kmalloc-32 (Not tainted): kmalloc Redzone overwritten']);
    const fixed = bootTest({ cmdline: 'init_on_free=1 slub_debug=FZU', patches: { 'slub-init-on-free-orig-size': true } });
    fixed.slub.kfree(fixed.slub.kmalloc(20)!);
    expect(fixed.rec.findings).toEqual([]);
  });
});

describe('lib/slub_kunit.c (6.8) with the kernel\'s slab_errors counts', () => {
  for (const cmdline of ['', 'slub_debug=FZPU']) {
    describe(cmdline || 'no slub_debug', () => {
      it('test_clobber_zone: a write one past the object is a Right Redzone report and its fix', () => {
        const m = bootTest({ cmdline });
        const s = kunitCache(m, 'TestSlub_RZ_alloc', 64, ['SLAB_RED_ZONE']);
        const obj = m.slub.kmemCacheAlloc(s)!;
        m.k.memWrite(obj + 64, Uint8Array.of(0x12), 'test');
        m.slub.validateSlabCache(s);
        expect(m.slub.slabErrors).toBe(2);
        m.slub.kmemCacheFree(s, obj);
        m.slub.kmemCacheDestroy(s);
        expect(m.slub.slabErrors).toBe(2);
      });

      it('test_next_pointer: a corrupted free pointer costs 3 errors, then 2, then none', () => {
        const m = bootTest({ cmdline });
        const s = kunitCache(m, 'TestSlub_next_ptr_free', 64, ['SLAB_POISON']);
        const obj = m.slub.kmemCacheAlloc(s)!;
        m.slub.kmemCacheFree(s, obj);
        const saved = new Uint8Array(8);
        m.k.mem.read(obj + s.offset, saved);
        m.k.memWrite(obj + s.offset, Uint8Array.of(~saved[0]! & 0xff), 'test');
        m.slub.validateSlabCache(s);
        expect(m.slub.slabErrors).toBe(3);
        expect(m.rec.findings.map((f) => f.kind)).toEqual(['slub.freepointer_corrupt', 'slub.wrong_object_count']);
        const log = m.log();
        expect(log).toContain('BUG TestSlub_next_ptr_free (Not tainted): Freechain corrupt');
        expect(log).toContain('BUG TestSlub_next_ptr_free (Tainted: G    B             ): Wrong object count. Counter is 0 but counted were 55');
        expect(log.at(-1)).toBe('FIX TestSlub_next_ptr_free: Object count adjusted');
        m.k.memWrite(obj + s.offset, saved, 'test');
        m.slub.slabErrors = 0;
        m.slub.validateSlabCache(s);
        expect(m.slub.slabErrors).toBe(2);
        m.slub.slabErrors = 0;
        m.slub.validateSlabCache(s);
        expect(m.slub.slabErrors).toBe(0);
        m.slub.kmemCacheDestroy(s);
      });

      it('test_first_word and test_clobber_50th_byte: writes to a freed poisoned object', () => {
        for (const [name, off, v] of [['TestSlub_1th_word_free', 0, 0x78], ['TestSlub_50th_word_free', 50, 0x9a]] as const) {
          const m = bootTest({ cmdline });
          const s = kunitCache(m, name, 64, ['SLAB_POISON']);
          const obj = m.slub.kmemCacheAlloc(s)!;
          m.slub.kmemCacheFree(s, obj);
          m.k.memWrite(obj + off, Uint8Array.of(v), 'test');
          m.slub.validateSlabCache(s);
          expect(m.slub.slabErrors).toBe(2);
          expect(m.rec.findings.map((f) => f.kind)).toEqual(['slub.poison_overwritten']);
          expect(m.hexAt(obj + off, 1)).toBe('6b');
        }
      });

      it('test_clobber_redzone_free', () => {
        const m = bootTest({ cmdline });
        const s = kunitCache(m, 'TestSlub_RZ_free', 64, ['SLAB_RED_ZONE']);
        const obj = m.slub.kmemCacheAlloc(s)!;
        m.slub.kmemCacheFree(s, obj);
        m.k.memWrite(obj + 64, Uint8Array.of(0xab), 'test');
        m.slub.validateSlabCache(s);
        expect(m.slub.slabErrors).toBe(2);
        expect(m.hexAt(obj + 64, 1)).toBe('bb');
      });

      it('test_kmalloc_redzone_access: kmalloc_trace(s, 18) leaves 18..31 as the kmalloc red zone', () => {
        const m = bootTest({ cmdline });
        const s = kunitCache(m, 'TestSlub_RZ_kmalloc', 32, ['SLAB_KMALLOC', 'SLAB_STORE_USER', 'SLAB_RED_ZONE']);
        const obj = m.slub.kmalloc(18, s)!;
        expect(m.hexAt(obj + 16, 16)).toBe(`00 00 ${'cc '.repeat(13)}cc`);
        m.k.memWrite(obj + 18, Uint8Array.of(0xab, 0xab), 'test');
        m.slub.validateSlabCache(s);
        expect(m.slub.slabErrors).toBe(2);
        expect(m.rec.findings[0]!.fields).toMatchObject({ what: 'kmalloc Redzone', found: '0xab', expected: '0xcc', start: m.k.va(obj + 18), end: m.k.va(obj + 19) });
        m.slub.kmemCacheFree(s, obj);
        m.slub.kmemCacheDestroy(s);
        expect(m.slub.slabErrors).toBe(2);
      });
    });
  }
});

describe('reports in the 6.8 layout', () => {
  it('Right Redzone overwritten: banner, range, tracks, slab, object and hexdumps', () => {
    const m = bootTest({ cmdline: 'slub_debug=FZPU' });
    const s = m.slub.kmemCacheCreate('TestSlub_RZ_alloc', 64, 8, ['SLAB_RED_ZONE']);
    const obj = m.as('kunit_try_catch', 0, () => m.slub.kmemCacheAlloc(s)!);
    const slab = Math.floor(obj / PAGE_SIZE) * PAGE_SIZE;
    m.k.memWrite(obj + 64, Uint8Array.of(0x12), 'test');
    const from = m.mark();
    m.as('kunit_try_catch', 0, () => m.slub.validateSlabCache(s));
    const log = m.log(from);
    expect(log.slice(0, 5)).toEqual([
      '=============================================================================',
      'BUG TestSlub_RZ_alloc (Not tainted): Right Redzone overwritten',
      '-----------------------------------------------------------------------------',
      '',
      `0x${p(m, obj + 64)}-0x${p(m, obj + 64)} @offset=${obj + 64 - slab}. First byte 0x12 instead of 0xcc`,
    ]);
    expect(log[5]).toMatch(/^Allocated in test_clobber_zone\+0x[0-9a-f]+\/0x[0-9a-f]+ \[slub_kunit\] age=\d+ cpu=0 pid=\d+$/);
    expect(log[6]).toMatch(/^ ___slab_alloc\+0x[0-9a-f]+\/0x[0-9a-f]+$/);
    expect(log[7]).toMatch(/^ kmem_cache_alloc\+/);
    expect(log.some((l) => l.startsWith('Freed in'))).toBe(false);
    const slabLine = log.findIndex((l) => l.startsWith('Slab 0x'));
    expect(log[slabLine]).toMatch(/^Slab 0xffffea[0-9a-f]{10} objects=25 used=1 fp=0xffff8880[0-9a-f]{8} flags=0x1[0-9a-f]*\(workingset\|slab\|node=0\|zone=1\)$/);
    expect(log.slice(slabLine + 1, slabLine + 4)).toEqual([
      `Object 0x${p(m, obj)} @offset=${obj - slab} fp=0x${p(m, obj + s.size)}`,
      '',
      `Redzone  ${p(m, obj - 8)}: ${'cc cc cc cc cc cc cc cc'.padEnd(49)}........`,
    ]);
    expect(log[slabLine + 4]).toBe(`Object   ${p(m, obj)}: 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b  kkkkkkkkkkkkkkkk`);
    expect(log[slabLine + 7]).toBe(`Object   ${p(m, obj + 48)}: 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b a5  kkkkkkkkkkkkkkk.`);
    expect(log[slabLine + 8]).toBe(`Redzone  ${p(m, obj + 64)}: ${'12 cc cc cc cc cc cc cc'.padEnd(49)}........`);
    expect(log[slabLine + 9]).toBe(`Padding  ${p(m, obj + 144)}: ${'5a 5a 5a 5a 5a 5a 5a 5a'.padEnd(49)}ZZZZZZZZ`);
    expect(log.slice(slabLine + 10, slabLine + 15)).toEqual([
      'CPU: 0 PID: 100 Comm: kunit_try_catch Not tainted 6.8.12-amd64 #1',
      'Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.3-debian-1.16.3-2 04/01/2014',
      'Call Trace:',
      ' <TASK>',
      expect.stringMatching(/^ dump_stack_lvl\+/),
    ]);
    expect(log.slice(-3)).toEqual([' </TASK>', 'Disabling lock debugging due to kernel taint', `FIX TestSlub_RZ_alloc: Restoring Right Redzone 0x${p(m, obj + 64)}-0x${p(m, obj + 64)}=0xcc`]);
    const f = m.rec.findings[0]!;
    expect(f).toMatchObject({ kind: 'slub.redzone_overwritten', title: 'BUG TestSlub_RZ_alloc (Not tainted): Right Redzone overwritten' });
    expect(f.fields).toMatchObject({ cache: 'TestSlub_RZ_alloc', addr: m.k.va(obj + 64), object: m.k.va(obj), found: '0x12', expected: '0xcc', offset: obj + 64 - slab });
    // the next report says the kernel is tainted
    m.k.memWrite(obj + 64, Uint8Array.of(0x13), 'test');
    m.slub.validateSlabCache(s);
    expect(m.log()).toContain('BUG TestSlub_RZ_alloc (Tainted: G    B             ): Right Redzone overwritten');
    expect(m.log().filter((l) => l === 'Disabling lock debugging due to kernel taint').length).toBe(1);
  });

  it('without slub_debug= on the command line, %p prints hashed ids', () => {
    const m = bootTest();
    const s = kunitCache(m, 'TestSlub_RZ_alloc', 64, ['SLAB_RED_ZONE']);
    const obj = m.slub.kmemCacheAlloc(s)!;
    m.k.memWrite(obj + 64, Uint8Array.of(0x12), 'test');
    m.slub.validateSlabCache(s);
    const log = m.log();
    expect(log.find((l) => l.startsWith('Object 0x'))).toMatch(/^Object 0x00000000[0-9a-f]{8} @offset=\d+ fp=0x00000000[0-9a-f]{8}$/);
    expect(log.find((l) => l.startsWith('Redzone  '))).toMatch(/^Redzone  00000000[0-9a-f]{8}: cc cc/);
    // the finding keeps the real address
    expect(m.rec.findings[0]!.fields['addr']).toBe(m.k.va(obj + 64));
  });

  it('Poison overwritten is found when the object is allocated again (use after free)', () => {
    const m = bootTest({ cmdline: 'slub_debug=FZPU' });
    const a = m.as('kworker/0:1', 0, () => m.slub.kmalloc(64)!);
    m.as('kworker/0:1', 0, () => m.slub.kfree(a));
    m.k.memWrite(a + 16, Uint8Array.of(1), 'stale pointer');
    expect(m.rec.findings).toEqual([]);
    const b = m.as('kworker/0:2', 0, () => m.slub.kmalloc(64)!);
    expect(b).not.toBe(a);
    const log = m.log();
    expect(log).toContain('BUG kmalloc-64 (Not tainted): Poison overwritten');
    expect(log).toContain(`0x${p(m, a + 16)}-0x${p(m, a + 16)} @offset=${(a % PAGE_SIZE) + 16}. First byte 0x1 instead of 0x6b`);
    expect(log.some((l) => /^Freed in test_clobber_zone\+.* cpu=0 pid=\d+$/.test(l))).toBe(true);
    expect(log.slice(-2)).toEqual([`FIX kmalloc-64: Restoring Poison 0x${p(m, a + 16)}-0x${p(m, a + 16)}=0x6b`, 'FIX kmalloc-64: Marking all objects used']);
    expect(m.slub.slabErrors).toBe(3);
  });

  it('double free: Object already free while the slab has other objects; the inuse check when it has none', () => {
    const m = bootTest({ cmdline: 'slub_debug=FZPU' });
    const a = m.slub.kmalloc(100)!;
    m.slub.kmalloc(100);
    m.slub.kfree(a);
    m.slub.kfree(a);
    expect(m.log()).toContain('BUG kmalloc-128 (Not tainted): Object already free');
    expect(m.log().at(-1)).toBe(`FIX kmalloc-128: Object at 0x${p(m, a)} not freed`);
    expect(m.rec.findings.map((f) => f.kind)).toEqual(['slub.double_free']);
    expect(m.slub.slabErrors).toBe(2);
    const n = bootTest({ cmdline: 'slub_debug=FZPU' });
    const x = n.slub.kmalloc(100)!;
    n.slub.kfree(x);
    n.slub.kfree(x);
    expect(n.log()).toContain('BUG kmalloc-128 (Not tainted): Slab has 0 allocated objects but 1 are to be freed');
    expect(n.rec.findings.map((f) => f.kind)).toEqual(['slub.double_free']);
  });

  it('without debugging a double free links the object to itself: two owners get it', () => {
    const m = bootTest();
    const s = m.slub.kmemCacheCreate('demo', 128, 8, ['SLAB_NO_MERGE']);
    const o = m.slub.kmemCacheAlloc(s)!;
    m.slub.kmemCacheFree(s, o);
    m.slub.kmemCacheFree(s, o);
    expect(m.slub.kmemCacheAlloc(s)).toBe(o);
    expect(m.slub.kmemCacheAlloc(s)).toBe(o);
    expect(m.rec.findings).toEqual([]);
  });

  it('invalid frees: a pointer inside an object, a page that is not a slab, the wrong cache', () => {
    const m = bootTest({ cmdline: 'slub_debug=FZPU' });
    const a = m.slub.kmalloc(100)!;
    m.slub.kfree(a + 8);
    expect(m.log()).toContain(`BUG kmalloc-128 (Not tainted): Invalid object pointer 0x${p(m, a + 8)}`);
    expect(m.log().at(-1)).toBe(`FIX kmalloc-128: Object at 0x${p(m, a + 8)} not freed`);
    const pfn = allocPagesOp(m, 0)!;
    const from = m.mark();
    m.slub.kfree(pfn * PAGE_SIZE);
    const warn = m.log(from);
    expect(warn[0]).toBe('------------[ cut here ]------------');
    expect(warn[1]).toMatch(/^WARNING: CPU: 0 PID: 0 at free_large_kmalloc\+0x[0-9a-f]+\/0x[0-9a-f]+$/);
    expect(warn.at(-1)).toBe(`object pointer: 0x${p(m, pfn * PAGE_SIZE)}`);
    const foo = m.slub.kmemCacheCreate('foo', 128, 8, []);
    m.slub.kmemCacheFree(foo, a);
    expect(m.log()).toContain('cache_from_obj: Wrong slab cache. foo but object is from kmalloc-128');
    expect(m.rec.findings.map((f) => f.kind)).toEqual(['slub.invalid_free', 'slub.invalid_free', 'slub.invalid_free']);
    // the object was freed to the cache it really belongs to
    expect(m.slub.slabObject(a)!.allocated).toBe(false);
  });

  it('slab padding overwritten: slab_pad_check() dumps the padding and restores it', () => {
    const m = bootTest();
    const s = kunitCache(m, 'TestSlub_pad', 64, ['SLAB_POISON']);
    const obj = m.slub.kmemCacheAlloc(s)!;
    const slab = Math.floor(obj / PAGE_SIZE) * PAGE_SIZE;
    expect(s.objects * s.size).toBe(4032);
    m.k.memWrite(slab + 4042, Uint8Array.of(0x6b, 0x6b), 'test');
    m.slub.validateSlabCache(s);
    const log = m.log();
    const bug = log.findIndex((l) => l.startsWith('BUG TestSlub_pad'));
    expect(log[bug]).toMatch(/^BUG TestSlub_pad \(Not tainted\): Padding overwritten\. 0x00000000[0-9a-f]{8}-0x00000000[0-9a-f]{8} @offset=4042$/);
    const dump = log.filter((l) => l.startsWith('Padding '));
    expect(dump.length).toBe(4);
    expect(dump[0]).toMatch(/^Padding 00000000[0-9a-f]{8}: 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 6b 6b 5a 5a 5a 5a  ZZZZZZZZZZkkZZZZ$/);
    expect(log.at(-1)).toMatch(/^FIX TestSlub_pad: Restoring slab padding 0x[0-9a-f]{16}-0x[0-9a-f]{16}=0x5a$/);
    expect(m.hexAt(slab + 4042, 2)).toBe('5a 5a');
    expect(m.rec.findings[0]).toMatchObject({ kind: 'slub.padding_overwritten', fields: { offset: 4042, found: '0x6b', expected: '0x5a' } });
    expect(m.slub.slabErrors).toBe(2);
  });

  it('wrong object count when slab->inuse is off', () => {
    const m = bootTest({ cmdline: 'slub_debug=FZPU' });
    const a = m.slub.kmalloc(64)!;
    const pfn = Math.floor(a / PAGE_SIZE);
    m.k.pages.set(pfn, F_SLAB_INUSE, 3);
    m.slub.validateSlabCache(m.slub.findCache('kmalloc-64')!);
    expect(m.log()).toContain('BUG kmalloc-64 (Not tainted): Wrong object count. Counter is 3 but counted were 1');
    expect(m.log()).toContain('FIX kmalloc-64: Object count adjusted');
    expect(m.k.pages.get(pfn, F_SLAB_INUSE)).toBe(1);
    expect(m.rec.findings.map((f) => f.kind)).toEqual(['slub.wrong_object_count']);
  });

  it('kmem_cache_destroy() with live objects: Objects remaining, then the WARN; the cache stays', () => {
    const m = bootTest({ cmdline: 'slub_debug=FZPU' });
    const s = m.slub.kmemCacheCreate('leaky', 128, 8, []);
    const a = m.slub.kmemCacheAlloc(s)!;
    m.slub.kmemCacheDestroy(s);
    const log = m.log();
    expect(log).toContain('BUG leaky (Not tainted): Objects remaining in leaky on __kmem_cache_shutdown()');
    expect(log).toContain(`Object 0x${p(m, a)} @offset=${a % PAGE_SIZE}`);
    expect(log.some((l) => /^kmem_cache_destroy leaky: Slab cache still has objects when called from test_clobber_zone\+/.test(l))).toBe(true);
    expect(log.some((l) => /^WARNING: CPU: 0 PID: 0 at kmem_cache_destroy\+/.test(l))).toBe(true);
    expect(m.rec.findings.map((f) => f.kind)).toEqual(['slub.objects_remaining', 'slub.objects_remaining']);
    expect(m.slub.slabErrors).toBe(1);
    expect(m.slub.findCache('leaky')).toBe(s);
  });

  it('a corrupted free pointer in a plain cache: the next allocations oops in kmem_cache_alloc', () => {
    const m = bootTest();
    const s = m.slub.kmemCacheCreate('plain', 64, 8, ['SLAB_NO_MERGE']);
    const a = m.slub.kmemCacheAlloc(s)!;
    m.slub.kmemCacheFree(s, a);
    m.k.memFill(a + s.offset, 8, 0x6b, 'use after free');
    expect(m.slub.kmemCacheAlloc(s)).toBe(a);
    expect(m.slub.kmemCacheAlloc(s)).toBeNull();
    expect(m.log()).toContain('general protection fault, probably for non-canonical address 0x6b6b6b6b6b6b6b6b: 0000 [#1] PREEMPT SMP NOPTI');
    expect(m.rec.findings.map((f) => f.kind)).toEqual(['mm.paging_request']);
  });
});

describe('reports in the 2.6.25 layout (seed 002)', () => {
  it('print_section() prints the kernel\'s Latin-1 isgraph() column', () => {
    const bytes = Uint8Array.from('cc cc cc cc cc cc cc cc 00 00 1a 20 00 81 ff ff cd 70 17 a0 ff ff ff ff 00 00 00 00 73 05 00 00'.split(' ').map((h) => parseInt(h, 16)));
    expect(printSection2625('Padding', bytes, (o) => (0xffff8100201a71b0n + BigInt(o)).toString(16))).toEqual([
      ' Padding 0xffff8100201a71b0:  cc cc cc cc cc cc cc cc 00 00 1a 20 00 81 ff ff ÌÌÌÌÌÌÌÌ......ÿÿ',
      ' Padding 0xffff8100201a71c0:  cd 70 17 a0 ff ff ff ff 00 00 00 00 73 05 00 00 Íp..ÿÿÿÿ....s...',
    ]);
    expect(printHexDump('Padding  ', bytes.subarray(0, 16), () => 'ffff8880037c0000')).toEqual(['Padding  ffff8880037c0000: cc cc cc cc cc cc cc cc 00 00 1a 20 00 81 ff ff  ........... ....']);
  });

  it('Padding overwritten in kmalloc-4096: the unpatched slab_err() prints garbage, dumps from the slab start, restores it all', () => {
    const m = bootTest({ kernel: '2.6.25', cmdline: 'slub_debug' });
    const objs: number[] = [];
    for (let i = 0; i < 7; i++) objs.push(m.as('kio_file', 1, () => m.slub.kmalloc(4000)!));
    const slab = objs[0]!;
    expect(objs.map((o) => o - slab)).toEqual([0, 0x1048, 0x2090, 0x30d8, 0x4120, 0x5168, 0x61b0]);
    m.k.memFill(slab + 0x71f8, 0x20, 0x6b, 'stray');
    const from = m.mark();
    m.as('kio_file', 1, () => m.slub.validateSlabCache(m.slub.findCache('kmalloc-4096')!));
    const log = m.log(from);
    expect(log.slice(0, 4)).toEqual(['=============================================================================', 'BUG kmalloc-4096: Padding overwritten. 0x0000000000000000-0x00000000ffffffff', '-----------------------------------------------------------------------------', '']);
    expect(log[4]).toMatch(/^INFO: Slab 0xffffe2[0-9a-f]{10} used=7 fp=0x0000000000000000 flags=0x100000000004082$/);
    expect(log[5]).toBe('Pid: 100, comm: kio_file Not tainted 2.6.25 #401');
    expect(log.slice(6, 8)).toEqual(['', 'Call Trace:']);
    expect(log[8]).toMatch(/^ \[<ffffffff80[0-9a-f]{6}>\] slab_err\+0x[0-9a-f]+\/0x[0-9a-f]+$/);
    expect(log.some((l) => / \[<ffffffff88[0-9a-f]{6}>\] :slub_kunit:test_clobber_zone\+/.test(l))).toBe(true);
    const first = log.findIndex((l) => l.startsWith(' Padding 0x'));
    const dump = log.slice(first, log.findIndex((l) => l.startsWith('FIX ')));
    expect(dump.length).toBe(Math.ceil((7 * 4168) / 16));
    expect(dump[0]).toBe(` Padding 0x${p(m, slab)}:  6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b kkkkkkkkkkkkkkkk`);
    expect(log).toContain(` Padding 0x${p(m, slab + 0x71a0)}:  6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b a5 kkkkkkkkkkkkkkk¥`);
    expect(log.find((l) => l.startsWith(` Padding 0x${p(m, slab + 0x71b0)}`))).toMatch(/^ Padding 0xffff8100[0-9a-f]{8}:  cc cc cc cc cc cc cc cc 00 00 00 00 00 00 00 00 ÌÌÌÌÌÌÌÌ........$/);
    expect(log).toContain(`FIX kmalloc-4096: Restoring 0x${p(m, slab)}-0x${p(m, slab + 0x71f8 + 0x1f)}=0x5a`);
    // restore_bytes() from the slab start wipes the objects too: the validation goes on to find them broken
    expect(m.hexAt(slab, 4)).not.toBe('6b 6b 6b 6b');
    expect(m.rec.findings[0]).toMatchObject({ kind: 'slub.padding_overwritten', title: 'BUG kmalloc-4096: Padding overwritten. 0x0000000000000000-0x00000000ffffffff', fields: { start: m.k.va(slab + 0x71f8), offset: 0x71f8 } });
  });

  it('with the slab_err() fix the message has the real range', () => {
    const m = bootTest({ kernel: '2.6.25', cmdline: 'slub_debug', patches: { 'slub-slab-err-args': true } });
    const slab = m.slub.kmalloc(4000)!;
    for (let i = 0; i < 6; i++) m.slub.kmalloc(4000);
    m.k.memFill(slab + 0x71f8, 4, 0x6b, 'stray');
    m.slub.validateSlabCache(m.slub.findCache('kmalloc-4096')!);
    expect(m.log()).toContain(`BUG kmalloc-4096: Padding overwritten. 0x${p(m, slab + 0x71f8)}-0x${p(m, slab + 0x71fb)}`);
  });

  it('Redzone overwritten on free, with INFO: lines', () => {
    const m = bootTest({ kernel: '2.6.25', cmdline: 'slub_debug' });
    const a = m.slub.kmalloc(64)!;
    m.k.memWrite(a + 64, Uint8Array.of(0), 'test');
    m.slub.kfree(a);
    const log = m.log();
    expect(log).toContain('BUG kmalloc-64: Redzone overwritten');
    expect(log).toContain(`INFO: 0x${p(m, a + 64)}-0x${p(m, a + 64)}. First byte 0x0 instead of 0xcc`);
    expect(log.some((l) => /^INFO: Allocated in test_clobber_zone\+0x[0-9a-f]+\/0x[0-9a-f]+ \[slub_kunit\] age=\d+ cpu=0 pid=0$/.test(l))).toBe(true);
    expect(log).toContain(`INFO: Object 0x${p(m, a)} @offset=${a % PAGE_SIZE} fp=0x${p(m, a + 136)}`);
    expect(log).toContain(`  Object 0x${p(m, a)}:  6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b kkkkkkkkkkkkkkkk`);
    expect(log).toContain(` Redzone 0x${p(m, a + 64)}:  00 cc cc cc cc cc cc cc                         .ÌÌÌÌÌÌÌ        `);
    expect(log).toContain(`Pid: 0, comm: swapper/0 Not tainted 2.6.25 #401`);
    expect(log).toContain(`FIX kmalloc-64: Restoring 0x${p(m, a + 64)}-0x${p(m, a + 64)}=0xcc`);
  });
});

describe('views and time travel', () => {
  it('describe(): regions of a debug kmalloc-64 object, allocated or free', () => {
    const m = bootTest({ cmdline: 'slub_debug=FZPU' });
    const a = m.slub.kmalloc(40)!;
    const d = m.slub.slabObject(a + 10)!;
    expect(d).toMatchObject({ cache: 'kmalloc-64', objectPhys: a, allocated: true, objectSize: 64, size: 256, freePointerOffset: 72, origSize: 40 });
    const rel = d.regions.map((r) => [r.name, r.start - a, r.end - a]);
    expect(rel).toEqual([
      ['Left Redzone', -64, 0],
      ['Object', 0, 40],
      ['kmalloc Redzone', 40, 64],
      ['Right Redzone', 64, 72],
      ['Free pointer', 72, 80],
      ['Alloc track', 80, 112],
      ['Free track', 112, 144],
      ['Original size', 144, 148],
      ['Padding', 148, 192],
    ]);
    m.slub.kfree(a);
    expect(m.slub.slabObject(a)!.allocated).toBe(false);
    expect(m.slub.slabObject(a)!.regions[1]).toEqual({ name: 'Object', start: a, end: a + 64 });
    const slab = Math.floor(a / PAGE_SIZE) * PAGE_SIZE;
    expect(m.slub.slabObject(slab + 4095)).toMatchObject({ index: 15, objectPhys: slab + 15 * 256 + 64 });
    expect(m.slub.slabObject(0x100000)).toBeNull();
    // a cache whose objects leave a tail: 56 x 72 bytes = 4032, then 64 bytes of slab padding
    const t = kunitCache(m, 'TestSlub_tail', 64, ['SLAB_POISON']);
    const o = m.slub.kmemCacheAlloc(t)!;
    const tail = m.slub.slabObject(o - (o % PAGE_SIZE) + 4040)!;
    expect(tail).toMatchObject({ index: -1, regions: [{ name: 'Slab padding', start: o - (o % PAGE_SIZE) + 4032, end: o - (o % PAGE_SIZE) + 4096 }] });
  });

  it('caches() lists what a view needs', () => {
    const m = bootTest();
    const names = m.slub.caches().map((c) => c.name);
    expect(names.slice(0, 6)).toEqual(['kmem_cache_node', 'kmem_cache', 'kmalloc-8', 'kmalloc-16', 'kmalloc-32', 'kmalloc-64']);
    expect(names).toContain('kmalloc-96');
    expect(names).toContain('kmalloc-192');
    const c = m.slub.findCache('kmalloc-128')!;
    expect({ size: c.size, objectSize: c.objectSize, objectsPerSlab: c.objectsPerSlab, order: c.order, flagNames: c.flagNames }).toEqual({ size: 128, objectSize: 128, objectsPerSlab: 32, order: 0, flagNames: ['SLAB_KMALLOC'] });
  });

  it('the same operations give the same bytes, dmesg and state hash', () => {
    const run = () => {
      const m = bootTest({ cmdline: 'slub_debug=FZPU,kmalloc-64' });
      const ptrs: number[] = [];
      for (let i = 0; i < 200; i++) ptrs.push(m.as(`t${i % 3}`, i % 2, () => m.slub.kmalloc(16 + (i % 100))!));
      for (let i = 0; i < 200; i += 3) m.slub.kfree(ptrs[i]!);
      m.k.memWrite(ptrs[1]! + 100, Uint8Array.of(1), 'test');
      m.slub.validateSlabCache(m.slub.findCache('kmalloc-64')!);
      return { hash: m.stateHash(), dmesg: m.log().join('\n'), errors: m.slub.slabErrors };
    };
    expect(run()).toEqual(run());
  });

  it('restoring a snapshot brings back the allocator state', () => {
    const m = bootTest({ cmdline: 'slub_debug=FZPU' });
    const s = m.slub.kmemCacheCreate('snap', 64, 8, []);
    m.slub.kmemCacheAlloc(s);
    const snap = m.snapshot();
    const hash = m.stateHash();
    const b = m.slub.kmemCacheAlloc(s)!;
    m.k.memWrite(b + 64, Uint8Array.of(9), 'test');
    m.slub.validateSlabCache(s);
    m.slub.kmemCacheCreate('later', 32, 8, []);
    expect(m.slub.slabErrors).toBe(2);
    m.restore(snap);
    expect(m.stateHash()).toBe(hash);
    expect(m.slub.slabErrors).toBe(0);
    expect(m.slub.findCache('later')).toBeNull();
    expect(m.slub.kmemCacheAlloc(s)).toBe(b);
  });
});
