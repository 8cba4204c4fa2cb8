// module_load / module_unload: insmod and rmmod.
import { ScenarioRuntimeError } from '../binding.ts';
import { runTask } from './died.ts';
import type { OpsOf } from '../../machine/modules.ts';
import type { MODULE_OPS } from '../schema/module.ts';

export const moduleOps: OpsOf<typeof MODULE_OPS> = {
  module_load(r, step, path) {
    if (step.task === undefined) r.rec.ctx.task = 'modprobe';
    const sys = r.machine;
    let error: string | null = null;
    runTask(() =>
      sys.traps.call([{ fn: 'system_call_after_swapgs' }, { fn: 'sys_init_module' }, { fn: 'load_module' }, { fn: 'module_finalize' }], () => {
        const m = sys.modules.load(step.name, step.size, step.lock_sites);
        if ('error' in m) error = m.error;
      }),
    );
    if (error !== null) throw new ScenarioRuntimeError(`${path}.name`, error);
  },
  module_unload(r, step, path) {
    if (step.task === undefined) r.rec.ctx.task = 'rmmod';
    if (!r.machine.modules.unload(step.name)) throw new ScenarioRuntimeError(`${path}.name`, `module "${step.name}" is not loaded (-ENOENT)`);
  },
};
