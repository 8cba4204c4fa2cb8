// /sys/kernel/slab names: unique ids of mergeable caches and the links of the names merged into them.
import { describe, expect, it } from 'vitest';
import { bootTest } from './slub_testing.ts';

describe('sysfs_slab_add() / create_unique_id()', () => {
  it('2.6.25 merges by default: filp becomes a link to kmalloc-192\'s id, dentry keeps its reclaim flag', () => {
    const m = bootTest({ kernel: '2.6.25' });
    expect(m.slub.kmemCacheCreate('filp', 192, 8, ['SLAB_HWCACHE_ALIGN', 'SLAB_PANIC']).name).toBe('kmalloc-192');
    m.slub.kmemCacheCreate('nf_conntrack_expect', 208, 8, []);
    m.slub.kmemCacheCreate('dentry_like', 208, 8, ['SLAB_RECLAIM_ACCOUNT']);
    const links = new Map(m.slub.sysfsSlab().map((e) => [e.name, e.target]));
    expect(links.get('filp')).toBe(':0000192');
    expect(links.get('kmalloc-192')).toBe(':0000192');
    expect(links.get(':0000192')).toBeNull();
    expect(links.get('nf_conntrack_expect')).toBe(':0000208');
    expect(links.get('dentry_like')).toBe(':a-0000208');
  });

  it('slub_nomerge (2.6.25) and the 6.8 default keep every cache a directory of its own name', () => {
    for (const m of [bootTest({ kernel: '2.6.25', cmdline: 'slub_nomerge' }), bootTest()]) {
      expect(m.slub.kmemCacheCreate('filp', 192, 8, ['SLAB_HWCACHE_ALIGN']).name).toBe('filp');
      const e = m.slub.sysfsSlab();
      expect(e.find((x) => x.name === 'filp')).toEqual({ name: 'filp', target: null });
      expect(e.some((x) => x.target !== null)).toBe(false);
    }
  });

  it('2.6.25 knows slub_nomerge only; slab_nomerge is an unknown parameter there', () => {
    const m = bootTest({ kernel: '2.6.25', cmdline: 'slab_nomerge' });
    expect(m.slub.kmemCacheCreate('foo', 64, 8, []).name).toBe('kmalloc-64');
  });

  it('6.8 ids carry the DMA, reclaim, consistency and accounting letters', () => {
    const m = bootTest({ kconfig: { CONFIG_SLAB_MERGE_DEFAULT: true } });
    m.slub.kmemCacheCreate('acct', 100, 8, ['SLAB_ACCOUNT', 'SLAB_RECLAIM_ACCOUNT']);
    const links = new Map(m.slub.sysfsSlab().map((e) => [e.name, e.target]));
    expect(links.get('acct')).toBe(':aA-0000104');
    expect(links.get('kmalloc-64')).toBe(':0000064');
  });

  it('debug flags make a cache unmergeable: its name is its directory', () => {
    const m = bootTest({ kernel: '2.6.25', cmdline: 'slub_debug' });
    m.slub.kmemCacheCreate('filp', 192, 8, ['SLAB_HWCACHE_ALIGN']);
    expect(m.slub.sysfsSlab().find((x) => x.name === 'filp')).toEqual({ name: 'filp', target: null });
  });
});
