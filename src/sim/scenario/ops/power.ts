// suspend (echo mem > /sys/power/state), device_add / device_del (a device appears or goes).
import { mmcRescan } from '../../linux/drivers/mmc/core/core.ts';
import { ScenarioRuntimeError } from '../binding.ts';
import { runTask } from './died.ts';
import type { OpsOf } from '../../machine/modules.ts';
import type { POWER_OPS } from '../schema/power.ts';

export const powerOps: OpsOf<typeof POWER_OPS> = {
  suspend(r, step) {
    if (step.task === undefined) r.rec.ctx.task = 'pm-suspend';
    const sys = r.machine;
    r.rec.ctx.cpu = 0;
    runTask(() => sys.pm.enterState());
  },
  device_add(r, step, path) {
    const sys = r.machine;
    const d = sys.devices;
    if (d.find(step.name)) throw new ScenarioRuntimeError(`${path}.name`, `device "${step.name}" is already registered`);
    if (step.parent !== undefined && !d.find(step.parent)) throw new ScenarioRuntimeError(`${path}.parent`, `device "${step.parent}" is not registered`);
    const parent = step.parent ?? null;
    const parentDev = parent === null ? null : d.find(parent);
    const bus = step.bus ?? (parentDev?.kind === 'mmc_host' ? 'mmc' : 'platform');
    const card = bus === 'mmc' && parentDev?.kind === 'mmc_host';
    runTask(() => {
      if (card) {
        // a card goes into the slot: the card-detect interrupt makes kmmcd run mmc_rescan()
        d.slot = [...d.slot.filter((c) => c !== step.name), step.name];
        mmcRescan(sys, parent!);
        return;
      }
      d.deviceAdd(step.name, parent, bus, 'none');
    });
  },
  device_del(r, step, path) {
    const d = r.machine.devices;
    if (!d.find(step.name) && !d.slot.includes(step.name)) throw new ScenarioRuntimeError(`${path}.name`, `device "${step.name}" is not registered`);
    d.deviceDel(step.name);
    d.eject(step.name);
  },
};
