// struct track, mm/slub.c 6.8 (2.6.25's layout where it differs): set_track() records who allocated
// and who freed an object behind its metadata, print_tracking() shows it in a report.
import { KERN_ERR } from '../../engine/recorder.ts';
import { hex64 } from '../kernel/kallsyms.ts';
import { currentPid } from '../kernel/pid.ts';
import { jiffies } from '../kernel/time/jiffies.ts';
import { type KmemCache, SLAB_STORE_USER } from './slab.ts';
import { type SlubState, TWO32 } from './slub_def.ts';

// set_track() / set_track_update(), mm/slub.c 6.8: caller, stack depot handle, cpu, pid, jiffies
export function setTrack(slub: SlubState, s: KmemCache, object: number, which: 0 | 1): void {
  const k = slub.k;
  const t = object + s.infoEnd + which * s.trackSize;
  const writer = which === 0 ? 'alloc track' : 'free track';
  if (slub.callerOf !== slub.callSite) {
    const caller = slub.syms.retAddr(slub.callSite.name, slub.callSite.module);
    slub.callerLo = Number(caller & 0xffffffffn);
    slub.callerHi = Number(caller >> 32n);
    slub.callerOf = slub.callSite;
  }
  const cl = slub.callerLo;
  const ch = slub.callerHi;
  const cpu = k.rec.ctx.cpu;
  const pid = currentPid(k);
  const j = jiffies(slub.k.clock);
  if (slub.v2625) {
    const b = new Uint8Array(24);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, cl, true);
    dv.setUint32(4, ch, true);
    dv.setInt32(8, cpu, true);
    dv.setInt32(12, pid, true);
    dv.setUint32(16, j % TWO32, true);
    dv.setUint32(20, Math.floor(j / TWO32), true);
    k.memWrite(t, b, writer);
    return;
  }
  const entry = slub.entry || (which === 0 ? 'kmem_cache_alloc' : 'kmem_cache_free');
  const key = `${which}/${entry}/${slub.callSite.name}/${slub.callSite.module ?? ''}`;
  const handle = slub.depot.save(key, [
    { name: which === 0 ? '___slab_alloc' : 'free_to_partial_list', module: null },
    { name: entry, module: null },
    { name: slub.callSite.name, module: slub.callSite.module },
  ]);
  k.memWriteU64(t, cl, ch, writer);
  k.memWriteU64(t + 8, handle, cpu, writer);
  slub.u32buf[0] = pid;
  slub.u32buf[1] = pid >>> 8;
  slub.u32buf[2] = pid >>> 16;
  slub.u32buf[3] = pid >>> 24;
  k.memWrite(t + 16, slub.u32buf, writer);
  // bytes 20..23 are struct padding: left as they were
  k.memWriteU64(t + 24, j % TWO32, Math.floor(j / TWO32), writer);
}

// print_track() / print_tracking(), mm/slub.c 6.8
export function printTracking(slub: SlubState, s: KmemCache, object: number): void {
  if ((s.flags & SLAB_STORE_USER) === 0) return;
  const now = jiffies(slub.k.clock);
  for (const which of [0, 1] as const) {
    const t = object + s.infoEnd + which * s.trackSize;
    const buf = new Uint8Array(s.trackSize);
    slub.k.mem.read(t, buf);
    const dv = new DataView(buf.buffer);
    const addr = dv.getBigUint64(0, true);
    if (addr === 0n) continue;
    const what = which === 0 ? 'Allocated' : 'Freed';
    const sym = slub.syms.symbolize(addr) ?? `0x${hex64(addr)}`;
    if (slub.v2625) {
      const when = dv.getBigUint64(16, true);
      const age = BigInt.asUintN(64, BigInt(now) - when);
      slub.k.printk(KERN_ERR, `INFO: ${what} in ${sym} age=${age} cpu=${dv.getUint32(8, true)} pid=${dv.getInt32(12, true)}`);
      continue;
    }
    const when = dv.getBigUint64(24, true);
    const age = BigInt.asUintN(64, BigInt(now) - when);
    slub.k.printk(KERN_ERR, `${what} in ${sym} age=${age} cpu=${dv.getUint32(12, true)} pid=${dv.getInt32(16, true)}`);
    const handle = dv.getUint32(8, true);
    const stack = handle ? slub.depot.fetch(handle) : null;
    if (stack) for (const f of stack) slub.k.printk(KERN_ERR, ` ${slub.syms.pS(f.name, f.module)}`);
    else slub.k.printk(KERN_ERR, 'object allocation/free stack trace missing');
  }
}
