// init_on_alloc= / init_on_free=, report_meminit() and the SLAB_POISON precedence line.
import { describe, expect, it } from 'vitest';
import { bootTest } from './slub_testing.ts';

const PRECEDENCE = 'mem auto-init: SLAB_POISON will take precedence over init_on_alloc/init_on_free';

function meminit(lines: string[]): string[] {
  return lines.filter((l) => l.startsWith('mem auto-init'));
}

describe('mem auto-init (mm/mm_init.c 6.8)', () => {
  it('off by default; the boot says so before the Memory: line', () => {
    const m = bootTest();
    const log = m.log();
    expect(meminit(log)).toEqual(['mem auto-init: stack:off, heap alloc:off, heap free:off']);
    expect(log.findIndex((l) => l.startsWith('mem auto-init'))).toBeLessThan(log.findIndex((l) => l.startsWith('Memory:')));
    expect(m.mm.wantInitOnAlloc()).toBe(false);
    expect(m.mm.wantInitOnAlloc(true)).toBe(true);
  });

  it('init_on_alloc=1 / init_on_free=1 switch the heap options on', () => {
    const m = bootTest({ cmdline: 'init_on_alloc=1 init_on_free=on' });
    expect(meminit(m.log())).toEqual(['mem auto-init: stack:off, heap alloc:on, heap free:on', 'mem auto-init: clearing system memory may take some time...']);
    expect(m.mm.wantInitOnFree()).toBe(true);
  });

  it('the Kconfig defaults, and the command line overriding them', () => {
    const on = bootTest({ kconfig: { CONFIG_INIT_ON_ALLOC_DEFAULT_ON: true, CONFIG_INIT_STACK_ALL_ZERO: true } });
    expect(meminit(on.log())).toEqual(['mem auto-init: stack:all(zero), heap alloc:on, heap free:off']);
    const off = bootTest({ kconfig: { CONFIG_INIT_ON_ALLOC_DEFAULT_ON: true }, cmdline: 'init_on_alloc=0' });
    expect(meminit(off.log())).toEqual(['mem auto-init: stack:off, heap alloc:off, heap free:off']);
    const bad = bootTest({ cmdline: 'init_on_free=maybe' });
    expect(bad.mm.wantInitOnFree()).toBe(false);
  });

  it('6.8 prints the SLAB_POISON line only when a Kconfig default turned a static key on', () => {
    // seed 000 (5.10) booted Debian's CONFIG_INIT_ON_ALLOC_DEFAULT_ON=y with slub_debug=FPZ
    const seed = bootTest({ kconfig: { CONFIG_INIT_ON_ALLOC_DEFAULT_ON: true }, cmdline: 'slub_debug=FPZ' });
    const log = seed.log();
    expect(log.filter((l) => l === PRECEDENCE).length).toBe(1);
    expect(log.indexOf(PRECEDENCE)).toBeGreaterThan(log.findIndex((l) => l.startsWith('Kernel command line:')));
    expect(log.indexOf(PRECEDENCE)).toBeLessThan(log.findIndex((l) => l.startsWith('mem auto-init: stack')));
    expect(meminit(log)).toContain('mem auto-init: stack:off, heap alloc:on, heap free:off');
    // the key is still at its default when setup_slub_debug() runs: init_on_alloc=0 does not stop the line
    expect(bootTest({ kconfig: { CONFIG_INIT_ON_ALLOC_DEFAULT_ON: true }, cmdline: 'init_on_alloc=0 slub_debug=P' }).log()).toContain(PRECEDENCE);
    // ...and the command line alone does not print it in 6.8 (5.10 did: its early param flipped the key at once)
    expect(bootTest({ cmdline: 'init_on_alloc=1 slub_debug=P' }).log()).not.toContain(PRECEDENCE);
    // only the global slub_debug flags count: a cache list leaves them at 0
    expect(bootTest({ kconfig: { CONFIG_INIT_ON_FREE_DEFAULT_ON: true }, cmdline: 'slub_debug=P,foo' }).log()).not.toContain(PRECEDENCE);
    expect(bootTest({ kconfig: { CONFIG_INIT_ON_FREE_DEFAULT_ON: true }, cmdline: 'slub_debug=FZU' }).log()).not.toContain(PRECEDENCE);
  });

  it('2.6.25 has no memory auto-initialization', () => {
    const m = bootTest({ kernel: '2.6.25', cmdline: 'init_on_alloc=1' });
    expect(meminit(m.log())).toEqual([]);
    expect(m.mm.wantInitOnAlloc()).toBe(false);
  });
});
