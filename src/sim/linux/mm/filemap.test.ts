// The page cache: reads fill pages from disk once, a changed byte reads back changed, drop_caches forgets.
import { describe, expect, it } from 'vitest';
import { bootSys } from '../../machine/testing.ts';
import { PAGE_SIZE } from '../include/linux/mm_types.ts';
import { PageCacheInputError } from './filemap.ts';

const text = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('the page cache (mm/filemap.c)', () => {
  it('reads a file into order-0 pages owned by the page cache once, then from the cache', () => {
    const t = bootSys();
    const pc = t.sys.pagecache;
    const body = 'x'.repeat(PAGE_SIZE) + 'line one\nline two\n';
    const free = t.sys.k.buddy.nrFreePages;
    const a = pc.read('/src/a.c', text(body));
    expect(a.changed).toEqual([]);
    expect(String.fromCharCode(...a.bytes.subarray(PAGE_SIZE))).toBe('line one\nline two\n');
    expect(t.sys.k.buddy.nrFreePages).toBe(free - 2);
    const phys = pc.physOf('/src/a.c', PAGE_SIZE + 5)!;
    expect(t.sys.k.pages.ownerName(t.sys.k.pages.owner(Math.floor(phys / PAGE_SIZE)))).toBe('page cache: /src/a.c');
    pc.read('/src/a.c', null);
    expect(t.sys.k.buddy.nrFreePages).toBe(free - 2);
  });

  it('a byte changed in a cached page reads back changed, with its line; drop_caches brings the disk copy back', () => {
    const t = bootSys();
    const pc = t.sys.pagecache;
    pc.read('/src/irq.h', text('#define X\nint irq_has_action(void);\n'));
    const phys = pc.physOf('/src/irq.h', 22)!;
    t.sys.k.memWrite(phys, Uint8Array.of(0xf0), 'stray');
    const r = pc.read('/src/irq.h', null);
    expect(r.changed).toEqual([{ offset: 22, line: 2, found: 0xf0, expected: 0x61, phys }]);
    expect(pc.dropCaches('bash')).toBe(1);
    expect(pc.physOf('/src/irq.h', 22)).toBeNull();
    expect(pc.read('/src/irq.h', null).changed).toEqual([]);
  });

  it('files do not change on disk, and a first read needs the content', () => {
    const pc = bootSys().sys.pagecache;
    expect(() => pc.read('/nope', null)).toThrow(PageCacheInputError);
    pc.read('/f', text('a'));
    expect(() => pc.read('/f', text('b'))).toThrow(/other content/);
    expect(() => pc.read('/f', text('a'))).not.toThrow();
  });

  it('drop_caches logs the writer from 3.15 on, as 6.8 does; 2.6.25 is silent', () => {
    const old = bootSys();
    const n = old.mark();
    old.sys.pagecache.dropCaches('bash');
    expect(old.log(n)).toEqual([]);
    const t = bootSys({ kernel: '6.8' });
    const m = t.mark();
    t.sys.pagecache.dropCaches('bash');
    expect(t.log(m)).toEqual([`bash (${t.sys.k.pids.pidOf('bash')}): drop_caches: 1`]);
  });

  it('an unused page cache adds nothing to the state hash; snapshots restore the cached pages', () => {
    const t = bootSys();
    const pc = t.sys.pagecache;
    expect(pc.unused()).toBe(true);
    const s = pc.snapshot();
    pc.read('/f', text('abc'));
    expect(pc.unused()).toBe(false);
    pc.restore(s);
    expect(pc.file('/f')).toBeNull();
  });
});
