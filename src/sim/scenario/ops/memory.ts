// write / read: the bug's own stores and loads, faulting like the kernel off the direct map.
import { eventKind } from '../../engine/recorder.ts';
import { directMapToPhys, hex } from '../../linux/arch/x86/include/asm/pgtable_64_types.ts';
import { kernelFault } from '../../linux/arch/x86/mm/fault.ts';
import { runTask } from './died.ts';
import { parseHexBytes } from '../schema/common.ts';
import type { OpsOf } from '../../machine/modules.ts';
import type { Frame } from '../../linux/kernel/kallsyms.ts';
import type { ScenarioRunner } from '../runner.ts';
import type { MEMORY_OPS } from '../schema/memory.ts';

export const EV_WRITE = eventKind('mem.write');
export const EV_READ = eventKind('mem.read');

/** The faulting instruction of a raw access: inside the function the step runs as. */
function stepIp(r: ScenarioRunner): Frame {
  const c = r.rec.ctx.caller;
  return { fn: c.name, module: c.module };
}

export function hexString(b: ArrayLike<number>): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}

export const memoryOps: OpsOf<typeof MEMORY_OPS> = {
  write(r, step, path) {
    const k = r.kernel;
    const t = r.target(step, path);
    let bytes: Uint8Array;
    if (step.bytes) bytes = Uint8Array.from(step.bytes);
    else if (step.hex) bytes = Uint8Array.from(parseHexBytes(step.hex));
    else if (step.u64) {
      bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setBigUint64(0, BigInt(step.u64), true);
    } else {
      bytes = new Uint8Array(1);
      bytes[0] = (t.phys === null ? 0 : k.mem.readByte(t.phys)) ^ step.xor!;
    }
    r.rec.emit(EV_WRITE, t.phys ?? -1, bytes.length, { addr: hex(t.va), hex: hexString(bytes) });
    if (t.phys === null || t.phys + bytes.length > k.ramBytes) {
      const addr = t.phys === null ? t.va : t.va + BigInt(k.ramBytes - t.phys);
      runTask(() => kernelFault(r.machine, { addr, write: true, ip: stepIp(r), trace: [] }));
      return;
    }
    k.memWrite(t.phys, bytes, `write (${path}${step.note ? `: ${step.note}` : ''})`);
  },
  read(r, step, path) {
    const k = r.kernel;
    const t = r.target(step, path);
    if (t.phys === null || t.phys + step.len > k.ramBytes) {
      r.rec.emit(EV_READ, -1, step.len, { addr: hex(t.va) });
      const addr = t.phys === null ? t.va : t.va + BigInt(k.ramBytes - t.phys);
      runTask(() => kernelFault(r.machine, { addr, write: false, ip: stepIp(r), trace: [] }));
      if (step.as) r.ptrs.set(step.as, { phys: null, raw: null, kind: 'value' });
      return;
    }
    const buf = new Uint8Array(step.len);
    k.mem.read(t.phys, buf);
    r.rec.emit(EV_READ, t.phys, step.len, { addr: hex(t.va), hex: hexString(buf.subarray(0, 64)) });
    if (step.as) {
      const w = new Uint8Array(8);
      w.set(buf.subarray(0, 8));
      const v = new DataView(w.buffer).getBigUint64(0, true);
      const phys = directMapToPhys(k.layout, v, k.ramBytes);
      r.ptrs.set(step.as, { phys, raw: phys === null ? v : null, kind: 'value' });
    }
  },
};
