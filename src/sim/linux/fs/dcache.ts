// The dentry cache: fs/dcache.c 2.6.25 (d_alloc(), d_hash(), __d_rehash(), __d_lookup(),
// prune_dcache() -> prune_one_dentry() -> d_free()) with struct dentry laid out as on x86-64
// (include/linux/dcache.h). Hash chains, names, parents and lists live in simulated memory and are
// read back from it, so a stray byte in a dentry is followed exactly where the kernel follows it.
import type { Hasher } from '../../engine/hash.ts';
import { eventKind, KERN_INFO } from '../../engine/recorder.ts';
import { utf8 } from '../../engine/utf8.ts';
import { kernelFault } from '../arch/x86/mm/fault.ts';
import type { Reg } from '../arch/x86/kernel/dumpstack.ts';
import { D_LOOKUP_2625_SITES } from '../arch/x86/kernel/code_bytes.ts';
import { kread32, kread64, kreadBytes, kwrite, kwrite32, kwrite32Phys, kwrite64, kwrite64Phys, type OnFault } from '../../machine/kaccess.ts';
import type { Frame } from '../kernel/kallsyms.ts';
import type { Subsystem } from '../../machine/subsystem.ts';
import type { KmemCache } from '../mm/slab.ts';
import { PAGE_SIZE } from '../include/linux/mm_types.ts';
import type { Deps } from '../../machine/modules.ts';

/** Offsets in __d_lookup() of the loads that can fault. */
interface LookupSites {
  readonly head: number;
  readonly next: number;
  readonly hash: number;
  readonly name: number;
}
const LOOKUP_68_SITES: LookupSites = { head: 0x2c, next: 0x3e, hash: 0x45, name: 0x8a };
const LOOKUP_NEXT = 0;
const LOOKUP_FIELD = 1;
const LOOKUP_NAME = 2;

/** __d_lookup()'s registers during the walk, as an oops at a faulting load shows them. */
interface LookupRegs {
  node: bigint;
  next: bigint;
  dva: bigint;
  nameVa: bigint;
  readonly pva: bigint;
  readonly hash: bigint;
  readonly len: number;
}

export const EV_DCACHE_INIT = eventKind('boot.dcache');
export const EV_D_ALLOC = eventKind('dcache.d_alloc');
export const EV_D_LOOKUP = eventKind('dcache.lookup');
export const EV_D_FREE = eventKind('dcache.d_free');

/** Field offsets of struct dentry on x86-64, and what goes with them. */
export interface DentryLayout {
  size: number;
  d_count: number;
  d_flags: number;
  /** The spinlock word (d_lock; in d_lockref since 3.12). */
  d_lock: number;
  d_inode: number;
  d_hash_next: number;
  d_hash_pprev: number;
  d_parent: number;
  d_name_hash: number;
  d_name_len: number;
  d_name_name: number;
  d_lru: number;
  /** Where the dentry sits on its parent's list of children: d_u.d_child (list_head) or d_sib (hlist_node, 6.8). */
  d_child: number;
  /** The list of children: d_subdirs (list_head) or d_children (hlist_head, 6.8). */
  d_subdirs: number;
  /** 6.8 links children through hlists (commit da549bdd15c2, "dentry: switch the lists of children to hlist"). */
  childrenHlist: boolean;
  d_alias: number;
  d_op: number;
  d_sb: number;
  d_fsdata: number;
  d_iname: number;
  inlineLen: number;
  /** Offset of d_release in struct dentry_operations. */
  d_release: number;
}

// struct dentry, include/linux/dcache.h 2.6.25 (CONFIG_PROFILING, no spinlock debugging): 208 bytes;
// d_alias at 112, d_time at 128, d_cookie at 160, d_mounted at 168
export const DENTRY_2625: DentryLayout = {
  size: 208, d_count: 0, d_flags: 4, d_lock: 8, d_inode: 16, d_hash_next: 24, d_hash_pprev: 32, d_parent: 40,
  d_name_hash: 48, d_name_len: 52, d_name_name: 56, d_lru: 64, d_child: 80, d_subdirs: 96, childrenHlist: false, d_alias: 112,
  d_op: 136, d_sb: 144, d_fsdata: 152, d_iname: 172, inlineLen: 36, d_release: 0x20,
};

// struct dentry, include/linux/dcache.h 6.8: 192 bytes, DNAME_INLINE_LEN 40; d_lockref (lock, count) at 96,
// d_time at 120, d_lru at 136, d_sib at 152, d_children at 168, d_u.d_alias at 176
export const DENTRY_68: DentryLayout = {
  size: 192, d_count: 100, d_flags: 0, d_lock: 96, d_inode: 48, d_hash_next: 8, d_hash_pprev: 16, d_parent: 24,
  d_name_hash: 32, d_name_len: 36, d_name_name: 40, d_lru: 136, d_child: 152, d_subdirs: 168, childrenHlist: true, d_alias: 176,
  d_op: 104, d_sb: 112, d_fsdata: 128, d_iname: 56, inlineLen: 40, d_release: 0x30,
};

/** LIST_POISON1/2, include/linux/poison.h (x86-64, no POISON_POINTER_DELTA in 2.6.25). */
const LIST_POISON1 = 0x00100100n;
const LIST_POISON2 = 0x00200200n;
/** DCACHE_UNHASHED (2.6.25 d_flags). */
const DCACHE_UNHASHED = 0x0010;
/** GOLDEN_RATIO_PRIME, include/linux/hash.h 2.6.25 (64-bit). */
const GOLDEN_RATIO_PRIME = 0x9e37fffffffc0001n;
const GOLDEN_LO = 0xfffc0001;
const GOLDEN_HI = 0x9e37ffff;
/** L1_CACHE_BYTES of a K8. */
const L1_CACHE_BYTES = 64n;
const M64 = (1n << 64n) - 1n;

// full_name_hash(), include/linux/dcache.h 2.6.25: partial_name_hash() per byte, end_name_hash().
// The hash is unsigned long but only its low 32 bits are kept, and + and * carry upwards only, so
// the sum is done modulo 2^32.
export function fullNameHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i) & 0xff;
    h = Math.imul(h + (c << 4) + (c >> 4), 11) >>> 0;
  }
  return h;
}

/** kswapd's way into the dentry shrinker, outermost first: 2.6.25's shrink_dcache_memory(), 6.8's super_cache_scan(). */
export function kswapdShrinkFrames(since2626: boolean): Frame[] {
  if (!since2626) return [{ fn: 'child_rip' }, { fn: 'kthread' }, { fn: 'kswapd' }, { fn: 'balance_pgdat' }, { fn: 'shrink_slab' }, { fn: 'shrink_dcache_memory' }];
  return [{ fn: 'ret_from_fork_asm' }, { fn: 'ret_from_fork' }, { fn: 'kthread' }, { fn: 'kswapd' }, { fn: 'balance_pgdat' }, { fn: 'kswapd_shrink_node' }, { fn: 'shrink_node' }, { fn: 'shrink_slab' }, { fn: 'do_shrink_slab' }, { fn: 'super_cache_scan' }];
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
  /** dentry_unused: unused dentries, least recently used first (lruSet: the same, for membership without a scan). */
  private lruList: number[] = [];
  private lruSet = new Set<number>();
  /** dentry_stat.nr_dentry. */
  nr = 0;
  /** Names d_alloc ops generated per directory (the "files on disk"). */
  generated = new Map<string, number>();
  readonly L: DentryLayout;
  /** PAGE_OFFSET as two 32-bit halves, for d_hash() without BigInt. */
  private readonly pageOffsetLo: number;
  private readonly pageOffsetHi: number;

  constructor(private readonly sys: Deps<'slub' | 'traps' | 'vmalloc' | 'user'>) {
    this.L = !sys.k.since('2.6.26') ? DENTRY_2625 : DENTRY_68;
    this.pageOffsetLo = Number(sys.k.layout.pageOffset & 0xffffffffn);
    this.pageOffsetHi = Number((sys.k.layout.pageOffset >> 32n) & 0xffffffffn);
  }

  get lru(): readonly number[] {
    return this.lruList;
  }

  set lru(list: readonly number[]) {
    this.lruList = list.slice();
    this.lruSet = new Set(list);
  }

  /** list_add(&dentry->d_lru, &dentry_unused) unless it is there already. */
  private lruAdd(d: number): void {
    if (this.lruSet.has(d)) return;
    this.lruSet.add(d);
    this.lruList.push(d);
  }

  snapshot(): DcacheSnapshot {
    return { table: this.table, shift: this.shift, root: this.root, lru: this.lru.slice(), nr: this.nr, generated: [...this.generated] };
  }

  restore(s: DcacheSnapshot): void {
    this.table = s.table;
    this.shift = s.shift;
    this.root = s.root;
    this.lru = s.lru;
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
    this.sys.slub.calledFrom({ name: 'dcache_init', module: null }, () => this.sys.slub.kmemCacheCreate('dentry', this.L.size, 8, ['SLAB_RECLAIM_ACCOUNT', 'SLAB_PANIC']));
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
    if (this.shift < 1 || this.shift > 30) return this.dHash2625Big(parent, hash);
    // the same 64-bit sums as 32-bit halves: only the low d_hash_shift bits are kept
    const lo = this.pageOffsetLo + (parent % 0x100000000);
    const vaLo = lo % 0x100000000;
    const vaHi = (this.pageOffsetHi + Math.floor(parent / 0x100000000) + (lo >= 0x100000000 ? 1 : 0)) >>> 0;
    const xLo = (vaLo ^ GOLDEN_LO) >>> 0;
    const xHi = (vaHi ^ GOLDEN_HI) >>> 0;
    // / L1_CACHE_BYTES (64): a shift by 6
    const sum = ((xLo >>> 6) | (xHi << 26)) >>> 0;
    const hLo = (sum + hash) % 0x100000000;
    const hHi = ((xHi >>> 6) + (sum + hash >= 0x100000000 ? 1 : 0)) >>> 0;
    const tLo = (hLo ^ GOLDEN_LO) >>> 0;
    const tHi = (hHi ^ GOLDEN_HI) >>> 0;
    const shifted = ((tLo >>> this.shift) | (tHi << (32 - this.shift))) >>> 0;
    return this.table + (((hLo ^ shifted) >>> 0) & (n - 1)) * 8;
  }

  /** d_hash() of 2.6.25 in 64-bit arithmetic, for hash tables of more than 2^31 buckets. */
  dHash2625Big(parent: number, hash: number): number {
    const n = 1 << this.shift;
    let h = BigInt(hash);
    h = (h + ((this.va(parent) ^ GOLDEN_RATIO_PRIME) & M64) / L1_CACHE_BYTES) & M64;
    h = h ^ ((h ^ GOLDEN_RATIO_PRIME) >> BigInt(this.shift));
    return this.table + Number(h & BigInt(n - 1)) * 8;
  }

  /** Reads and writes of the model: a fault oopses with __d_lookup-like context. */
  private fault(ip: Frame, regs: Partial<Record<Reg, bigint>> = {}, fields: Record<string, string> = {}): OnFault {
    return (addr, write) => kernelFault(this.sys, { addr, write, ip, trace: this.sys.traps.callers(), regs, fields });
  }

  // d_alloc(), fs/dcache.c 2.6.25 (6.8: __d_alloc() + d_alloc()): a new unhashed dentry, its name inline or
  // kmalloc'ed. Only the fields the kernel initialises are written; the rest keep what the slab left there.
  dAlloc(parent: number | null, name: string): number {
    const sys = this.sys;
    const k = sys.k;
    const L = this.L;
    const v2625 = !k.since('2.6.26');
    return sys.traps.call({ fn: 'd_alloc' }, () => {
      // 2.6.25 d_alloc(): kmem_cache_alloc(); 6.8 __d_alloc(): kmem_cache_alloc_lru()
      const from = { name: v2625 ? 'd_alloc' : '__d_alloc', module: null };
      const d = sys.slub.calledFrom(from, () => sys.slub.kmemCacheAlloc(this.cache));
      if (d === null) return -1;
      k.rec.emit(EV_D_ALLOC, d, parent ?? -1, { name });
      const dva = this.va(d);
      const bytes = utf8(name);
      let dname = dva + BigInt(L.d_iname);
      if (bytes.length > L.inlineLen - 1) {
        const p = sys.slub.calledFrom(from, () => sys.slub.kmalloc(bytes.length + 1));
        if (p === null) return -1;
        dname = this.va(p);
      }
      const w = 'd_alloc';
      const f = this.fault({ fn: 'd_alloc', off: 0x10a });
      // the new dentry is a slab object in the direct map: its own fields are stored by physical address
      const put64 = (off: number, v: bigint): void => kwrite64Phys(sys, d + off, v, w);
      const put32 = (off: number, v: number): void => kwrite32Phys(sys, d + off, v, w);
      const self = (off: number): bigint => dva + BigInt(off);
      // 6.8: dentry->d_iname[DNAME_INLINE_LEN-1] = 0
      if (!v2625) kwrite(sys, dva + BigInt(L.d_iname + L.inlineLen - 1), Uint8Array.of(0), w, f);
      const nm = new Uint8Array(bytes.length + 1);
      nm.set(bytes);
      kwrite(sys, dname, nm, 'd_alloc: memcpy(dname, name->name)', f);
      put64(L.d_name_name, dname);
      put32(L.d_name_len, bytes.length);
      put32(L.d_name_hash, fullNameHash(name));
      put32(L.d_count, 1);
      put32(L.d_flags, v2625 ? DCACHE_UNHASHED : 0);
      // spin_lock_init(&dentry->d_lock); 6.8: seqcount_spinlock_init(&dentry->d_seq)
      put32(L.d_lock, 0);
      if (!v2625) put32(L.d_flags + 4, 0);
      put64(L.d_inode, 0n);
      put64(L.d_sb, 0n);
      put64(L.d_op, 0n);
      put64(L.d_fsdata, 0n);
      if (v2625) {
        // d_mounted = 0; CONFIG_PROFILING: d_cookie = NULL
        put32(168, 0);
        put64(160, 0n);
      }
      // INIT_HLIST_NODE(&dentry->d_hash) (6.8: INIT_HLIST_BL_NODE)
      put64(L.d_hash_next, 0n);
      put64(L.d_hash_pprev, 0n);
      // INIT_LIST_HEAD(&dentry->d_lru)
      put64(L.d_lru, self(L.d_lru));
      put64(L.d_lru + 8, self(L.d_lru));
      if (L.childrenHlist) {
        // INIT_HLIST_HEAD(&dentry->d_children), INIT_HLIST_NODE(&dentry->d_u.d_alias), INIT_HLIST_NODE(&dentry->d_sib)
        put64(L.d_subdirs, 0n);
        put64(L.d_alias, 0n);
        put64(L.d_alias + 8, 0n);
        put64(L.d_child, 0n);
        put64(L.d_child + 8, 0n);
        // 6.8: d_parent = dentry until d_alloc() links it; d_sb = sb
        put64(L.d_parent, dva);
      } else {
        // INIT_LIST_HEAD(&dentry->d_subdirs), INIT_LIST_HEAD(&dentry->d_alias)
        put64(L.d_subdirs, self(L.d_subdirs));
        put64(L.d_subdirs + 8, self(L.d_subdirs));
        put64(L.d_alias, self(L.d_alias));
        put64(L.d_alias + 8, self(L.d_alias));
        put64(L.d_parent, 0n);
      }
      if (parent === null) {
        // d_alloc_root() (6.8: d_make_root()): its own parent, on no list
        put64(L.d_parent, dva);
        if (!L.childrenHlist) {
          put64(L.d_child, self(L.d_child));
          put64(L.d_child + 8, self(L.d_child));
        }
        put64(L.d_sb, k.layout.pageOffset + 0x7e3f0000n);
      } else {
        const pva = this.va(parent);
        // dget(parent) (6.8: __dget_dlock() under parent->d_lock)
        kwrite32(sys, pva + BigInt(L.d_count), kread32(sys, pva + BigInt(L.d_count), f) + 1, 'dget', f);
        put64(L.d_parent, pva);
        put64(L.d_sb, kread64(sys, pva + BigInt(L.d_sb), f));
        const head = pva + BigInt(L.d_subdirs);
        const node = self(L.d_child);
        if (L.childrenHlist) {
          // hlist_add_head(&dentry->d_sib, &parent->d_children)
          const first = kread64(sys, head, f);
          const fl = this.fault({ fn: 'd_alloc', off: 0x1b2 }, { ax: first, dx: head });
          put64(L.d_child, first);
          if (first !== 0n) kwrite64(sys, first + 8n, node, 'd_alloc: hlist_add_head(d_sib)', fl);
          kwrite64(sys, head, node, 'd_alloc: hlist_add_head(d_sib)', fl);
          put64(L.d_child + 8, head);
        } else {
          // list_add(&dentry->d_u.d_child, &parent->d_subdirs)
          const next = kread64(sys, head, f);
          const fl = this.fault({ fn: 'd_alloc', off: 0x1b2 }, { ax: next, dx: head });
          kwrite64(sys, next + 8n, node, 'd_alloc: list_add(d_child)', fl);
          put64(L.d_child, next);
          put64(L.d_child + 8, head);
          kwrite64(sys, head, node, 'd_alloc: list_add(d_child)', fl);
        }
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

  // __d_lookup(), fs/dcache.c 2.6.25: walk the hash chain under rcu_read_lock(); null when not found
  dLookup(parent: number, q: Qstr): number | null {
    const sys = this.sys;
    const k = sys.k;
    const L = this.L;
    const v2625 = !k.since('2.6.26');
    const bucket = this.dHash(parent, q.hash);
    k.rec.emit(EV_D_LOOKUP, (bucket - this.table) / 8, q.hash, { name: q.name });
    const pva = this.va(parent);
    // where 2.6.25's text (arch/x86/kernel/code_bytes.ts) loads the chain head, pos->next, the hash and the name
    const at = v2625 ? D_LOOKUP_2625_SITES : LOOKUP_68_SITES;
    let node = kread64(sys, this.va(bucket), this.fault({ fn: '__d_lookup', off: at.head }));
    const bytes = utf8(q.name);
    // what the oops prints is built only when a load faults; the walk's registers are read then
    const r: LookupRegs = { node, next: 0n, dva: 0n, nameVa: 0n, pva, hash: BigInt(q.hash), len: bytes.length };
    const fNext = this.lookupFault(LOOKUP_NEXT, at, r);
    const fField = this.lookupFault(LOOKUP_FIELD, at, r);
    const fName = this.lookupFault(LOOKUP_NAME, at, r);
    const oHashNext = BigInt(L.d_hash_next);
    const oNameHash = BigInt(L.d_name_hash);
    const oParent = BigInt(L.d_parent);
    const oNameLen = BigInt(L.d_name_len);
    const oNameName = BigInt(L.d_name_name);
    for (let guard = 0; node !== 0n && guard < 100000; guard++) {
      // hlist_for_each_entry_rcu(): prefetch(pos->next) loads pos->next
      r.node = node;
      const next = kread64(sys, node, fNext);
      r.next = next;
      const dva = node - oHashNext;
      r.dva = dva;
      if (kread32(sys, dva + oNameHash, fField) !== q.hash || kread64(sys, dva + oParent, fField) !== pva || kread32(sys, dva + oNameLen, fField) !== bytes.length) {
        node = next;
        continue;
      }
      // memcmp(qstr->name, str, len)
      const nameVa = kread64(sys, dva + oNameName, fField);
      r.nameVa = nameVa;
      if (bytes.length > 0) {
        const stored = kreadBytes(sys, nameVa, bytes.length, fName);
        let same = true;
        for (let i = 0; i < bytes.length; i++) if (stored[i] !== bytes[i]) same = false;
        if (!same) {
          node = next;
          continue;
        }
      }
      // if (!d_unhashed(dentry)) { atomic_inc(&dentry->d_count); found = dentry; }
      const unhashed = v2625 ? (kread32(sys, dva + BigInt(L.d_flags), fField) & DCACHE_UNHASHED) !== 0 : kread64(sys, dva + BigInt(L.d_hash_pprev), fField) === 0n;
      return unhashed ? null : this.phys(dva);
    }
    return null;
  }

  /** A fault handler of the __d_lookup() walk: the registers it prints are read from `r` when a load faults. */
  private lookupFault(which: number, at: LookupSites, r: LookupRegs): OnFault {
    return (addr, write) => {
      const k = this.sys.k;
      // the qstr on the walker's stack (Rafael's oops had it at ffff810064c5dd08)
      const qva = k.layout.pageOffset + (0x64c5dd08n % BigInt(k.ramBytes));
      const { node, next, dva, nameVa, pva, hash, len } = r;
      if (which === LOOKUP_NEXT)
        return this.fault({ fn: '__d_lookup', off: at.next }, { ax: node, dx: node, cx: 0x12n, si: qva, di: pva, r12: pva, r13: qva, r14: hash }, { field: 'd_hash.next' })(addr, write);
      if (which === LOOKUP_FIELD)
        return this.fault({ fn: '__d_lookup', off: at.hash }, { bx: dva, ax: next, dx: node, r12: pva, r13: qva, r14: hash, di: pva }, { field: 'dentry' })(addr, write);
      return this.fault(
        { fn: '__d_lookup', off: at.name },
        { si: nameVa, di: qva, cx: BigInt(len), bx: dva, r12: pva, r13: qva, r14: hash, r15: BigInt(len) },
        { field: 'd_name.name', dentry: `0x${dva.toString(16)}` },
      )(addr, write);
    };
  }

  /** dput() of a dentry that nobody holds any more: onto dentry_unused. */
  dput(d: number): void {
    const sys = this.sys;
    const dva = this.va(d);
    const f = this.fault({ fn: 'dput', off: 0x2e });
    const c = kread32(sys, dva + BigInt(this.L.d_count), f);
    if (c <= 1) {
      kwrite32(sys, dva + BigInt(this.L.d_count), 0, 'dput', f);
      this.lruAdd(d);
    } else kwrite32(sys, dva + BigInt(this.L.d_count), c - 1, 'dput', f);
  }

  // prune_dcache(), fs/dcache.c 2.6.25 (6.8: prune_dcache_sb() -> shrink_dentry_list()): the least recently
  // used unused dentries, prune_one_dentry() (6.8: shrink_kill()) each
  pruneDcache(count: number): number {
    const sys = this.sys;
    const v2625 = !sys.k.since('2.6.26');
    let done = 0;
    sys.traps.call(v2625 ? [{ fn: 'prune_dcache' }] : [{ fn: 'prune_dcache_sb' }, { fn: 'shrink_dentry_list' }], () => {
      while (done < count && this.lruList.length > 0) {
        const d = this.lruList.shift()!;
        this.lruSet.delete(d);
        this.pruneOneDentry(d);
        done++;
      }
    });
    return done;
  }

  // prune_one_dentry() -> __d_drop() + d_kill() -> d_free(), fs/dcache.c 2.6.25;
  // shrink_kill() -> __dentry_kill() -> dentry_unlist() + dentry_free(), fs/dcache.c 6.8
  private pruneOneDentry(d: number): void {
    const sys = this.sys;
    const k = sys.k;
    const L = this.L;
    const v2625 = !k.since('2.6.26');
    const dva = this.va(d);
    k.rec.emit(EV_D_FREE, d, 0);
    const fn = v2625 ? 'prune_one_dentry' : '__dentry_kill';
    const f = this.fault({ fn, off: 0x2a }, { bx: dva });
    // __d_drop(): (2.6.25: d_flags |= DCACHE_UNHASHED) hlist_del_rcu(&dentry->d_hash); 6.8 leaves pprev NULL
    if (v2625) kwrite32(sys, dva + BigInt(L.d_flags), kread32(sys, dva + BigInt(L.d_flags), f) | DCACHE_UNHASHED, '__d_drop', f);
    const next = kread64(sys, dva + BigInt(L.d_hash_next), f);
    const pprev = kread64(sys, dva + BigInt(L.d_hash_pprev), f);
    if (pprev !== 0n && pprev !== LIST_POISON2) {
      const fw = this.fault({ fn, off: 0x3d }, { ax: pprev, dx: next, bx: dva });
      kwrite64(sys, pprev, next, '__d_drop: hlist_del_rcu', fw);
      if (next !== 0n) kwrite64(sys, next + 8n, pprev, '__d_drop: hlist_del_rcu', this.fault({ fn, off: 0x46 }, { ax: next, dx: pprev, bx: dva }));
      kwrite64(sys, dva + BigInt(L.d_hash_pprev), v2625 ? LIST_POISON2 : 0n, v2625 ? '__d_drop: LIST_POISON2' : '___d_drop: hlist_bl_del_init_rcu', f);
    }
    const parentVa = kread64(sys, dva + BigInt(L.d_parent), f);
    this.nr--;
    if (v2625) {
      // d_kill(): list_del(&dentry->d_u.d_child), dentry_iput(), then d_free()
      sys.traps.call([{ fn: 'd_kill' }], () => {
        this.listDel(dva + BigInt(L.d_child), this.fault({ fn: 'd_kill', off: 0x2f }, { bx: dva }));
        this.dFree(d);
      });
    } else {
      // __dentry_kill(): dentry_unlist() takes it off the parent's children, then d_op->d_release, dentry_free()
      this.hlistDel(dva + BigInt(L.d_child), f);
      this.dRelease(dva, { fn: '__dentry_kill', off: 0x11c });
      sys.traps.call([{ fn: 'dentry_free' }], () => this.dFree(d));
    }
    if (parentVa !== dva) {
      const parent = this.phys(parentVa);
      const fp = this.fault({ fn: 'dput', off: 0x1c }, { di: parentVa });
      const c = kread32(sys, parentVa + BigInt(L.d_count), fp);
      kwrite32(sys, parentVa + BigInt(L.d_count), Math.max(0, c - 1), 'dput', fp);
      if (c === 1 && parent !== this.root) this.lruAdd(parent);
    }
  }

  // list_del(), include/linux/list.h 2.6.25: unlink, then LIST_POISON1/2 in the entry
  private listDel(entry: bigint, f: OnFault): void {
    const sys = this.sys;
    const next = kread64(sys, entry, f);
    const prev = kread64(sys, entry + 8n, f);
    const fl = this.fault({ fn: 'd_kill', off: 0x3b }, { ax: next, dx: prev });
    kwrite64(sys, next + 8n, prev, 'd_kill: list_del(d_child)', fl);
    kwrite64(sys, prev, next, 'd_kill: list_del(d_child)', fl);
    kwrite64(sys, entry, LIST_POISON1, 'd_kill: LIST_POISON1', f);
    kwrite64(sys, entry + 8n, LIST_POISON2, 'd_kill: LIST_POISON2', f);
  }

  // __hlist_del(), include/linux/list.h 6.8, as dentry_unlist() uses it on d_sib (the node keeps its pointers)
  private hlistDel(node: bigint, f: OnFault): void {
    const sys = this.sys;
    const pprev = kread64(sys, node + 8n, f);
    if (pprev === 0n) return; // hlist_unhashed(): on no list
    const next = kread64(sys, node, f);
    const fl = this.fault({ fn: 'dentry_unlist', off: 0x1d }, { ax: next, dx: pprev });
    kwrite64(sys, pprev, next, 'dentry_unlist: __hlist_del(d_sib)', fl);
    if (next !== 0n) kwrite64(sys, next + 8n, pprev, 'dentry_unlist: __hlist_del(d_sib)', fl);
  }

  // if (dentry->d_op && dentry->d_op->d_release): a d_op of 0xf0 reads address 0x110 (2.6.25; 0x120 on 6.8)
  private dRelease(dva: bigint, at: Frame): void {
    const sys = this.sys;
    const L = this.L;
    const f = this.fault(at, { bx: dva });
    const op = kread64(sys, dva + BigInt(L.d_op), f);
    if (op === 0n) return;
    const fr = this.fault(at, { ax: op, bx: dva }, { field: 'd_op', dentry: `0x${dva.toString(16)}` });
    const release = kread64(sys, op + BigInt(L.d_release), fr);
    if (release !== 0n) sys.k.printk(KERN_INFO, `d_release at 0x${release.toString(16)} not modeled`);
  }

  // d_free(), fs/dcache.c 2.6.25 (d_op->d_release first; 6.8's dentry_free() does only the freeing): the
  // external name, then kmem_cache_free() (after RCU)
  private dFree(d: number): void {
    const sys = this.sys;
    const L = this.L;
    const dva = this.va(d);
    const v2625 = !sys.k.since('2.6.26');
    if (v2625) this.dRelease(dva, { fn: 'd_free', off: 0x18 });
    const f = this.fault({ fn: v2625 ? 'd_free' : 'dentry_free', off: 0x18 }, { bx: dva });
    const nameVa = kread64(sys, dva + BigInt(L.d_name_name), f);
    if (nameVa !== dva + BigInt(L.d_iname)) {
      const np = nameVa - sys.k.layout.pageOffset;
      // __d_free() (6.8: __d_free_external()): kfree() of the external name
      if (np >= 0n && np < BigInt(sys.k.ramBytes)) sys.slub.calledFrom({ name: v2625 ? '__d_free' : '__d_free_external', module: null }, () => sys.slub.kfree(Number(np)));
    }
    sys.traps.call({ fn: '__d_free' }, () => sys.slub.calledFrom({ name: '__d_free', module: null }, () => sys.slub.kmemCacheFree(this.cache, d)));
  }
}
