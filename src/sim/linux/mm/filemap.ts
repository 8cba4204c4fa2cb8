// The page cache of regular files, mm/filemap.c (2.6.25's do_generic_mapping_read(), 6.8's
// filemap_read()): a file's bytes live "on disk" (given by the scenario); a read finds each page
// in the file's mapping or adds a new order-0 page (owner "page cache: <path>") filled from the
// disk, then copies the page's bytes out. Nothing checks them: a byte that changed in a cached
// page reads back changed until the page leaves the cache. Writes, dirty pages and writeback are
// not modeled, so every cached page is clean and drop_caches frees them all.
import { fnv32, type Hasher } from '../../engine/hash.ts';
import { eventKind, KERN_INFO } from '../../engine/recorder.ts';
import type { Kernel } from '../../machine/kernel.ts';
import type { Subsystem } from '../../machine/subsystem.ts';
import { PAGE_SIZE } from '../include/linux/mm_types.ts';

export const EV_FILE_READ = eventKind('fs.read_file');
export const EV_ADD_TO_PAGE_CACHE = eventKind('fs.add_to_page_cache');
export const EV_DROP_CACHES = eventKind('fs.drop_caches');

/** A file: its bytes on disk and the frame caching each of its pages (-1: not cached). */
interface CachedFile {
  readonly path: string;
  readonly disk: Uint8Array;
  readonly pages: readonly number[];
}

/** A byte a read returned that differs from the file on disk. */
export interface ChangedByte {
  offset: number;
  /** 1-based line of the byte in the file on disk. */
  line: number;
  found: number;
  expected: number;
  phys: number;
}

export interface ReadResult {
  /** What the reader got. */
  bytes: Uint8Array;
  changed: ChangedByte[];
}

export class PageCacheInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface PageCacheSnapshot {
  files: readonly CachedFile[];
}

export class PageCache implements Subsystem<PageCacheSnapshot> {
  readonly name = 'pagecache';
  /** Objects are replaced, never mutated, so snapshots share them. */
  private files: CachedFile[] = [];

  constructor(private readonly k: Kernel) {}

  snapshot(): PageCacheSnapshot {
    return { files: this.files.slice() };
  }

  restore(s: PageCacheSnapshot): void {
    this.files = s.files.slice();
  }

  unused(): boolean {
    return this.files.length === 0;
  }

  hashInto(h: Hasher): void {
    h.u32(this.files.length);
    for (const f of this.files) {
      h.str(f.path).u32(f.disk.length).u32(fnv32(String.fromCharCode(...f.disk.subarray(0, 256))));
      for (const p of f.pages) h.u32(p + 1);
    }
  }

  file(path: string): CachedFile | null {
    return this.files.find((f) => f.path === path) ?? null;
  }

  /** The file as it is on disk: created by its first mention with content, never changed after. */
  define(path: string, content: Uint8Array | null): CachedFile {
    const f = this.file(path);
    if (f) {
      if (content !== null && !sameBytes(content, f.disk)) throw new PageCacheInputError('text', `${path} already exists with other content; files do not change on disk here`);
      return f;
    }
    if (content === null) throw new PageCacheInputError('text', `${path} does not exist yet: give its content with text`);
    const n: CachedFile = { path, disk: content, pages: new Array<number>(Math.ceil(content.length / PAGE_SIZE)).fill(-1) };
    this.files = [...this.files, n];
    return n;
  }

  // do_generic_mapping_read(), mm/filemap.c 2.6.25 (filemap_read() 6.8): find_get_page(), on a miss
  // page_cache_alloc_cold() + add_to_page_cache_lru() + ->readpage(), then file_read_actor()
  read(path: string, content: Uint8Array | null): ReadResult {
    const k = this.k;
    k.rec.emit(EV_FILE_READ, this.file(path)?.disk.length ?? content?.length ?? 0, 0, { path });
    let f = this.define(path, content);
    const pages = f.pages.slice();
    for (let i = 0; i < pages.length; i++) {
      if (pages[i]! >= 0) continue;
      k.rec.emit(EV_ADD_TO_PAGE_CACHE, i, 0, { path, index: i });
      const pfn = k.buddy.allocPages(0, false, k.pages.ownerId(`page cache: ${path}`));
      if (pfn === null) throw new PageCacheInputError('path', `out of simulated memory while reading ${path} into the page cache`);
      // ext3's readpage: the disk's bytes by DMA, the rest of the last page zeroed
      const chunk = new Uint8Array(PAGE_SIZE);
      chunk.set(f.disk.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE));
      k.memWrite(pfn * PAGE_SIZE, chunk, `mpage_readpages (${path} from disk)`);
      pages[i] = pfn;
    }
    f = { ...f, pages };
    this.files = this.files.map((x) => (x.path === path ? f : x));
    const bytes = new Uint8Array(f.disk.length);
    const changed: ChangedByte[] = [];
    let line = 1;
    for (let i = 0; i < pages.length; i++) {
      const buf = new Uint8Array(Math.min(PAGE_SIZE, f.disk.length - i * PAGE_SIZE));
      k.mem.read(pages[i]! * PAGE_SIZE, buf);
      bytes.set(buf, i * PAGE_SIZE);
    }
    for (let o = 0; o < bytes.length; o++) {
      const want = f.disk[o]!;
      if (bytes[o] !== want) changed.push({ offset: o, line, found: bytes[o]!, expected: want, phys: pages[Math.floor(o / PAGE_SIZE)]! * PAGE_SIZE + (o % PAGE_SIZE) });
      if (want === 0x0a) line++;
    }
    return { bytes, changed };
  }

  /** Physical address of byte `offset` of a cached file, or null. */
  physOf(path: string, offset: number): number | null {
    const f = this.file(path);
    const pfn = f?.pages[Math.floor(offset / PAGE_SIZE)];
    return pfn === undefined || pfn < 0 || offset >= f!.disk.length ? null : pfn * PAGE_SIZE + (offset % PAGE_SIZE);
  }

  // drop_caches_sysctl_handler() -> drop_pagecache_sb() -> invalidate_mapping_pages(), fs/drop_caches.c
  // (2.6.25; since 3.15 it also logs the write): every page here is clean and unmapped, so all of them go
  dropCaches(comm: string): number {
    const k = this.k;
    let n = 0;
    k.rec.emit(EV_DROP_CACHES, 1, 0);
    if (k.since('3.15')) k.printk(KERN_INFO, `${comm} (${k.pids.pidOf(comm)}): drop_caches: 1`);
    this.files = this.files.map((f) => {
      for (const p of f.pages) if (p >= 0) (k.buddy.freeBlock(p, 0), n++);
      return { ...f, pages: f.pages.map(() => -1) };
    });
    return n;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
