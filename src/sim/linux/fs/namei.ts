// Path walks over the dentry cache: do_lookup() -> __d_lookup(), and real_lookup() -> d_alloc() +
// d_add() on a miss, of fs/namei.c 2.6.25 (lookup_fast()/lookup_slow() in 6.8). The filesystem
// below is ext3 without dentry operations; names a d_alloc op created exist "on disk".
import { kernelSince } from '../include/generated/uapi/linux/version.ts';
import type { Frame } from '../kernel/kallsyms.ts';
import type { Deps } from '../../machine/modules.ts';
import { fullNameHash } from './dcache.ts';

/** The syscall path of an lstat(), outermost first, as 2.6.25 and 6.8 print it. */
export function lstatFrames(kernel: string): Frame[] {
  if (!kernelSince(kernel, '2.6.26'))
    return [{ fn: 'system_call_after_swapgs', off: 0x7b }, { fn: 'sys_newlstat' }, { fn: 'vfs_lstat_fd' }, { fn: '__user_walk_fd' }, { fn: 'do_path_lookup' }, { fn: 'path_walk' }, { fn: '__link_path_walk' }];
  return [{ fn: 'entry_SYSCALL_64_after_hwframe', off: 0x6e }, { fn: 'do_syscall_64' }, { fn: '__do_sys_newlstat' }, { fn: 'vfs_statx' }, { fn: 'filename_lookup' }, { fn: 'path_lookupat' }, { fn: 'walk_component' }];
}

export function splitPath(path: string): string[] {
  return path.split('/').filter((c) => c.length > 0);
}

export interface WalkResult {
  /** The final dentry, or -1 when a component could not be allocated. */
  dentry: number;
  /** Dentries the walk had to create (dcache misses). */
  created: number;
}

// __link_path_walk(), fs/namei.c 2.6.25: one do_lookup() per component from the root
export function pathWalk(sys: Deps<'traps' | 'dcache'>, path: string): WalkResult {
  const dc = sys.dcache;
  const v2625 = !sys.k.since('2.6.26');
  let parent = dc.root;
  // the walk's reference: a dentry it created holds d_count 1 until dput(); a found one is
  // counted up and down again by __d_lookup()/dput(), which the model leaves out
  let held = false;
  let created = 0;
  const release = (): void => {
    if (held) dc.dput(parent);
    held = false;
  };
  return sys.traps.call(lstatFrames(sys.k.layout.kernel), () => {
    for (const name of splitPath(path)) {
      const q = { name, hash: fullNameHash(name) };
      // do_lookup(): __d_lookup() first, real_lookup() -> d_alloc() + ext3_lookup() -> d_add() on a miss
      const d = sys.traps.call({ fn: v2625 ? 'do_lookup' : 'lookup_fast', off: v2625 ? 0x35 : 0x7a }, () => dc.dLookup(parent, q));
      if (d !== null) {
        release();
        parent = d;
        continue;
      }
      const n = sys.traps.call([{ fn: v2625 ? 'do_lookup' : 'lookup_slow', off: v2625 ? 0x8c : 0x4f }, { fn: v2625 ? 'real_lookup' : '__lookup_slow' }], () => {
        const x = dc.dAlloc(parent, name);
        if (x >= 0) dc.dRehash(x);
        return x;
      });
      release();
      if (n < 0) return { dentry: -1, created };
      created++;
      parent = n;
      held = true;
    }
    release();
    return { dentry: parent, created };
  });
}
