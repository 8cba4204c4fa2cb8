// NV84+ fences, drivers/gpu/drm/nouveau/nv84_fence.c 5.10: one 16-byte slot per channel in a
// pinned VRAM buffer (priv->bo), into which the channel's semaphore release writes the sequence
// number (nv84_fence_emit32(): SEMAPHORE_ADDRESS, SEQUENCE, TRIGGER_WRITE_LONG, then the UEVENT
// method that raises the non-stall interrupt); nv84_fence_read() reads it back through BAR1;
// nv84_fence_suspend()/_resume() save and restore the slots across S3.
//
// THE MODEL OF THE FAILURE (not the confirmed upstream root cause): struct nv84_fence_priv is
// kmalloc()ed, not kzalloc()ed, and the generic kernel channel's fence context is created
// (nouveau_fence_context_new(), which tests priv->base.uevent) before nv84_fence_create() stores
// uevent. The load reads whatever the allocation held: 0 after init_on_alloc or init_on_free,
// 0x6b6b6b6b (POISON_FREE) with SLAB_POISON, the previous user's bytes otherwise. Only 0 makes the
// context skip its non-stall-interrupt notify, while every fence of the channel still uses
// dma_fence_default_wait(), which sleeps until that interrupt's handler signals it.
import { eventKind } from '../../../../../engine/events.ts';
import { PAGE_SIZE } from '../../../../include/linux/mm_types.ts';
import type { NouveauChan, NouveauDrm } from './nouveau_drm.ts';
import { nouveauFenceContextNew } from './nouveau_fence.ts';

/** The model's layout of struct nv84_fence_priv (x86-64, 5.10 debug config): 168 bytes, kmalloc-192. */
export const NV84_PRIV = {
  size: 0xa8,
  /** struct nouveau_fence_priv base: dtor, suspend, resume, sync, context_new, context_del */
  ops: 0x00,
  contexts: 0x30,
  contextBase: 0x38,
  /** base.uevent, read by nouveau_fence_context_new() and nouveau_fence_emit() (a u32 in the model) */
  uevent: 0x40,
  bo: 0x48,
  boGart: 0x50,
  suspend: 0x58,
  mutex: 0x60,
} as const;

export const EV_NV84_CREATE = eventKind('nouveau.nv84_fence_create');

/** The uevent field as the CPU loads it from the kmalloc'ed structure. */
export function nv84PrivUevent(drm: NouveauDrm): number {
  if (drm.st.priv < 0) return 0;
  const [lo] = drm.k.mem.readU64(drm.st.priv + NV84_PRIV.uevent);
  return lo >>> 0;
}

/** Store a u64 field of priv (writer: the function that stores it). */
function privStore(drm: NouveauDrm, off: number, lo: number, hi: number, writer: string): void {
  drm.k.memWriteU64(drm.st.priv + off, lo >>> 0, hi >>> 0, writer);
}

function privStoreU32(drm: NouveauDrm, off: number, v: number, writer: string): void {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  drm.k.memWrite(drm.st.priv + off, b, writer);
}

/** The fence buffer's VRAM offset. */
function fenceBoOffset(drm: NouveauDrm): number {
  return drm.ttm.bo(drm.st.fenceBo).mem.start * PAGE_SIZE;
}

// nv84_fence_create(), in the model's order: priv's fields except uevent, the fence buffer
export function nv84FenceCreate(drm: NouveauDrm): number {
  const k = drm.k;
  return drm.ttm.fg.call('nv84_fence_create', () => {
    // priv = drm->fence = kmalloc(sizeof(*priv), GFP_KERNEL);  (5.10 has kzalloc: the model's change)
    drm.st.privAllocEvent = k.rec.pos;
    const priv = drm.slub.calledFrom({ name: 'nv84_fence_create', module: 'nouveau' }, () => drm.slub.kmalloc(NV84_PRIV.size));
    if (priv === null) return -12;
    k.rec.emit(EV_NV84_CREATE, priv, NV84_PRIV.size, { priv: k.va(priv), size: NV84_PRIV.size });
    drm.st.priv = priv;
    const fn = (name: string): [number, number] => {
      const sym = k.syms.lookup(name, 'nouveau');
      return [Number(sym.addr & 0xffffffffn), Number(sym.addr >> 32n)];
    };
    const w = 'nv84_fence_create';
    ['nv84_fence_destroy', 'nv84_fence_suspend', 'nv84_fence_resume', 'nv84_fence_sync', 'nv84_fence_context_new', 'nv84_fence_context_del'].forEach((name, i) => {
      const [lo, hi] = fn(name);
      privStore(drm, NV84_PRIV.ops + i * 8, lo, hi, w);
    });
    privStoreU32(drm, NV84_PRIV.contexts, 128, w);
    privStore(drm, NV84_PRIV.contextBase, drm.st.contextBase, 0, w);
    // mutex_init(&priv->mutex)
    k.memFill(priv + NV84_PRIV.mutex, NV84_PRIV.size - NV84_PRIV.mutex, 0, 'mutex_init');
    // the fence buffer: 16 bytes for each of the 128 channels, pinned in VRAM and mapped
    const r = drm.boNew('nv84_fence', 16 * 128, 'VRAM', 'nouveau (fence)', 'zero', true);
    if (r.ret) return r.ret;
    drm.st.fenceBo = r.bo!.id;
    privStore(drm, NV84_PRIV.bo, 0xdead0000 + r.bo!.id, 0xffff8880, w);
    privStore(drm, NV84_PRIV.boGart, 0, 0, w);
    privStore(drm, NV84_PRIV.suspend, 0, 0, w);
    return 0;
  });
}

// the rest of nv84_fence_create() in the model's order: priv->base.uevent = true
export function nv84FenceCreateLate(drm: NouveauDrm): void {
  privStoreU32(drm, NV84_PRIV.uevent, 1, 'nv84_fence_create (priv->base.uevent = true)');
}

// nv84_fence_context_new(): the context, and the sequence the slot holds now
export function nv84FenceContextNew(drm: NouveauDrm, chan: NouveauChan): number {
  return drm.ttm.fg.call('nv84_fence_context_new', () => {
    nouveauFenceContextNew(drm, chan);
    chan.sequence = nv84FenceRead(drm, chan);
    return 0;
  });
}

// nv84_fence_read(): nouveau_bo_rd32(priv->bo, chan->chid * 16/4) through BAR1
export function nv84FenceRead(drm: NouveauDrm, chan: NouveauChan): number {
  // an uncached read through BAR1: the value is the one in VRAM when the read reaches the GPU
  drm.k.clock.advance(800);
  drm.k.hwCatchUp();
  return drm.gpu.readU32(fenceBoOffset(drm) + chan.chid * 16);
}

// nv84_fence_emit32(): semaphore release of the sequence, the UEVENT method, FIRE_RING
export function nv84FenceEmit32(drm: NouveauDrm, chan: NouveauChan, seq: number): number {
  chan.push.push({ op: 'semaphore', addr: fenceBoOffset(drm) + chan.chid * 16, value: seq >>> 0 }, { op: 'nonstall' });
  drm.gpu.submit(chan.chid, chan.push.splice(0));
  // FIRE_RING(): wmb() and the write of the channel's PUT pointer
  drm.k.clock.advance(1_200);
  return 0;
}

// nv84_fence_suspend(): priv->suspend[i] = nouveau_bo_rd32(priv->bo, i*4)
export function nv84FenceSuspend(drm: NouveauDrm): boolean {
  drm.st.fenceSave = drm.st.chans.map((c) => nv84FenceRead(drm, c));
  return true;
}

// nv84_fence_resume(): the slots back into VRAM
export function nv84FenceResume(drm: NouveauDrm): void {
  const save = drm.st.fenceSave;
  if (!save) return;
  drm.st.chans.forEach((c, i) => drm.gpu.writeU32(fenceBoOffset(drm) + c.chid * 16, save[i]!, 'nv84_fence_resume'));
  drm.st.fenceSave = null;
}
