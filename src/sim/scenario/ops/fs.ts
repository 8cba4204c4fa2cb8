// d_alloc / d_lookup / shrink_dcache: a workload on the dentry cache (git-status, kswapd).
import { kswapdShrinkFrames } from '../../linux/fs/dcache.ts';
import { pathWalk } from '../../linux/fs/namei.ts';
import { ScenarioRuntimeError } from '../binding.ts';
import { runTask } from './died.ts';
import type { OpsOf } from '../../machine/modules.ts';
import type { FS_OPS } from '../schema/fs.ts';

/** The name of the i-th generated file of a directory. */
export function generatedName(prefix: string, i: number): string {
  return `${prefix}${String(i).padStart(5, '0')}`;
}

function join(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

export const fsOps: OpsOf<typeof FS_OPS> = {
  d_alloc(r, step, path) {
    const sys = r.machine;
    const dc = sys.dcache;
    const prefix = step.prefix ?? 'file';
    let last = -1;
    runTask(() => {
      if (step.count === undefined) {
        last = pathWalk(sys, step.path).dentry;
        return;
      }
      // files created in the directory: names continue where earlier d_alloc steps stopped
      const key = `${step.path}\0${prefix}`;
      const from = dc.generated.get(key) ?? 0;
      for (let i = from; i < from + step.count; i++) {
        dc.generated.set(key, i + 1);
        last = pathWalk(sys, join(step.path, generatedName(prefix, i))).dentry;
      }
    });
    if (step.as) {
      if (last < 0) throw new ScenarioRuntimeError(`${path}.as`, 'no dentry to bind: the walk did not complete');
      r.ptrs.set(step.as, { phys: last, raw: null, kind: 'slab', cache: 'dentry' });
    }
  },
  d_lookup(r, step) {
    const sys = r.machine;
    const dc = sys.dcache;
    const prefix = step.prefix ?? 'file';
    runTask(() => {
      if (step.count === undefined && !step.all) {
        pathWalk(sys, step.path);
        return;
      }
      const n = step.all ? (dc.generated.get(`${step.path}\0${prefix}`) ?? 0) : step.count!;
      for (let i = 0; i < n; i++) pathWalk(sys, join(step.path, generatedName(prefix, i)));
    });
  },
  shrink_dcache(r, step) {
    const sys = r.machine;
    if (step.task === undefined) r.rec.ctx.task = 'kswapd0';
    // kswapd -> shrink_slab() -> the dentry shrinker -> prune_dcache() (6.8: prune_dcache_sb())
    runTask(() => sys.traps.call(kswapdShrinkFrames(sys.k.since('2.6.26')), () => sys.dcache.pruneDcache(step.count)));
  },
};
