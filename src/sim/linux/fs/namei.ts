// Path walks over the dentry cache: do_lookup() -> __d_lookup(), and real_lookup() -> d_alloc() +
// d_add() on a miss, of fs/namei.c 2.6.25 (lookup_fast()/lookup_slow() in 6.8). The filesystem
// below is ext3 without dentry operations; names a d_alloc op created exist "on disk".
import { kernelSince } from '../include/generated/uapi/linux/version.ts';
import type { Frame } from '../kernel/kallsyms.ts';
import type { Deps } from '../../machine/modules.ts';
import { fullNameHash } from './dcache.ts';

// the frames are constants shared by every walk (call stacks hold them by reference, never change them)
const LSTAT_2625: readonly Frame[] = [{ fn: 'system_call_after_swapgs', off: 0x7b }, { fn: 'sys_newlstat' }, { fn: 'vfs_lstat_fd' }, { fn: '__user_walk_fd' }, { fn: 'do_path_lookup' }, { fn: 'path_walk' }, { fn: '__link_path_walk' }];
const LSTAT_68: readonly Frame[] = [{ fn: 'entry_SYSCALL_64_after_hwframe', off: 0x6e }, { fn: 'do_syscall_64' }, { fn: '__do_sys_newlstat' }, { fn: 'vfs_statx' }, { fn: 'filename_lookup' }, { fn: 'path_lookupat' }, { fn: 'walk_component' }];
const FAST_2625: Frame = { fn: 'do_lookup', off: 0x35 };
const FAST_68: Frame = { fn: 'lookup_fast', off: 0x7a };
const SLOW_2625: readonly Frame[] = [{ fn: 'do_lookup', off: 0x8c }, { fn: 'real_lookup' }];
const SLOW_68: readonly Frame[] = [{ fn: 'lookup_slow', off: 0x4f }, { fn: '__lookup_slow' }];

/** The syscall path of an lstat(), outermost first, as 2.6.25 and 6.8 print it. */
export function lstatFrames(kernel: string): readonly Frame[] {
  return !kernelSince(kernel, '2.6.26') ? LSTAT_2625 : LSTAT_68;
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
  return sys.traps.call(v2625 ? LSTAT_2625 : LSTAT_68, () => {
    for (const name of splitPath(path)) {
      const q = { name, hash: fullNameHash(name) };
      // do_lookup(): __d_lookup() first, real_lookup() -> d_alloc() + ext3_lookup() -> d_add() on a miss
      const d = sys.traps.call(v2625 ? FAST_2625 : FAST_68, () => dc.dLookup(parent, q));
      if (d !== null) {
        release();
        parent = d;
        continue;
      }
      const n = sys.traps.call(v2625 ? SLOW_2625 : SLOW_68, () => {
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
