// GEM object references and handles, drivers/gpu/drm/drm_gem.c + include/linux/kref.h +
// lib/refcount.c 5.19: obj->refcount lives in the object, so a reference taken or dropped on a
// freed object reads and writes whatever the freed memory holds.
import { KERN_WARNING } from '../../../../engine/recorder.ts';
import { warnLines, warnTaint } from '../../../lib/bug.ts';
import { GEM, REFCOUNT_SATURATED } from '../../../include/drm/drm_gem_shmem_helper.ts';
import { EV_GEM, type GemObject, type Panfrost } from './panfrost/panfrost_device.ts';

// refcount_warn_saturate(), lib/refcount.c 5.19: WARN and saturate, so the object leaks instead of being freed twice
function refcountWarn(p: Panfrost, o: GemObject, what: 'addition on 0; use-after-free.' | 'underflow; use-after-free.', stack: readonly string[]): void {
  const lk = p.sys.locking;
  const line = what.startsWith('addition') ? 25 : 28;
  const { lines, title } = warnLines({ k: p.k, syms: lk.syms }, lk.current(), 'lib/refcount.c', line, 'refcount_warn_saturate', { frames: stack }, `refcount_t: ${what}`);
  for (const l of lines) p.k.printk(KERN_WARNING, l);
  warnTaint({ k: p.k, syms: lk.syms });
  p.k.rec.finding('kernel.warn', title, { message: `refcount_t: ${what}`, object: o.name, addr: `0x${(o.va + BigInt(GEM.refcount)).toString(16)}` });
}

// kref_get() -> refcount_inc()
export function krefGet(p: Panfrost, o: GemObject, ip: string, stack: readonly string[]): void {
  const a = o.va + BigInt(GEM.refcount);
  const old = p.r32(a, ip, stack);
  p.k.rec.emit(EV_GEM, 1, old, { fn: 'kref_get', bo: o.name, refcount: old });
  if (old === 0) {
    p.w32(a, REFCOUNT_SATURATED, 'refcount_warn_saturate (REFCOUNT_SATURATED)', ip, stack);
    refcountWarn(p, o, 'addition on 0; use-after-free.', [ip, ...stack]);
    return;
  }
  // a saturated count stays saturated
  if (old >= REFCOUNT_SATURATED) return;
  p.w32(a, old + 1, 'kref_get', ip, stack);
}

// kref_get_unless_zero() -> refcount_inc_not_zero()
export function krefGetUnlessZero(p: Panfrost, o: GemObject, ip: string, stack: readonly string[]): boolean {
  const a = o.va + BigInt(GEM.refcount);
  const old = p.r32(a, ip, stack);
  p.k.rec.emit(EV_GEM, 2, old, { fn: 'kref_get_unless_zero', bo: o.name, refcount: old });
  if (old === 0) return false;
  if (old < REFCOUNT_SATURATED) p.w32(a, old + 1, 'kref_get_unless_zero', ip, stack);
  return true;
}

/** The driver's gem_free_object callback (drm_gem_object_free() calls obj->funcs->free). */
export type GemFree = (p: Panfrost, o: GemObject, stack: readonly string[]) => void;

// drm_gem_object_put() -> kref_put() -> refcount_dec_and_test(); the last reference frees through drm_gem_object_free()
export function drmGemObjectPut(p: Panfrost, o: GemObject, free: GemFree, ip: string, stack: readonly string[]): void {
  const a = o.va + BigInt(GEM.refcount);
  const old = p.r32(a, ip, stack);
  p.k.rec.emit(EV_GEM, 3, old, { fn: 'drm_gem_object_put', bo: o.name, refcount: old });
  if (old >= REFCOUNT_SATURATED) return;
  if (old === 0) {
    p.w32(a, REFCOUNT_SATURATED, 'refcount_warn_saturate (REFCOUNT_SATURATED)', ip, stack);
    refcountWarn(p, o, 'underflow; use-after-free.', [ip, ...stack]);
    return;
  }
  p.w32(a, old - 1, 'drm_gem_object_put', ip, stack);
  if (old - 1 === 0) free(p, o, ['drm_gem_object_free+0x40/0x68', ip, ...stack]);
}

// drm_gem_handle_delete() -> drm_gem_object_release_handle() -> drm_gem_object_handle_put_unlocked(): the handle's reference
export function drmGemHandleDelete(p: Panfrost, o: GemObject, free: GemFree, stack: readonly string[]): void {
  const inner = ['drm_gem_object_release_handle+0x6c/0xa8', 'drm_gem_handle_delete+0x74/0xf8', ...stack];
  const hc = p.r32(o.va + BigInt(GEM.handleCount), inner[0]!, inner.slice(1));
  p.w32(o.va + BigInt(GEM.handleCount), Math.max(0, hc - 1), 'drm_gem_object_handle_put_unlocked', inner[0]!, inner.slice(1));
  o.handle = false;
  drmGemObjectPut(p, o, free, 'drm_gem_object_handle_put_unlocked+0xa0/0x110', inner);
}
