// nouveau's fences, drivers/gpu/drm/nouveau/nouveau_fence.c 5.10. A channel's fence context counts
// sequence numbers; nouveau_fence_emit() gives a fence the next one and has the GPU write it to
// memory when the work before it is done (nv84_fence_emit32()), then raise the non-stall interrupt.
// The driver compares what the GPU wrote with a fence's number, (int)(seq - seqno) >= 0, in
// nouveau_fence_is_signaled() (polling) and in nouveau_fence_update(), which the interrupt handler
// runs when the context's nvif_notify is armed. With priv->uevent, fences use
// dma_fence_default_wait(), which sleeps until that handler signals them: a context whose notify
// was never set up (nouveau_fence_context_new() returns early when it reads uevent as 0) never
// wakes a sleeper, and the wait runs into its timeout even though the GPU wrote the sequence.
import { eventKind } from '../../../../../engine/events.ts';
import type { DmaFence, DmaFenceOps } from '../../../dma-buf/dma-fence.ts';
import { DMA_FENCE_FLAG_SIGNALED_BIT, DMA_FENCE_FLAG_USER_BITS } from '../../../dma-buf/dma-fence.ts';
import { HZ } from '../../../../kernel/time/jiffies.ts';
import { NS_PER_JIFFY } from '../../../../kernel/time/timer.ts';
import type { NouveauChan, NouveauDrm } from './nouveau_drm.ts';

/**
 * What nouveau_fence.c reaches through function pointers and priv: fctx->read(), fctx->emit32(),
 * priv->uevent (the chipset's fence implementation, nv84_fence.ts, fills it in).
 */
export interface FenceImpl {
  read(drm: NouveauDrm, chan: NouveauChan): number;
  emit32(drm: NouveauDrm, chan: NouveauChan, seq: number): number;
  /** priv->base.uevent as the CPU loads it, and where it is in priv. */
  uevent(drm: NouveauDrm): number;
  ueventOffset: number;
}
import { kmsanReportUninit, kmsanUninitBytes } from '../../../../mm/kmsan/kmsan.ts';

export const FENCE_OPS_UEVENT = 'nouveau_fence_ops_uevent';
export const FENCE_OPS_LEGACY = 'nouveau_fence_ops_legacy';

export const EV_FENCE_CONTEXT = eventKind('nouveau.fence_context_new');
export const EV_NOTIFY = eventKind('nouveau.notify');

const EBUSY = 16;
const ENODEV = 19;

// nouveau_fence_context_new(): the context, and the non-stall interrupt's notify when priv->uevent
export function nouveauFenceContextNew(drm: NouveauDrm, chan: NouveauChan): void {
  const k = drm.k;
  chan.context = drm.st.contextBase + chan.chid;
  // if (!priv->uevent) return;  -- a load from the kmalloc'ed priv (nv84_fence.ts)
  const uevent = drm.fenceImpl.uevent(drm);
  k.rec.emit(EV_FENCE_CONTEXT, chan.chid, uevent, { chan: chan.name, uevent, priv: k.va(drm.st.priv) });
  drm.st.ueventAtContextNew = uevent;
  if (k.kconfig('CONFIG_KMSAN') && kmsanUninitBytes(k, drm.st.priv + drm.fenceImpl.ueventOffset, 4, drm.st.privAllocEvent).length > 0) {
    const m = 'nouveau';
    kmsanReportUninit(k, {
      stack: [
        { fn: 'nouveau_fence_context_new', module: m },
        { fn: 'nv84_fence_context_new', module: m },
        { fn: 'nouveau_channel_new', module: m },
        { fn: 'nouveau_accel_init', module: m },
        { fn: 'nouveau_drm_device_init', module: m },
        { fn: 'nouveau_drm_probe', module: m },
        { fn: 'local_pci_probe' },
        { fn: 'pci_device_probe' },
        { fn: 'really_probe' },
        { fn: 'driver_probe_device' },
        { fn: 'device_driver_attach' },
        { fn: '__driver_attach' },
        { fn: 'bus_for_each_dev' },
        { fn: 'bus_add_driver' },
        { fn: 'driver_register' },
        { fn: 'nouveau_drm_init', module: m },
        { fn: 'do_one_initcall' },
        { fn: 'do_init_module' },
        { fn: 'load_module' },
        { fn: '__do_sys_finit_module' },
        { fn: 'do_syscall_64' },
        { fn: 'entry_SYSCALL_64_after_hwframe' },
      ],
      origin: [
        { fn: 'kmsan_internal_poison_memory' },
        { fn: 'kmsan_slab_alloc' },
        { fn: 'slab_post_alloc_hook' },
        { fn: '__kmalloc' },
        { fn: 'nv84_fence_create', module: m },
        { fn: 'nouveau_accel_init', module: m },
        { fn: 'nouveau_drm_device_init', module: m },
        { fn: 'nouveau_drm_probe', module: m },
        { fn: 'local_pci_probe' },
      ],
      field: 'priv->base.uevent',
      struct: 'struct nv84_fence_priv',
      offset: drm.fenceImpl.ueventOffset,
      phys: drm.st.priv,
      value: uevent,
    });
  }
  if (!uevent) return;
  // nvif_notify_ctor(&chan->user, "fenceNonStallIntr", nouveau_fence_wait_uevent_handler, ...)
  chan.notify.ctor = true;
}

function notifyGet(drm: NouveauDrm, chan: NouveauChan): void {
  if (!chan.notify.ctor) return; // nvif_notify_get() of a notify nobody constructed does nothing
  if (chan.notify.enabled) return;
  drm.k.rec.emit(EV_NOTIFY, chan.chid, 1, { chan: chan.name, enabled: true });
  chan.notify.enabled = true;
}

function notifyPut(drm: NouveauDrm, chan: NouveauChan): void {
  if (!chan.notify.ctor || !chan.notify.enabled) return;
  drm.k.rec.emit(EV_NOTIFY, chan.chid, 0, { chan: chan.name, enabled: false });
  chan.notify.enabled = false;
}

// nouveau_fence_signal(): signal it, take it off the pending list; true when the last waiter's interrupt can go
function nouveauFenceSignal(drm: NouveauDrm, chan: NouveauChan, f: DmaFence): boolean {
  let drop = false;
  drm.ttm.fences.signal(f);
  chan.pending = chan.pending.filter((id) => id !== f.id);
  if ((f.flags & DMA_FENCE_FLAG_USER_BITS) !== 0) {
    chan.notify.ref--;
    if (chan.notify.ref === 0) drop = true;
  }
  return drop;
}

// nouveau_fence_update(): signal every pending fence the GPU's sequence number has reached
export function nouveauFenceUpdate(drm: NouveauDrm, chan: NouveauChan): boolean {
  const seq = drm.fenceImpl.read(drm, chan);
  let drop = false;
  while (chan.pending.length > 0) {
    const f = drm.ttm.fences.get(chan.pending[0]!);
    if (((seq - f.seqno) | 0) < 0) break;
    drop = nouveauFenceSignal(drm, chan, f) || drop;
  }
  return drop;
}

// nouveau_fence_wait_uevent_handler(): the non-stall interrupt, delivered when the notify is armed.
// It runs in interrupt context (on whichever CPU takes it), not inside the waiter's call graph,
// so it is not a function_graph record of the waiting task; its events are its trace.
export function nouveauFenceWaitUeventHandler(drm: NouveauDrm, chan: NouveauChan): void {
  if (!chan.notify.ctor || !chan.notify.enabled) return;
  if (chan.pending.length > 0 && nouveauFenceUpdate(drm, chan)) notifyPut(drm, chan);
}

function chanOf(drm: NouveauDrm, f: DmaFence): NouveauChan | null {
  return drm.st.chans.find((c) => c.chid === f.chan) ?? null;
}

// nouveau_fence_is_signaled(): what the GPU wrote against the fence's number
function nouveauFenceIsSignaled(drm: NouveauDrm, f: DmaFence): boolean {
  const chan = chanOf(drm, f);
  if (!chan) return false;
  return ((drm.fenceImpl.read(drm, chan) - f.seqno) | 0) >= 0;
}

// nouveau_fence_no_signaling(): false (and off the list) when already done
function nouveauFenceNoSignaling(drm: NouveauDrm, f: DmaFence): boolean {
  if (nouveauFenceIsSignaled(drm, f)) {
    const chan = chanOf(drm, f);
    if (chan) chan.pending = chan.pending.filter((id) => id !== f.id);
    return false;
  }
  return true;
}

// nouveau_fence_enable_signaling(): arm the context's interrupt while someone waits
function nouveauFenceEnableSignaling(drm: NouveauDrm, f: DmaFence): boolean {
  const chan = chanOf(drm, f)!;
  if (chan.notify.ref++ === 0) notifyGet(drm, chan);
  const ret = nouveauFenceNoSignaling(drm, f);
  if (ret) f.flags |= DMA_FENCE_FLAG_USER_BITS;
  else if (--chan.notify.ref === 0) notifyPut(drm, chan);
  return ret;
}

// nouveau_fence_done(): update the context, then the fence's own flag
export function nouveauFenceDone(drm: NouveauDrm, f: DmaFence): boolean {
  if ((f.flags & DMA_FENCE_FLAG_SIGNALED_BIT) === 0) {
    const chan = chanOf(drm, f);
    if (chan && nouveauFenceUpdate(drm, chan)) notifyPut(drm, chan);
  }
  return drm.ttm.fences.isSignaled(f);
}

// nouveau_fence_wait_legacy(): poll with sleeps doubling from 1 us to 1 ms
function nouveauFenceWaitLegacy(drm: NouveauDrm, f: DmaFence, wait: number): number {
  const k = drm.k;
  const deadline = k.clock.ns + wait * NS_PER_JIFFY;
  let sleep = 1_000;
  while (!nouveauFenceDone(drm, f)) {
    if (k.clock.ns >= deadline) return 0;
    k.clock.advance(sleep);
    k.hwCatchUp();
    sleep = Math.min(sleep * 2, 1_000_000);
  }
  return Math.max(1, Math.ceil((deadline - k.clock.ns) / NS_PER_JIFFY));
}

export function fenceOps(drm: NouveauDrm): { uevent: DmaFenceOps; legacy: DmaFenceOps } {
  const common = {
    getDriverName: (): string => 'nouveau',
    getTimelineName: (f: DmaFence): string => chanOf(drm, f)?.name ?? 'dead channel',
  };
  return {
    uevent: {
      ...common,
      enableSignaling: (f) => nouveauFenceEnableSignaling(drm, f),
      signaled: (f) => nouveauFenceIsSignaled(drm, f),
    },
    legacy: {
      ...common,
      signaled: (f) => nouveauFenceIsSignaled(drm, f),
      wait: (f, _intr, timeout) => nouveauFenceWaitLegacy(drm, f, timeout),
    },
  };
}

// nouveau_fence_new() -> nouveau_fence_emit(): the next sequence number, written by the GPU after the pushed work
export function nouveauFenceNew(drm: NouveauDrm, chan: NouveauChan | null): { ret: number; fence: DmaFence | null } {
  return drm.ttm.fg.call(
    'nouveau_fence_new',
    () => {
      if (!chan) return { ret: -ENODEV, fence: null };
      return drm.ttm.fg.call(
        'nouveau_fence_emit',
        () => {
          const k = drm.k;
          // dma_fence_init() with the ops priv->uevent picks now
          const ops = drm.fenceImpl.uevent(drm) ? FENCE_OPS_UEVENT : FENCE_OPS_LEGACY;
          chan.sequence = (chan.sequence + 1) >>> 0;
          const f = drm.ttm.fences.init(ops, chan.context, chan.sequence, chan.chid);
          k.clock.advance(600);
          const ret = drm.fenceImpl.emit32(drm, chan, f.seqno);
          if (ret) return { ret, fence: null };
          if (nouveauFenceUpdate(drm, chan)) notifyPut(drm, chan);
          chan.pending.push(f.id);
          return { ret: 0, fence: f };
        },
        (r) => r.ret,
      );
    },
    (r) => r.ret,
  );
}

// nouveau_fence_wait(fence, lazy=false): nouveau_fence_wait_busy() spins on nouveau_fence_done() up to fence->timeout
export function nouveauFenceWaitBusy(drm: NouveauDrm, f: DmaFence, emittedAt: number): number {
  const k = drm.k;
  const timeout = emittedAt + 15 * HZ * NS_PER_JIFFY;
  for (;;) {
    k.hwCatchUp();
    if (nouveauFenceDone(drm, f)) return 0;
    if (k.clock.ns >= timeout) return -EBUSY;
    const t = Math.min(k.hwNextEventAt(), timeout);
    k.clock.advance(Math.max(250, t - k.clock.ns));
  }
}
