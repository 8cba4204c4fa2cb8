// The dentry cache: fs/dcache.c 2.6.25 (d_alloc(), d_hash(), __d_rehash(), __d_lookup(),
// prune_dcache() -> prune_one_dentry() -> d_free()) with struct dentry laid out as on x86-64
// (include/linux/dcache.h). Hash chains, names, parents and lists live in simulated memory and are
// read back from it, so a stray byte in a dentry is followed exactly where the kernel follows it.
import type { Hasher } from '../../engine/hash.ts';
import { eventKind, KERN_INFO } from '../../engine/recorder.ts';
import { utf8 } from '../../engine/utf8.ts';
import { kernelFault } from '../arch/x86/mm/fault.ts';
import type { Reg } from '../arch/x86/kernel/dumpstack.ts';
import { kread32, kread64, kreadBytes, kwrite, kwrite32, kwrite64, type OnFault } from '../../machine/kaccess.ts';
import type { Frame } from '../kernel/kallsyms.ts';
import type { Subsystem } from '../../machine/subsystem.ts';
import type { KmemCache } from '../mm/slab.ts';
import { PAGE_SIZE } from '../include/linux/mm_types.ts';
import type { Deps } from '../../machine/modules.ts';

export const EV_DCACHE_INIT = eventKind('boot.dcache');
export const EV_D_ALLOC = eventKind('dcache.d_alloc');
export const EV_D_LOOKUP = eventKind('dcache.lookup');
export const EV_D_FREE = eventKind('dcache.d_free');

/** Field offsets of struct dentry on x86-64, and what goes with them. */
export interface DentryLayout {
  size: number;
  d_count: number;
  d_flags: number;
  d_inode: number;
  d_hash_next: number;
  d_hash_pprev: number;
  d_parent: number;
  d_name_hash: number;
  d_name_len: number;
  d_name_name: number;
  d_child: number;
  d_subdirs: number;
  d_op: number;
  d_sb: number;
  d_iname: number;
  inlineLen: number;
  /** Offset of d_release in struct dentry_operations. */
  d_release: number;
}

// struct dentry, include/linux/dcache.h 2.6.25 (CONFIG_PROFILING, no spinlock debugging): 208 bytes
export const DENTRY_2625: DentryLayout = {
  size: 208, d_count: 0, d_flags: 4, d_inode: 16, d_hash_next: 24, d_hash_pprev: 32, d_parent: 40,
  d_name_hash: 48, d_name_len: 52, d_name_name: 56, d_child: 80, d_subdirs: 96, d_op: 136, d_sb: 144,
  d_iname: 172, inlineLen: 36, d_release: 0x20,
};

// struct dentry, include/linux/dcache.h 6.8: 192 bytes (d_count is d_lockref.count)
export const DENTRY_68: DentryLayout = {
  size: 192, d_count: 92, d_flags: 0, d_inode: 48, d_hash_next: 8, d_hash_pprev: 16, d_parent: 24,
  d_name_hash: 32, d_name_len: 36, d_name_name: 40, d_child: 144, d_subdirs: 160, d_op: 96, d_sb: 104,
  d_iname: 56, inlineLen: 32, d_release: 0x30,
};

/** DCACHE_UNHASHED (2.6.25 d_flags). */
const DCACHE_UNHASHED = 0x0010;
/** GOLDEN_RATIO_PRIME, include/linux/hash.h 2.6.25 (64-bit). */
const GOLDEN_RATIO_PRIME = 0x9e37fffffffc0001n;
/** L1_CACHE_BYTES of a K8. */
const L1_CACHE_BYTES = 64n;
const M64 = (1n << 64n) - 1n;

// full_name_hash(), include/linux/dcache.h 2.6.25: partial_name_hash() per byte, end_name_hash()
export function fullNameHash(name: string): number {
  let h = 0n;
  for (let i = 0; i < name.length; i++) {
    const c = BigInt(name.charCodeAt(i) & 0xff);
    h = ((h + (c << 4n) + (c >> 4n)) * 11n) & M64;
  }
  return Number(h & 0xffffffffn);
}

export interface DcacheSnapshot {
  table: number;
  shift: number;
  root: number;
  lru: readonly number[];
  nr: number;
  generated: readonly [string, number][];
}

/** A looked-up name: the qstr __d_lookup() gets. */
export interface Qstr {
  name: string;
  hash: number;
}

export class Dcache implements Subsystem<DcacheSnapshot> {
  readonly name = 'dcache';
  /** Physical address of dentry_hashtable. */
  table = -1;
  /** d_hash_shift. */
  shift = 15;
  /** The root dentry ("/"). */
  root = -1;
  /** dentry_unused: unused dentries, least recently used first. */
  lru: number[] = [];
  /** dentry_stat.nr_dentry. */
  nr = 0;
  /** Names d_alloc ops generated per directory (the "files on disk"). */
  generated = new Map<string, number>();
  readonly L: DentryLayout;

  constructor(private readonly sys: Deps<'slub' | 'traps' | 'vmalloc' | 'user'>) {
    this.L = !sys.k.since('2.6.26') ? DENTRY_2625 : DENTRY_68;
  }

  snapshot(): DcacheSnapshot {
    return { table: this.table, shift: this.shift, root: this.root, lru: this.lru.slice(), nr: this.nr, generated: [...this.generated] };
  }

  restore(s: DcacheSnapshot): void {
    this.table = s.table;
    this.shift = s.shift;
    this.root = s.root;
    this.lru = s.lru.slice();
    this.nr = s.nr;
    this.generated = new Map(s.generated);
  }

  hashInto(h: Hasher): void {
    h.num(this.table).u32(this.shift).num(this.root).u32(this.nr).u32(this.lru.length);
    for (const p of this.lru) h.num(p);
    for (const [d, n] of this.generated) h.str(d).u32(n);
  }

  private get cache(): KmemCache {
    const c = this.sys.slub.findCache('dentry');
    if (!c) throw new Error('the dentry cache does not exist');
    return c;
  }

  /** Direct-map virtual address of a dentry. */
  va(phys: number): bigint {
    return this.sys.k.layout.pageOffset + BigInt(phys);
  }

  private phys(va: bigint): number {
    return Number(va - this.sys.k.layout.pageOffset);
  }

  // vfs_caches_init_early() -> dcache_init_early() and dcache_init(), fs/dcache.c 2.6.25
  init(): void {
    const k = this.sys.k;
    k.rec.emit(EV_DCACHE_INIT);
    // alloc_large_system_hash("Dentry cache", sizeof(struct hlist_head), dhash_entries, 13, ...)
    let entries = 1;
    while (entries < Math.floor(k.pages.nframes / 2)) entries <<= 1;
    const order = Math.max(0, Math.ceil(Math.log2((entries * 8) / PAGE_SIZE)));
    const pfn = k.buddy.allocPages(order, false, k.pages.ownerId('dentry hash table'));
    if (pfn === null) throw new Error('dentry hash table allocation failed');
    this.table = pfn * PAGE_SIZE;
    this.shift = Math.log2(entries);
    k.printk(KERN_INFO, `Dentry cache hash table entries: ${entries} (order: ${order}, ${entries * 8} bytes${!k.since('2.6.26') ? '' : ', linear'})`);
    // dentry_cache = KMEM_CACHE(dentry, SLAB_RECLAIM_ACCOUNT|SLAB_PANIC|SLAB_MEM_SPREAD)
    this.sys.slub.kmemCacheCreate('dentry', this.L.size, 8, ['SLAB_RECLAIM_ACCOUNT', 'SLAB_PANIC']);
    // the root of the mounted filesystem: d_alloc_root()
    this.root = this.dAlloc(null, '/');
  }

  // d_hash(), fs/dcache.c 2.6.25: the bucket of (parent, hash), as a physical address
  dHash(parent: number, hash: number): number {
    const n = 1 << this.shift;
    if (this.sys.k.since('2.6.26')) {
      // 6.8: dentry_hashtable + (hash >> d_hash_shift), the parent mixed in by the salted name hash
      const salted = (Math.imul(hash ^ Math.floor(parent / 64), 0x61c88647) >>> 0) >>> (32 - this.shift);
      return this.table + (salted % n) * 8;
    }
    let h = BigInt(hash);
    h = (h + ((this.va(parent) ^ GOLDEN_RATIO_PRIME) & M64) / L1_CACHE_BYTES) & M64;
    h = h ^ ((h ^ GOLDEN_RATIO_PRIME) >> BigInt(this.shift));
    return this.table + Number(h & BigInt(n - 1)) * 8;
  }

  /** Reads and writes of the model: a fault oopses with __d_lookup-like context. */
  private fault(ip: Frame, regs: Partial<Record<Reg, bigint>> = {}, fields: Record<string, string> = {}, code?: { bytes: readonly number[]; at: number }): OnFault {
    return (addr, write) => kernelFault(this.sys, { addr, write, ip, trace: this.sys.traps.callers(), regs, fields, code });
  }

  // d_alloc(), fs/dcache.c 2.6.25: a new unhashed dentry, its name inline or kmalloc'ed
  dAlloc(parent: number | null, name: string): number {
    const sys = this.sys;
    const k = sys.k;
    const L = this.L;
    return sys.traps.call({ fn: 'd_alloc' }, () => {
      const d = sys.slub.kmemCacheAlloc(this.cache);
      if (d === null) return -1;
      k.rec.emit(EV_D_ALLOC, d, parent ?? -1, { name });
      const dva = this.va(d);
      const bytes = utf8(name);
      let dname = dva + BigInt(L.d_iname);
      if (bytes.length > L.inlineLen - 1) {
        const p = sys.slub.kmalloc(bytes.length + 1);
        if (p === null) return -1;
        dname = this.va(p);
      }
      const w = 'd_alloc';
      const zero = new Uint8Array(L.size);
      k.memWrite(d, zero.subarray(0, L.d_iname), w);
      const nm = new Uint8Array(bytes.length + 1);
      nm.set(bytes);
      const f = this.fault({ fn: 'd_alloc', off: 0x10a });
      kwrite(sys, dname, nm, 'd_alloc: memcpy(dname, name->name)', f);
      const put64 = (off: number, v: bigint): void => kwrite64(sys, dva + BigInt(off), v, w, f);
      const put32 = (off: number, v: number): void => kwrite32(sys, dva + BigInt(off), v, w, f);
      put64(L.d_name_name, dname);
      put32(L.d_name_len, bytes.length);
      put32(L.d_name_hash, fullNameHash(name));
      put32(L.d_count, 1);
      if (!k.since('2.6.26')) put32(L.d_flags, DCACHE_UNHASHED);
      // INIT_LIST_HEAD(&dentry->d_subdirs)
      put64(L.d_subdirs, dva + BigInt(L.d_subdirs));
      put64(L.d_subdirs + 8, dva + BigInt(L.d_subdirs));
      if (parent === null) {
        put64(L.d_parent, dva);
        put64(L.d_child, dva + BigInt(L.d_child));
        put64(L.d_child + 8, dva + BigInt(L.d_child));
        put64(L.d_sb, k.layout.pageOffset + 0x7e3f0000n);
      } else {
        const pva = this.va(parent);
        // dget(parent)
        kwrite32(sys, pva + BigInt(L.d_count), kread32(sys, pva + BigInt(L.d_count), f) + 1, 'dget', f);
        put64(L.d_parent, pva);
        put64(L.d_sb, kread64(sys, pva + BigInt(L.d_sb), f));
        // list_add(&dentry->d_u.d_child, &parent->d_subdirs)
        const head = pva + BigInt(L.d_subdirs);
        const next = kread64(sys, head, f);
        const fl = this.fault({ fn: 'd_alloc', off: 0x1b2 }, { ax: next, dx: head });
        kwrite64(sys, next + 8n, dva + BigInt(L.d_child), 'd_alloc: list_add(d_child)', fl);
        put64(L.d_child, next);
        put64(L.d_child + 8, head);
        kwrite64(sys, head, dva + BigInt(L.d_child), 'd_alloc: list_add(d_child)', fl);
      }
      this.nr++;
      return d;
    });
  }

  // __d_rehash(), fs/dcache.c 2.6.25: hlist_add_head_rcu(&entry->d_hash, d_hash(parent, hash))
  dRehash(d: number): void {
    const sys = this.sys;
    const L = this.L;
    const dva = this.va(d);
    const f = this.fault({ fn: 'd_rehash', off: 0x4b });
    const parent = this.phys(kread64(sys, dva + BigInt(L.d_parent), f));
    const hash = kread32(sys, dva + BigInt(L.d_name_hash), f);
    const bucket = this.dHash(parent, hash);
    const bva = this.va(bucket);
    const first = kread64(sys, bva, f);
    const node = dva + BigInt(L.d_hash_next);
    const w = '__d_rehash: hlist_add_head_rcu';
    kwrite64(sys, node, first, w, f);
    kwrite64(sys, dva + BigInt(L.d_hash_pprev), bva, w, f);
    if (first !== 0n) kwrite64(sys, first + 8n, node, w, this.fault({ fn: 'd_rehash', off: 0x62 }, { ax: first }));
    kwrite64(sys, bva, node, w, f);
    if (!sys.k.since('2.6.26')) kwrite32(sys, dva + BigInt(L.d_flags), kread32(sys, dva + BigInt(L.d_flags), f) & ~DCACHE_UNHASHED, 'd_rehash', f);
  }

  /** The Code: line of 2.6.25 __d_lookup+0xf1 (Ingo's quote of Rafael's oops in the 2.6.25-git2 paging-request thread). */
  private static readonly CODE_NEXT = [0xf6, 0x43, 0x04, 0x10, 0x75, 0x06, 0xf0, 0xff, 0x03, 0x48, 0x89, 0xd8, 0xfe, 0x43, 0x08, 0xeb, 0x31, 0xfe, 0x43, 0x08, 0x48, 0x8b, 0x45, 0xd0, 0x48, 0x8b, 0x00, 0x48, 0x89, 0x45, 0xd0, 0x48, 0x8b, 0x45, 0xd0, 0x48, 0x85, 0xc0, 0x74, 0x18, 0x48, 0x89, 0xc2, 0x48, 0x8b, 0x00, 0x48, 0x8d, 0x5a, 0xe8, 0x44, 0x39, 0x73, 0x30, 0x0f, 0x18, 0x08, 0x75, 0xd9, 0xe9, 0x6a, 0xff, 0xff, 0xff];

  // __d_lookup(), fs/dcache.c 2.6.25: walk the hash chain under rcu_read_lock(); null when not found
  dLookup(parent: number, q: Qstr): number | null {
    const sys = this.sys;
    const k = sys.k;
    const L = this.L;
    const v2625 = !k.since('2.6.26');
    const bucket = this.dHash(parent, q.hash);
    k.rec.emit(EV_D_LOOKUP, (bucket - this.table) / 8, q.hash, { name: q.name });
    {
      const pva = this.va(parent);
      // the qstr on the walker's stack (Rafael's oops had it at ffff810064c5dd08)
      const qva = k.layout.pageOffset + (0x64c5dd08n % BigInt(k.ramBytes));
      const nextOff = v2625 ? 0xf1 : 0x3e;
      let node = kread64(sys, this.va(bucket), this.fault({ fn: '__d_lookup', off: 0x2c }));
      const bytes = utf8(q.name);
      for (let guard = 0; node !== 0n && guard < 100000; guard++) {
        // hlist_for_each_entry_rcu(): prefetch(pos->next) loads pos->next
        const fNext = this.fault({ fn: '__d_lookup', off: nextOff }, { ax: node, dx: node, cx: 0x12n, si: qva, di: pva, r12: pva, r13: qva, r14: BigInt(q.hash) }, { field: 'd_hash.next' }, v2625 ? { bytes: Dcache.CODE_NEXT, at: 43 } : undefined);
        const next = kread64(sys, node, fNext);
        const dva = node - BigInt(L.d_hash_next);
        const fField = this.fault({ fn: '__d_lookup', off: nextOff + 7 }, { bx: dva, ax: next, r14: BigInt(q.hash), di: pva }, { field: 'dentry' });
        if (kread32(sys, dva + BigInt(L.d_name_hash), fField) !== q.hash) {
          node = next;
          continue;
        }
        if (kread64(sys, dva + BigInt(L.d_parent), fField) !== pva) {
          node = next;
          continue;
        }
        if (kread32(sys, dva + BigInt(L.d_name_len), fField) !== bytes.length) {
          node = next;
          continue;
        }
        // memcmp(qstr->name, str, len)
        const nameVa = kread64(sys, dva + BigInt(L.d_name_name), fField);
        const fName = this.fault({ fn: '__d_lookup', off: v2625 ? 0x105 : 0x8a }, { si: nameVa, di: qva, cx: BigInt(bytes.length), bx: dva, r12: node, r14: pva }, { field: 'd_name.name', dentry: `0x${dva.toString(16)}` });
        const stored = bytes.length === 0 ? new Uint8Array(0) : kreadBytes(sys, nameVa, bytes.length, fName);
        if (stored.some((b, i) => b !== bytes[i])) {
          node = next;
          continue;
        }
        // if (!d_unhashed(dentry)) { atomic_inc(&dentry->d_count); found = dentry; }
        const unhashed = v2625 ? (kread32(sys, dva + BigInt(L.d_flags), fField) & DCACHE_UNHASHED) !== 0 : kread64(sys, dva + BigInt(L.d_hash_pprev), fField) === 0n;
        return unhashed ? null : this.phys(dva);
      }
      return null;
    }
  }

  /** dput() of a dentry that nobody holds any more: onto dentry_unused. */
  dput(d: number): void {
    const sys = this.sys;
    const dva = this.va(d);
    const f = this.fault({ fn: 'dput', off: 0x2e });
    const c = kread32(sys, dva + BigInt(this.L.d_count), f);
    if (c <= 1) {
      kwrite32(sys, dva + BigInt(this.L.d_count), 0, 'dput', f);
      if (!this.lru.includes(d)) this.lru.push(d);
    } else kwrite32(sys, dva + BigInt(this.L.d_count), c - 1, 'dput', f);
  }

  // prune_dcache(), fs/dcache.c 2.6.25: the least recently used unused dentries, prune_one_dentry() each
  pruneDcache(count: number): number {
    const sys = this.sys;
    let done = 0;
    sys.traps.call([{ fn: 'prune_dcache' }], () => {
      while (done < count && this.lru.length > 0) {
        const d = this.lru.shift()!;
        this.pruneOneDentry(d);
        done++;
      }
    });
    return done;
  }

  // prune_one_dentry() -> __d_drop() + d_kill() -> d_free(), fs/dcache.c 2.6.25
  private pruneOneDentry(d: number): void {
    const sys = this.sys;
    const k = sys.k;
    const L = this.L;
    const dva = this.va(d);
    k.rec.emit(EV_D_FREE, d, 0);
    const f = this.fault({ fn: 'prune_one_dentry', off: 0x2a }, { bx: dva });
    // __d_drop(): d_flags |= DCACHE_UNHASHED; hlist_del_rcu(&dentry->d_hash)
    if (!k.since('2.6.26')) kwrite32(sys, dva + BigInt(L.d_flags), kread32(sys, dva + BigInt(L.d_flags), f) | DCACHE_UNHASHED, '__d_drop', f);
    const next = kread64(sys, dva + BigInt(L.d_hash_next), f);
    const pprev = kread64(sys, dva + BigInt(L.d_hash_pprev), f);
    if (pprev !== 0n && pprev !== 0x00200200n) {
      const fw = this.fault({ fn: 'prune_one_dentry', off: 0x3d }, { ax: pprev, dx: next, bx: dva });
      kwrite64(sys, pprev, next, '__d_drop: hlist_del_rcu', fw);
      if (next !== 0n) kwrite64(sys, next + 8n, pprev, '__d_drop: hlist_del_rcu', this.fault({ fn: 'prune_one_dentry', off: 0x46 }, { ax: next, dx: pprev, bx: dva }));
      kwrite64(sys, dva + BigInt(L.d_hash_pprev), 0x00200200n, '__d_drop: LIST_POISON2', f);
    }
    // d_kill(): list_del(&dentry->d_u.d_child), dentry_iput(), then d_free()
    const parentVa = kread64(sys, dva + BigInt(L.d_parent), f);
    this.nr--;
    sys.traps.call([{ fn: 'd_kill' }], () => this.dFree(d));
    if (parentVa !== dva) {
      const parent = this.phys(parentVa);
      const fp = this.fault({ fn: 'dput', off: 0x1c }, { di: parentVa });
      const c = kread32(sys, parentVa + BigInt(L.d_count), fp);
      kwrite32(sys, parentVa + BigInt(L.d_count), Math.max(0, c - 1), 'dput', fp);
      if (c === 1 && parent !== this.root && !this.lru.includes(parent)) this.lru.push(parent);
    }
  }

  // d_free(), fs/dcache.c 2.6.25: dentry->d_op->d_release, then kmem_cache_free() (after RCU)
  private dFree(d: number): void {
    const sys = this.sys;
    const L = this.L;
    const dva = this.va(d);
    {
      const f = this.fault({ fn: 'd_free', off: 0x18 }, { bx: dva });
      const op = kread64(sys, dva + BigInt(L.d_op), f);
      if (op !== 0n) {
        // if (dentry->d_op && dentry->d_op->d_release): a d_op of 0xf0 reads address 0x110
        const fr = this.fault({ fn: 'd_free', off: 0x18 }, { ax: op, bx: dva }, { field: 'd_op', dentry: `0x${dva.toString(16)}` });
        const release = kread64(sys, op + BigInt(L.d_release), fr);
        if (release !== 0n) this.sys.k.printk(KERN_INFO, `d_free: d_release at 0x${release.toString(16)} not modeled`);
      }
      const nameVa = kread64(sys, dva + BigInt(L.d_name_name), f);
      if (nameVa !== dva + BigInt(L.d_iname)) {
        const np = nameVa - this.sys.k.layout.pageOffset;
        if (np >= 0n && np < BigInt(sys.k.ramBytes)) sys.slub.kfree(Number(np));
      }
      sys.traps.call({ fn: '__d_free' }, () => sys.slub.kmemCacheFree(this.cache, d));
    }
  }
}
