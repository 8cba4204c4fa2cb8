// cpu_down / cpu_up: echo 0/1 > /sys/devices/system/cpu/cpuN/online.
import { ScenarioRuntimeError } from '../binding.ts';
import { runTask } from './died.ts';
import type { OpsOf } from '../../machine/modules.ts';
import type { CPU_OPS } from '../schema/cpu.ts';

export const cpuOps: OpsOf<typeof CPU_OPS> = {
  cpu_down(r, step, path) {
    const sys = r.machine;
    const cpu = step.cpu!;
    // 2.6.25 and 6.8 on x86 give the boot processor no "online" file
    if (cpu === 0) throw new ScenarioRuntimeError(`${path}.cpu`, 'CPU 0 (the boot processor) cannot be taken offline: /sys/devices/system/cpu/cpu0/online does not exist');
    // the write runs on a CPU that stays online
    r.rec.ctx.cpu = sys.cpus.onlineMask().find((c) => c !== cpu) ?? 0;
    if (step.task === undefined) r.rec.ctx.task = 'bash';
    runTask(() => sys.cpus.cpuDown(cpu));
  },
  cpu_up(r, step, path) {
    const sys = r.machine;
    const cpu = step.cpu!;
    if (cpu === 0) throw new ScenarioRuntimeError(`${path}.cpu`, 'CPU 0 (the boot processor) is always online');
    r.rec.ctx.cpu = sys.cpus.onlineMask()[0] ?? 0;
    if (step.task === undefined) r.rec.ctx.task = 'bash';
    runTask(() => sys.cpus.cpuUp(cpu));
  },
};
