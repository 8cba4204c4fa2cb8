// The nouveau DRM driver as one subsystem, drivers/gpu/drm/nouveau/nouveau_drm.c 5.10: probe at
// boot (nouveau_drm_probe() -> nouveau_drm_device_init(): nvkm device, TTM, VBIOS, fences and the
// generic kernel channel, the framebuffer console), and the PCI dev_pm_ops the device PM core
// calls: nouveau_pmops_suspend() -> nouveau_do_suspend() (console, display, "evicting buffers..."
// with ttm_bo_evict_mm(), whose result it ignores, the kernel channel idle, fences, object tree,
// then D3hot) and nouveau_pmops_resume() -> nouveau_do_resume(). The GPU itself is machine/gpu.ts.
import type { Hasher } from '../../../../../engine/hash.ts';
import { eventKind } from '../../../../../engine/events.ts';
import { KERN_INFO } from '../../../../../engine/recorder.ts';
import { fnv32 } from '../../../../../engine/hash.ts';
import { clonePlain } from '../../../../../engine/clone.ts';
import type { Kernel } from '../../../../../machine/kernel.ts';
import type { Deps } from '../../../../../machine/modules.ts';
import type { PhysInfo, Subsystem } from '../../../../../machine/subsystem.ts';
import { GPU_PCI_NAME, GpuHw, type GpuSnapshot, type M2mfOp } from '../../../../../machine/gpu.ts';
import type { Slub } from '../../../../mm/slub.ts';
import type { Ttm } from '../ttm/ttm_module.ts';
import { PAGE_SIZE } from '../../../../include/linux/mm_types.ts';
import type { TtmBo } from '../../../../include/drm/ttm/ttm_bo_api.ts';
import { TTM_PL_FLAG_NO_EVICT, TTM_PL_VRAM } from '../../../../include/drm/ttm/ttm_placement.ts';
import { ttmBoEvictMm, ttmBoPinned, ttmBoRelease } from '../ttm/ttm_bo.ts';
import { DOMAIN_BITS, nouveauBoEvictFlags, nouveauBoMove, nouveauBoMoveInit, nouveauBoMoveNtfy, nouveauBoNew, nouveauBoPin, nouveauTtmIoMemReserve, nouveauTtmTtPopulate, type GemDomain } from './nouveau_bo.ts';
import { nouveauChannelIdle, nouveauChannelNew } from './nouveau_chan.ts';
import { nouveauDisplayResume, nouveauDisplaySuspend, screenCheck } from './nouveau_display.ts';
import { nvDebug, nvdevInfo } from './nouveau_drv.ts';
import { nouveauFbconInit, nouveauFbconSetSuspend, FB_HEIGHT, FB_PITCH } from './nouveau_fbcon.ts';
import { fenceOps, FENCE_OPS_LEGACY, FENCE_OPS_UEVENT, nouveauFenceWaitUeventHandler } from './nouveau_fence.ts';
import { nouveauTtmInit, nouveauVramManagerDel, nouveauVramManagerNew } from './nouveau_ttm.ts';
import { nv84FenceCreate, nv84FenceCreateLate, nv84FenceEmit32, nv84FenceRead, nv84FenceResume, nv84FenceSuspend, nv84PrivUevent, NV84_PRIV } from './nv84_fence.ts';
import type { FenceImpl } from './nouveau_fence.ts';
import { nvkmRamCtor } from './nvkm/subdev/fb/ram.ts';

export const EV_NOUVEAU_PM = eventKind('nouveau.pm');

/** One channel: its fence context (struct nouveau_fence_chan / nv84_fence_chan) and its pushbuffer. */
export interface NouveauChan {
  chid: number;
  name: string;
  context: number;
  /** fctx->sequence: the last number emitted. */
  sequence: number;
  /** fctx->pending: fence ids emitted and not yet signaled by nouveau_fence_update(). */
  pending: number[];
  /** fctx->notify (the non-stall interrupt): constructed, refcount of waiters, enabled. */
  notify: { ctor: boolean; ref: number; enabled: boolean };
  /** Methods written since the last FIRE_RING. */
  push: M2mfOp[];
}

export interface NouveauState {
  probed: boolean;
  /** Index of the TTM device. */
  dev: number;
  /** Physical address of the kmalloc'ed struct nv84_fence_priv, or -1, and the event of its allocation (KMSAN). */
  priv: number;
  privAllocEvent: number;
  fenceBo: number;
  contextBase: number;
  chans: NouveauChan[];
  /** drm->ttm.chan: the channel moves use, -1 without acceleration. */
  ttmChan: number;
  /** What nouveau_fence_context_new() read as priv->base.uevent for the kernel channel. */
  ueventAtContextNew: number;
  fbcon: number;
  scanout: number;
  savedScanout: number;
  /** kernscope: per-page hashes of what the screen showed before suspend. */
  screen: string[] | null;
  fenceSave: number[] | null;
  fbconSuspended: boolean;
}

export interface NouveauSnapshot {
  st: NouveauState;
  gpu: GpuSnapshot | null;
}

export type BoContent = 'zero' | 'header' | 'image' | 'console';

export class NouveauDrm implements Subsystem<NouveauSnapshot> {
  readonly name = 'nouveau';
  readonly k: Kernel;
  readonly ttm: Ttm;
  readonly slub: Slub;
  /** Present when the machine has VRAM. */
  readonly gpu: GpuHw;
  readonly hasGpu: boolean;
  /** The chipset's fence implementation (NV84+ on this GPU): function pointers, not state. */
  readonly fenceImpl: FenceImpl = { read: nv84FenceRead, emit32: nv84FenceEmit32, uevent: nv84PrivUevent, ueventOffset: NV84_PRIV.uevent };
  st: NouveauState = {
    probed: false,
    dev: -1,
    priv: -1,
    privAllocEvent: -1,
    fenceBo: -1,
    contextBase: 0,
    chans: [],
    ttmChan: -1,
    ueventAtContextNew: -1,
    fbcon: -1,
    scanout: -1,
    savedScanout: -1,
    screen: null,
    fenceSave: null,
    fbconSuspended: false,
  };

  constructor(d: Deps<'ttm' | 'slub' | 'devices'>) {
    this.k = d.k;
    this.ttm = d.ttm;
    this.slub = d.slub;
    const c = d.k.config;
    this.hasGpu = c.vramMiB > 0;
    this.gpu = (this.hasGpu ? new GpuHw(d.k, c.vramMiB, c.barMiB ?? Math.min(256, c.vramMiB)) : null) as GpuHw;
    if (!this.hasGpu) return;
    // request_irq() of the nvkm device: the non-stall interrupt reaches the channel's notify
    this.gpu.nonstall = (chid) => {
      const chan = this.st.chans.find((x) => x.chid === chid);
      if (chan) nouveauFenceWaitUeventHandler(this, chan);
    };
    const ops = fenceOps(this);
    this.ttm.fences.registerOps(FENCE_OPS_UEVENT, ops.uevent);
    this.ttm.fences.registerOps(FENCE_OPS_LEGACY, ops.legacy);
    // struct ttm_bo_driver nouveau_bo_driver, and BAR1 as the CPU's way to VRAM
    this.ttm.registerDriver(
      'nouveau',
      {
        ttmTtPopulate: (bo, ctx) => nouveauTtmTtPopulate(this, bo, ctx),
        evictFlags: (bo) => nouveauBoEvictFlags(bo),
        move: (bo, evict, ctx, mem) => nouveauBoMove(this, bo, evict, ctx, mem),
        moveNotify: (bo, evict, mem) => nouveauBoMoveNtfy(this, bo, evict, mem),
        ioMemReserve: (mem) => nouveauTtmIoMemReserve(this, mem),
        managerAlloc: (man, bo, _place, mem) => nouveauVramManagerNew(man, bo, mem),
        managerFree: (man, mem) => nouveauVramManagerDel(man, mem),
      },
      { pageRO: (off) => this.gpu.pageRO(off), writePage: (off, data, writer) => this.gpu.writePage(off, data, writer) },
    );
    // pci_register_driver(&nouveau_drm_pci_driver) with nouveau_pm_ops
    d.devices.registerPmOps(GPU_PCI_NAME, { suspend: () => this.pmopsSuspend(), resume: () => this.pmopsResume() });
    d.k.deviceInitcall(() => this.probe());
  }

  /** drm->ttm.chan. */
  ttmChan(): NouveauChan | null {
    return this.st.chans.find((c) => c.chid === this.st.ttmChan) ?? null;
  }

  /** %p as 5.10 prints it: hashed, stable per object within a run. */
  ptr(what: string): string {
    return (fnv32(`${this.k.config.seed}:${what}`) >>> 0).toString(16).padStart(16, '0');
  }

  /** Runs driver work as another task (the modprobe at boot, the async suspend worker). */
  private as<T>(task: string, body: () => T): T {
    const ctx = this.k.rec.ctx;
    const saved = ctx.task;
    ctx.task = task;
    try {
      return body();
    } finally {
      ctx.task = saved;
    }
  }

  // ---------------------------------------------------------------- buffer objects for ops and the driver

  /** nouveau_bo_new() in a GEM domain, optionally pinned there, with its first contents. */
  boNew(name: string, size: number, domain: GemDomain, owner: string, content: BoContent, pin: boolean): { ret: number; bo: TtmBo | null } {
    const r = nouveauBoNew(this, name, size, DOMAIN_BITS[domain], owner);
    if (r.ret || !r.bo) return r;
    if (pin) {
      const ret = nouveauBoPin(this, r.bo, DOMAIN_BITS[domain], true);
      if (ret) return { ret, bo: r.bo };
    }
    this.fill(r.bo, content);
    return r;
  }

  /** What the buffer's owner drew into it (its first page, a whole picture, or console text). */
  private fill(bo: TtmBo, content: BoContent): void {
    if (content === 'zero') return;
    const writer = `${bo.owner} (rendering)`;
    const page = new Uint8Array(PAGE_SIZE);
    const dv = new DataView(page.buffer);
    const put = (i: number): void => {
      if (bo.mem.memType === TTM_PL_VRAM) this.gpu.writePage((bo.mem.start + i) * PAGE_SIZE, page, writer);
      else if (bo.ttm && bo.ttm.pages[i]! >= 0) this.k.memWrite(bo.ttm.pages[i]! * PAGE_SIZE, page, writer);
    };
    if (content === 'header') {
      const h = fnv32(bo.name);
      for (let w = 0; w < PAGE_SIZE; w += 4) dv.setUint32(w, (Math.imul(h ^ w, 0x9e3779b1) >>> 0) | 0x01010101, true);
      put(0);
      return;
    }
    const pages = Math.min(bo.numPages, Math.ceil((FB_PITCH * FB_HEIGHT) / PAGE_SIZE));
    for (let i = 0; i < pages; i++) {
      for (let w = 0; w < PAGE_SIZE; w += 4) {
        const off = i * PAGE_SIZE + w;
        const y = Math.floor(off / FB_PITCH);
        const x = (off % FB_PITCH) / 4;
        let px: number;
        if (content === 'console') {
          // white text on black in the first 25 lines of 16 pixels, every other 8x16 cell lit in a glyph-ish pattern
          const row = Math.floor(y / 16);
          const lit = row < 25 && ((x >> 3) * 7 + row * 3 + (y & 15)) % 5 < 2 && (x & 7) > 1 && (y & 15) > 2;
          px = lit ? 0x00aaaaaa : 0;
        } else {
          // a desktop: a blue gradient wallpaper, a panel at the top, two windows
          px = 0x00102040 + ((y >> 3) << 8) + (x >> 4);
          if (y < 24) px = 0x00303030;
          else if (x > 120 && x < 720 && y > 100 && y < 520) px = y < 124 ? 0x003465a4 : 0x00eeeeec;
          else if (x > 640 && x < 1180 && y > 300 && y < 740) px = y < 324 ? 0x004e9a06 : 0x00f6f5f4;
        }
        dv.setUint32(w, px, true);
      }
      put(i);
    }
  }

  // ---------------------------------------------------------------- probe

  // nouveau_drm_probe() -> nouveau_drm_device_init()
  probe(): void {
    const k = this.k;
    this.as('modprobe', () =>
      this.ttm.fg.call('nouveau_drm_probe', () => {
        // nvkm_device_ctor(): the chipset, its VBIOS, its memory
        nvdevInfo(k, 'NVIDIA G96 (096b00a2)');
        nvdevInfo(k, 'bios: version 62.94.4b.00.00');
        nvkmRamCtor(k, GPU_PCI_NAME, this.gpu.vramBytes >> 20);
        this.ttm.lk.lockInit('cli->mutex', 'mutex', '&cli->mutex', { ip: 'nouveau_cli_init+0x5c/0x410' });
        nouveauTtmInit(this);
        this.biosInit();
        // nouveau_accel_init(): fences, then the generic kernel channel
        this.st.contextBase = this.ttm.fences.contextAlloc(128);
        let ret = nv84FenceCreate(this);
        if (ret) return ret;
        nouveauChannelNew(this, 1, 'generic kernel channel');
        nv84FenceCreateLate(this);
        nouveauBoMoveInit(this);
        nvInfoMove(k);
        ret = nouveauFbconInit(this);
        if (ret) return ret;
        // drm_dev_register()
        k.printk(KERN_INFO, `[drm] Initialized nouveau 1.3.1 20120801 for ${GPU_PCI_NAME} on minor 0`);
        this.st.probed = true;
        return 0;
      }),
    );
  }

  /**
   * nouveau_bios_init(): the model's earlier user of the allocation nv84_fence_create() gets back:
   * a scratch copy of a VBIOS table (kmalloc-192), filled and freed before the fences are set up.
   */
  private biosInit(): void {
    const k = this.k;
    this.ttm.fg.call('nouveau_bios_init', () => {
      const p = this.slub.calledFrom({ name: 'nouveau_bios_init', module: 'nouveau' }, () => this.slub.kmalloc(176));
      if (p === null) return 0;
      const b = new Uint8Array(176);
      // the BIT table's header and entries: "\xffBIT", versions, token/offset pairs
      b.set([0xff, 0xb8, 0x42, 0x49, 0x54, 0x00, 0x00, 0x01, 0x0c, 0x06, 0x12]);
      for (let i = 11; i < 176; i++) b[i] = ((i * 37 + 0x55) & 0xff) | 0x01;
      k.memWrite(p, b, 'nouveau_bios_init (BIT table copy)');
      this.slub.calledFrom({ name: 'nouveau_bios_init', module: 'nouveau' }, () => this.slub.kfree(p));
      return 0;
    });
  }

  // ---------------------------------------------------------------- dev_pm_ops

  // nouveau_pmops_suspend(): from the PM core's async suspend worker
  pmopsSuspend(): number {
    if (!this.st.probed) return 0;
    const k = this.k;
    return this.as('kworker/u4:11', () =>
      this.ttm.fg.call('nouveau_pmops_suspend', () => {
        k.rec.emit(EV_NOUVEAU_PM, 0, 0, { pm: 'suspend' });
        const ret = this.doSuspend();
        if (ret) return ret;
        // pci_save_state(), pci_disable_device(), pci_set_power_state(PCI_D3hot)
        this.gpu.powerDown();
        return 0;
      }),
    );
  }

  // nouveau_do_suspend()
  private doSuspend(): number {
    const k = this.k;
    return this.ttm.fg.call('nouveau_do_suspend', () => {
      nvDebug(k, 'suspending console...');
      nouveauFbconSetSuspend(this, true);
      nvDebug(k, 'suspending display...');
      let ret = nouveauDisplaySuspend(this);
      if (ret) return ret;
      nvDebug(k, 'evicting buffers...');
      // the result is not checked: a failed eviction does not stop the suspend
      ttmBoEvictMm(this.ttm, this.st.dev, TTM_PL_VRAM);
      nvDebug(k, 'waiting for kernel channels to go idle...');
      const chan = this.ttmChan();
      if (chan) {
        ret = nouveauChannelIdle(this, chan);
        if (ret) return ret;
      }
      nvDebug(k, 'suspending fence...');
      if (!nv84FenceSuspend(this)) return -12;
      nvDebug(k, 'suspending object tree...');
      return 0;
    });
  }

  // nouveau_pmops_resume()
  pmopsResume(): number {
    if (!this.st.probed) return 0;
    const k = this.k;
    return this.as('kworker/u4:11', () =>
      this.ttm.fg.call('nouveau_pmops_resume', () => {
        k.rec.emit(EV_NOUVEAU_PM, 1, 0, { pm: 'resume' });
        // pci_set_power_state(PCI_D0), pci_restore_state(), pci_enable_device()
        this.gpu.powerUp();
        const ret = this.doResume();
        screenCheck(this);
        return ret;
      }),
    );
  }

  // nouveau_do_resume()
  private doResume(): number {
    const k = this.k;
    return this.ttm.fg.call('nouveau_do_resume', () => {
      nvDebug(k, 'resuming object tree...');
      nvDebug(k, 'resuming fence...');
      nv84FenceResume(this);
      nvDebug(k, 'resuming display...');
      nouveauDisplayResume(this);
      nvDebug(k, 'resuming console...');
      nouveauFbconSetSuspend(this, false);
      return 0;
    });
  }

  /** A buffer goes away (the process closed it): ttm_bo_put() of its last reference. */
  boFree(bo: TtmBo): void {
    if (ttmBoPinned(bo) && this.st.scanout === bo.id) this.st.scanout = -1;
    bo.drv.pin_refcnt = 0;
    bo.mem.placement &= ~TTM_PL_FLAG_NO_EVICT;
    ttmBoRelease(this.ttm, bo);
  }

  /** The buffer object that covers a VRAM offset, for the VRAM views. */
  vramOwner(off: number): TtmBo | null {
    const page = Math.floor(off / PAGE_SIZE);
    for (const b of this.ttm.glob.bos) {
      if (b.destroyed || b.dev !== this.st.dev || b.mem.memType !== TTM_PL_VRAM || b.mem.start < 0) continue;
      if (page >= b.mem.start && page < b.mem.start + b.numPages) return b;
    }
    return null;
  }

  // ---------------------------------------------------------------- Subsystem

  unused(): boolean {
    return !this.hasGpu;
  }

  snapshot(): NouveauSnapshot {
    return { st: clonePlain(this.st), gpu: this.hasGpu ? this.gpu.snapshot() : null };
  }

  restore(s: NouveauSnapshot): void {
    this.st = clonePlain(s.st);
    if (this.hasGpu && s.gpu) this.gpu.restore(s.gpu);
  }

  hashInto(h: Hasher): void {
    h.value(this.st);
    if (this.hasGpu) this.gpu.hashInto(h);
  }

  describe(phys: number): PhysInfo | null {
    if (!this.hasGpu || this.st.priv < 0) return null;
    if (phys >= this.st.priv && phys < this.st.priv + 0xa8) return { owner: 'nouveau', object: null, regions: [{ name: 'struct nv84_fence_priv (model: kmalloc, not kzalloc)', start: this.st.priv, end: this.st.priv + 0xa8 }] };
    return null;
  }
}

/** nouveau_bo_move_init()'s line for an NV50-family M2MF copy class. */
function nvInfoMove(k: Kernel): void {
  k.printk(KERN_INFO, `nouveau ${GPU_PCI_NAME}: DRM: MM: using M2MF for buffer copies`);
}

