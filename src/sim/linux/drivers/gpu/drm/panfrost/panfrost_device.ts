// The Panfrost GPU of an RK3399 board (Mali-T860) with the GEM shmem objects its driver creates,
// drivers/gpu/drm/panfrost 5.19: probe, the objects' state the model keeps beside simulated memory,
// and the memory helpers the GEM code uses (every field the kernel reads is loaded from memory).
// A QEMU guest's VirtIO-GPU (drivers/gpu/drm/virtio) keeps its GEM shmem objects here too, with the
// swap area and the LRU of shmem pages their eviction hands to reclaim.
import type { Hasher } from '../../../../../engine/hash.ts';
import { eventKind, KERN_INFO } from '../../../../../engine/recorder.ts';
import type { Deps } from '../../../../../machine/modules.ts';
import type { PhysInfo, Subsystem } from '../../../../../machine/subsystem.ts';
import { kread32, kread64, kwrite, kwrite32, kwrite64, type OnFault } from '../../../../../machine/kaccess.ts';
import { kernelFault } from '../../../../arch/x86/mm/fault.ts';
import { TaskBlocked } from '../../../../kernel/hung_task.ts';
import { TASK_SPINNING } from '../../../../include/linux/sched.ts';
import { PAGE_SIZE } from '../../../../include/linux/mm_types.ts';
import { PFDEV, GEM_SHRINKER } from '../../../../include/drm/drm_gem_shmem_helper.ts';
import { Shrinkers } from '../../../../mm/shrinker.ts';
import { PageAllocator, type FsReclaimHooks } from '../../../../mm/page_alloc_slowpath.ts';
import { lruSize, shrinkShmemLru, type LruPage, type ShmemCtx, type ShmemInode } from '../../../../mm/shmem.ts';
import { SwapArea, type SwapSnapshot } from '../../../../mm/swapfile.ts';
import { frameOf, ListHeads } from './panfrost_list.ts';

export const EV_GEM = eventKind('drm.gem');

export type PanfrostDeps = Deps<'slub' | 'locking' | 'traps' | 'vmalloc' | 'user' | 'mm' | 'lists'>;

/** One GEM object as the model tracks it beside its bytes in simulated memory. */
export interface GemObject extends ShmemInode {
  readonly name: string;
  /** Kernel virtual address of the struct panfrost_gem_object. */
  readonly va: bigint;
  readonly pages: number;
  /** Frames of its shmem pages while resident, in page order. */
  frames: number[];
  /** Pages in swap slots (the shmem file's swap entries) after an eviction. */
  swapped: number;
  /** Page-cache frames per page index that no pages array pins any more (an evicted object's), -1 elsewhere. */
  cache: number[];
  /** Swap slots per page index, -1 elsewhere. */
  slots: number[];
  /** VirtIO-GPU: the host resource's id (0 on Panfrost), and bo->detached (the host no longer has the pages). */
  resHandle: number;
  detached: boolean;
  /** User space has it mmap()ed (drm_gem_shmem_mmap() took a pages reference). */
  mmapped: boolean;
  /** The file's handle is open. */
  handle: boolean;
  /** The struct was kfree()d. */
  freed: boolean;
  /** The task that created it. */
  readonly task: string;
  /** A drm_gem_close() that lands while a shrinker scan works on this object. */
  pendingClose: PendingClose | null;
}

export interface PendingClose {
  readonly task: string;
  readonly cpu: number;
  /** "after_get": between the scan's reference and its put; "before_get": while the scan holds the shrinker lock before it looks at the object. */
  readonly at: 'after_get' | 'before_get';
}

/** A drm_gem_shmem_free() asleep on gem_shrinker->lock: whose, and whether it holds the reservation lock. */
export interface BlockedFree {
  readonly name: string;
  readonly task: string;
  readonly cpu: number;
  readonly resv: boolean;
  readonly stack: readonly string[];
}

export interface PanfrostSnapshot {
  objects: GemObject[];
  userPages: [string, number[]][];
  heads: ReturnType<ListHeads['snapshot']>;
  shrinkers: ReturnType<Shrinkers['snapshot']>;
  probed: boolean;
  pfdev: string;
  gemShrinker: string;
  scans: number;
  blockedFree: BlockedFree | null;
  driver: GemDriver | null;
  swap: SwapSnapshot;
  lru: LruPage[];
  vgdev: string;
  nextResHandle: number;
}

/** Which DRM driver probed: Panfrost or VirtIO-GPU. */
export type GemDriver = 'panfrost' | 'virtio_gpu';

const hex = (v: bigint): string => `0x${v.toString(16)}`;

export class Panfrost implements Subsystem<PanfrostSnapshot>, ShmemCtx {
  readonly name = 'panfrost';
  driver: GemDriver | null = null;
  /** The swap area (machine.swapMiB) and the inactive LRU of unpinned shmem pages. */
  readonly swap: SwapArea;
  lru: LruPage[] = [];
  /** VirtIO-GPU: struct virtio_gpu_device, and the next resource id virtio_gpu_resource_id_get() hands out. */
  vgdev = 0n;
  nextResHandle = 1;
  /** shmem->evict of the driver's objects (VirtIO-GPU: virtio_gpu_shmem_evict()), set when it probes; 0 or -errno. */
  evictCallback: (o: GemObject, stack: readonly string[]) => number = () => -95;
  objects: GemObject[] = [];
  /** Anonymous pages user tasks faulted in (user_fault), per task. */
  userPages = new Map<string, number[]>();
  readonly heads: ListHeads;
  readonly shrinkers: Shrinkers;
  readonly alloc: PageAllocator;
  probed = false;
  /** struct panfrost_device and the v6 series' struct drm_gem_shmem_shrinker. */
  pfdev = 0n;
  gemShrinker = 0n;
  /** Shrinker scans so far (the view's lane). */
  scans = 0;
  /** The object whose drm_gem_shmem_free() waits for the shrinker lock (the racing close), by name. */
  blockedFree: BlockedFree | null = null;

  constructor(
    readonly sys: PanfrostDeps,
    fsReclaim: FsReclaimHooks,
  ) {
    this.heads = new ListHeads(this);
    this.shrinkers = new Shrinkers(sys.k);
    this.swap = new SwapArea(sys.k);
    this.alloc = new PageAllocator(sys.k, this.shrinkers, fsReclaim, {
      size: () => lruSize(this),
      shrink: (priority, nr, stack) => shrinkShmemLru(this, priority, nr, stack),
    });
  }

  inode(name: string): GemObject | undefined {
    return this.objects.find((o) => o.name === name && !o.freed);
  }

  get k(): PanfrostDeps['k'] {
    return this.sys.k;
  }

  /** The v6 series is applied: Panfrost uses the generic drm-shmem shrinker. */
  get generic(): boolean {
    return this.k.patch('drm_shmem_generic_shrinker');
  }

  // A list walk that never gets back to its head (reported as list.endless_walk by the walk): the kernel spins
  // there for good (a preemptible loop under a mutex, so neither the soft-lockup detector nor khungtaskd
  // says anything); the task runs no more
  spinForever(fn: string): never {
    const t = this.sys.locking.current();
    t.state = TASK_SPINNING;
    t.stateWhy = `spinning in ${fn} since event ${this.k.rec.current} (a list that never returns to its head)`;
    throw new TaskBlocked(`${fn} spins on a broken list`);
  }

  // A load or store the CPU does at `ip` (with `stack` above it): an address nothing backs oopses there
  fault(ip: string, stack: readonly string[]): OnFault {
    return (addr, write) => kernelFault(this.sys, { addr, write, ip: frameOf(ip), trace: stack.map(frameOf) });
  }

  r64(va: bigint, ip: string, stack: readonly string[]): bigint {
    return kread64(this.sys, va, this.fault(ip, stack));
  }

  r32(va: bigint, ip: string, stack: readonly string[]): number {
    return kread32(this.sys, va, this.fault(ip, stack));
  }

  w64(va: bigint, v: bigint, writer: string, ip: string, stack: readonly string[]): void {
    kwrite64(this.sys, va, v, writer, this.fault(ip, stack));
  }

  w32(va: bigint, v: number, writer: string, ip: string, stack: readonly string[]): void {
    kwrite32(this.sys, va, v, writer, this.fault(ip, stack));
  }

  w8(va: bigint, v: number, writer: string, ip: string, stack: readonly string[]): void {
    kwrite(this.sys, va, Uint8Array.of(v), writer, this.fault(ip, stack));
  }

  /** kzalloc() from `caller`: the direct-map address, or 0n. */
  kzalloc(size: number, caller: string, module: string | null): bigint {
    const slub = this.sys.slub;
    const phys = slub.calledFrom({ name: caller, module }, () => slub.kmalloc(size));
    if (phys === null) return 0n;
    this.k.memFill(phys, size, 0, `${caller} (kzalloc)`);
    return this.k.layout.pageOffset + BigInt(phys);
  }

  kfree(va: bigint, caller: string, module: string | null): void {
    const slub = this.sys.slub;
    slub.calledFrom({ name: caller, module }, () => slub.kfree(Number(va - this.k.layout.pageOffset)));
  }

  // panfrost_probe() -> panfrost_device_init() + drm_dev_register(), panfrost_drv.c 5.19 (as an initcall of the built-in driver)
  probe(): void {
    const k = this.k;
    this.probed = true;
    this.driver = 'panfrost';
    const dev = 'panfrost ff9a0000.gpu';
    k.printk(KERN_INFO, `${dev}: clock rate = 500000000`);
    k.printk(KERN_INFO, `${dev}: mali-t860 id 0x860 major 0x2 minor 0x0 status 0x0`);
    k.printk(KERN_INFO, `${dev}: features: 00000000,00000407, issues: 00000000,24040400`);
    k.printk(KERN_INFO, `${dev}: Features: L2:0x07120206 Shader:0x00000000 Tiler:0x00000809 Mem:0x1 MMU:0x00002830 AS:0xff JS:0x7`);
    k.printk(KERN_INFO, `${dev}: shader_present=0xf l2_present=0x1`);
    this.pfdev = this.kzalloc(PFDEV.sizeof, 'panfrost_probe', null);
    const lk = this.sys.locking.locking;
    lk.lockInit('pfdev->shrinker_lock', 'mutex', '&pfdev->shrinker_lock', { ip: 'panfrost_probe+0x1c4/0x3a0' });
    lk.lockInit('dev->object_name_lock', 'mutex', '&dev->object_name_lock', { ip: 'drm_dev_init+0x1f8/0x3c8' });
    this.heads.init(this.pfdev + BigInt(PFDEV.shrinkerList), 'pfdev->shrinker_list', 'panfrost_probe');
    // drm_gem_shmem_shrinker_register(): the series' generic shrinker replaces panfrost_gem_shrinker_init()
    if (this.generic) this.gemShrinkerInit();
    k.printk(KERN_INFO, `[drm] Initialized panfrost 1.2.0 20180908 for ff9a0000.gpu on minor 1`);
  }

  /** drm_gem_shmem_shrinker_register() of the v6 series: the struct, its lock and its three LRUs. */
  gemShrinkerInit(): void {
    const lk = this.sys.locking.locking;
    this.gemShrinker = this.kzalloc(GEM_SHRINKER.sizeof, 'drm_gem_shmem_shrinker_register', null);
    lk.lockInit('gem_shrinker->lock', 'mutex', '&gem_shrinker->lock', { ip: 'drm_gem_shmem_shrinker_register+0x9c/0x140' });
    this.heads.init(this.gemShrinker + BigInt(GEM_SHRINKER.lruEvictable), 'gem_shrinker->lru_evictable', 'drm_gem_shmem_shrinker_register');
    this.heads.init(this.gemShrinker + BigInt(GEM_SHRINKER.lruEvicted), 'gem_shrinker->lru_evicted', 'drm_gem_shmem_shrinker_register');
    this.heads.init(this.gemShrinker + BigInt(GEM_SHRINKER.lruPinned), 'gem_shrinker->lru_pinned', 'drm_gem_shmem_shrinker_register');
  }

  object(name: string): GemObject | undefined {
    for (let i = this.objects.length - 1; i >= 0; i--) if (this.objects[i]!.name === name) return this.objects[i];
    return undefined;
  }

  objectAt(va: bigint): GemObject | undefined {
    return this.objects.find((o) => o.va === va && !o.freed);
  }

  snapshot(): PanfrostSnapshot {
    return {
      objects: this.objects.map((o) => ({ ...o, frames: o.frames.slice(), cache: o.cache.slice(), slots: o.slots.slice() })),
      userPages: [...this.userPages].map(([t, p]) => [t, p.slice()]),
      heads: this.heads.snapshot(),
      shrinkers: this.shrinkers.snapshot(),
      probed: this.probed,
      pfdev: hex(this.pfdev),
      gemShrinker: hex(this.gemShrinker),
      scans: this.scans,
      blockedFree: this.blockedFree,
      driver: this.driver,
      swap: this.swap.snapshot(),
      lru: this.lru.slice(),
      vgdev: hex(this.vgdev),
      nextResHandle: this.nextResHandle,
    };
  }

  restore(s: PanfrostSnapshot): void {
    this.objects = s.objects.map((o) => ({ ...o, frames: o.frames.slice(), cache: o.cache.slice(), slots: o.slots.slice() }));
    this.userPages = new Map(s.userPages.map(([t, p]) => [t, p.slice()]));
    this.heads.restore(s.heads);
    this.shrinkers.restore(s.shrinkers);
    this.probed = s.probed;
    this.pfdev = BigInt(s.pfdev);
    this.gemShrinker = BigInt(s.gemShrinker);
    this.scans = s.scans;
    this.blockedFree = s.blockedFree;
    this.driver = s.driver;
    this.swap.restore(s.swap);
    this.lru = s.lru.slice();
    this.vgdev = BigInt(s.vgdev);
    this.nextResHandle = s.nextResHandle;
  }

  unused(): boolean {
    return !this.probed && this.userPages.size === 0 && !this.swap.enabled;
  }

  hashInto(h: Hasher): void {
    h.u32(this.objects.length).u32(this.scans);
    for (const o of this.objects) {
      h.str(o.name).str(hex(o.va)).u32(o.pages).u32(o.swapped).u32(o.freed ? 1 : 0).u32(o.handle ? 1 : 0);
      for (const f of o.frames) h.u32(f);
      // what eviction left (nothing on machines that never evict)
      if (o.cache.length > 0 || o.slots.length > 0) {
        for (const f of o.cache) h.u32(f + 1);
        for (const s of o.slots) h.u32(s + 1);
      }
      if (o.resHandle) h.u32(o.resHandle).u32(o.detached ? 1 : 0);
    }
    for (const [t, p] of this.userPages) h.str(t).u32(p.length);
    this.swap.hashInto(h);
    if (this.lru.length > 0) for (const e of this.lru) h.str(e.file).u32(e.index);
  }

  counters(): Record<string, number> {
    if (this.unused()) return {};
    const live = this.objects.filter((o) => !o.freed);
    const c = { gem_objects: live.length, gem_resident_pages: live.reduce((n, o) => n + o.frames.length, 0), gem_swapped_pages: live.reduce((n, o) => n + o.swapped, 0) };
    return this.swap.enabled ? { ...c, swap_used_pages: this.swap.pages - this.swap.nrSwapPages() } : c;
  }

  describe(phys: number): PhysInfo | null {
    const pfn = Math.floor(phys / PAGE_SIZE);
    for (const o of this.objects) {
      const c = o.cache.indexOf(pfn);
      if (c >= 0 && !o.freed) return { owner: `GEM shmem object ${o.name} (page cache, unpinned)`, object: { name: `${o.name} page ${c}`, phys: pfn * PAGE_SIZE, allocated: true, objectSize: PAGE_SIZE, size: PAGE_SIZE }, regions: [] };
      const i = o.frames.indexOf(pfn);
      if (i >= 0) return { owner: `GEM shmem object ${o.name}`, object: { name: `${o.name} page ${i}`, phys: pfn * PAGE_SIZE, allocated: true, objectSize: PAGE_SIZE, size: PAGE_SIZE }, regions: [] };
    }
    return null;
  }
}
