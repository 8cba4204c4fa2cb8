// slub_debug= parsing as setup_slub_debug() / parse_slub_debug_flags() / kmem_cache_flags() do it.
import { describe, expect, it } from 'vitest';
import {
  DEBUG_DEFAULT_FLAGS,
  SLAB_CONSISTENCY_CHECKS,
  SLAB_FAILSLAB,
  SLAB_NO_USER_FLAGS,
  SLAB_POISON,
  SLAB_RED_ZONE,
  SLAB_STORE_USER,
  SLAB_TRACE,
} from './slab.ts';
import { kmemCacheFlags, kmemCacheFlags2625, setupSlubDebug, setupSlubDebug2625 } from './slub_debug.ts';
import { bootTest } from './slub_testing.ts';

const F = SLAB_CONSISTENCY_CHECKS;
const Z = SLAB_RED_ZONE;
const P = SLAB_POISON;
const U = SLAB_STORE_USER;

function parse(v: string | null, initial = 0) {
  const unknown: string[] = [];
  const d = setupSlubDebug(v, initial, (c) => unknown.push(c));
  return { d, unknown, flags: (name: string, f = 0) => kmemCacheFlags(f, name, d) };
}

describe('slub_debug= (6.8)', () => {
  it('a bare slub_debug or slub_debug= means F, Z, P and U for every cache', () => {
    expect(parse(null).d).toEqual({ flags: DEBUG_DEFAULT_FLAGS, debugString: null, disableHigherOrderDebug: false });
    expect(parse('').d.flags).toBe(DEBUG_DEFAULT_FLAGS);
    expect(DEBUG_DEFAULT_FLAGS).toBe(F | Z | P | U);
  });

  it('flag letters in any case, T and A too; - clears what came before it', () => {
    expect(parse('fzp').d.flags).toBe(F | Z | P);
    expect(parse('UTA').d.flags).toBe(U | SLAB_TRACE | SLAB_FAILSLAB);
    expect(parse('FZ-P').d.flags).toBe(P);
    expect(parse('-').d.flags).toBe(0);
  });

  it('unknown letters are reported and skipped', () => {
    const r = parse('FQZ');
    expect(r.unknown).toEqual(['Q']);
    expect(r.d.flags).toBe(F | Z);
  });

  it('O asks to drop metadata flags that would raise a cache order', () => {
    expect(parse('FZPUO').d.disableHigherOrderDebug).toBe(true);
  });

  it('a cache list applies the flags to those caches only; the global flags stay as they were', () => {
    const r = parse('FZ,kmalloc-64,dentry');
    expect(r.d.flags).toBe(0);
    expect(r.flags('kmalloc-64')).toBe(F | Z);
    expect(r.flags('dentry')).toBe(F | Z);
    expect(r.flags('kmalloc-128')).toBe(0);
    // CONFIG_SLUB_DEBUG_ON keeps the full global set under a cache list
    expect(parse('Z,foo', DEBUG_DEFAULT_FLAGS).d.flags).toBe(DEBUG_DEFAULT_FLAGS);
  });

  it('names match whole, or up to a * glob', () => {
    const r = parse('P,kmalloc-*');
    expect(r.flags('kmalloc-64')).toBe(P);
    expect(r.flags('kmalloc-rcl-8')).toBe(P);
    expect(r.flags('kmem_cache')).toBe(0);
    const e = parse('U,kmalloc-6');
    expect(e.flags('kmalloc-6')).toBe(U);
    expect(e.flags('kmalloc-64')).toBe(0);
    expect(e.flags('kmalloc-')).toBe(0);
  });

  it('an empty flag list before the cache list means full debugging for those caches', () => {
    const r = parse(',dentry');
    expect(r.d.flags).toBe(0);
    expect(r.flags('dentry')).toBe(DEBUG_DEFAULT_FLAGS);
  });

  it(';-separated blocks: flags without a list are global, a matching block replaces them', () => {
    const r = parse('FZ;U,dentry;P,kmalloc-*');
    expect(r.d.flags).toBe(F | Z);
    expect(r.flags('dentry')).toBe(U);
    expect(r.flags('kmalloc-32')).toBe(P);
    expect(r.flags('inode_cache')).toBe(F | Z);
    // the first matching block wins
    expect(parse('Z,foo;P,foo').flags('foo')).toBe(Z);
    // the kernel's quirk: before ";;" the name's end is the second ';', so "dentry;" does not match
    const q = parse('FZ;U,dentry;;P,kmalloc-*');
    expect(q.flags('dentry')).toBe(F | Z);
    expect(q.flags('kmalloc-32')).toBe(P);
  });

  it('caches created with SLAB_NO_USER_FLAGS ignore the command line', () => {
    expect(parse('FZPU').flags('TestSlub', SLAB_NO_USER_FLAGS | Z)).toBe(SLAB_NO_USER_FLAGS | Z);
  });

  it('slab_debug= is the same option, and the boot applies it to the kmalloc caches', () => {
    const m = bootTest({ cmdline: 'slab_debug=P,kmalloc-64' });
    expect(m.slub.findCache('kmalloc-64')!.flags & P).toBe(P);
    expect(m.slub.findCache('kmalloc-128')!.flags & P).toBe(0);
    expect(m.log().filter((l) => l.includes('NOTICE NOTICE')).length).toBe(2);
    const u = bootTest({ cmdline: 'slub_debug=FXZ' });
    expect(u.log()).toContain("slub_debug option 'X' unknown. skipped");
  });

  it('CONFIG_SLUB_DEBUG_ON debugs every cache without a command line', () => {
    const m = bootTest({ kconfig: { CONFIG_SLUB_DEBUG_ON: true } });
    expect(m.slub.findCache('kmalloc-16')!.flags & DEBUG_DEFAULT_FLAGS).toBe(DEBUG_DEFAULT_FLAGS);
    const off = bootTest({ kconfig: { CONFIG_SLUB_DEBUG_ON: true }, cmdline: 'slub_debug=-' });
    expect(off.slub.findCache('kmalloc-16')!.debug).toBe(false);
  });
});

describe('slub_debug= (2.6.25)', () => {
  it('one flag list and one cache-name prefix', () => {
    const d = setupSlubDebug2625('FZ,kmalloc-4', () => {});
    expect(d.flags).toBe(F | Z);
    expect(kmemCacheFlags2625(0, 'kmalloc-4096', d)).toBe(F | Z);
    expect(kmemCacheFlags2625(0, 'kmalloc-8', d)).toBe(0);
    expect(setupSlubDebug2625(null, () => {}).flags).toBe(DEBUG_DEFAULT_FLAGS);
    expect(setupSlubDebug2625('-', () => {}).flags).toBe(0);
  });
});
