// An imported circular-dependency report as the lock graph the Locks view draws: the classes of
// its chain and the dependencies print_circular_bug() printed. The chain is printed in reverse
// order, `-> #0` (the new lock) first taken: entry #k+1 was taken while #k was held, and the
// report's new dependency held -> new (refused) closes the cycle.
import type { FieldValue, ImportedFinding } from '../../worker/importProtocol.ts';
import type { IrqSafety, LockClassView, LockEdgeView, LockGraphView } from '../../worker/protocol.ts';

export interface ChainEntry {
  index: number;
  lock: string;
  usage: string;
  wait: string;
  frames: string[];
}

type Obj = { readonly [k: string]: FieldValue };

function isObj(v: FieldValue | undefined): v is Obj {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/** The `chain` field of an imported lockdep finding, #0 first. */
export function chainOf(f: ImportedFinding): ChainEntry[] {
  const c = f.fields.chain;
  if (!Array.isArray(c)) return [];
  const out: ChainEntry[] = [];
  for (const x of c as readonly FieldValue[]) {
    if (!isObj(x) || typeof x.lock !== 'string' || typeof x.index !== 'number') continue;
    const frames = Array.isArray(x.frames) ? (x.frames as readonly FieldValue[]).filter((s): s is string => typeof s === 'string') : [];
    out.push({ index: x.index, lock: x.lock, usage: typeof x.usage === 'string' ? x.usage : '....', wait: typeof x.wait === 'string' ? x.wait : '0:0', frames });
  }
  return out.sort((a, b) => a.index - b.index);
}

// get_usage_char(), kernel/locking/lockdep.c: '+' taken with the irq enabled, '-' taken in it, '?' both
function safety(ch: string | undefined): IrqSafety {
  return ch === '+' ? 'unsafe' : ch === '-' ? 'safe' : ch === '?' ? 'both' : 'none';
}

/** Frames of lockdep and of the lock primitives themselves, above the caller that took the lock. */
const LOCK_INTERNAL = /^(?:__lock_acquire|lock_acquire|_raw_|__raw_|do_raw_|__mutex_lock|mutex_lock|__ww_mutex_lock|ww_mutex_lock|down_|__down|rwsem_|queued_|rt_mutex|__might_|fs_reclaim_acquire$)/;

/** The lock primitive the acquiring stack went through, when it shows. */
export function lockTypeOf(frames: readonly string[]): LockClassView['lockType'] {
  for (const fn of frames) {
    if (/ww_mutex_lock/.test(fn)) return 'ww_mutex';
    if (/^(?:__)?mutex_lock/.test(fn)) return 'mutex';
    if (/^(?:__)?down_(?:read|write)/.test(fn)) return 'rwsem';
    if (/^_raw_(?:read|write)_lock/.test(fn)) return 'rwlock';
    if (/^_raw_spin_lock/.test(fn)) return 'spinlock';
  }
  return 'lockdep_map';
}

/** Where the lock was taken: the first frame below lockdep and the lock primitive. */
export function siteOf(frames: readonly string[]): string {
  return frames.find((fn) => !LOCK_INTERNAL.test(fn)) ?? frames[0] ?? '?';
}

function waitParts(w: string): [number, number] {
  const m = /^(\d+):(\d+)$/.exec(w);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** The lock graph of a circular report's chain; null when the finding has no chain of two or more. */
export function lockGraphOf(f: ImportedFinding): LockGraphView | null {
  const chain = chainOf(f);
  if (chain.length < 2) return null;
  const classes: LockClassView[] = chain.map((e, idx) => {
    const [inner, outer] = waitParts(e.wait);
    return {
      idx,
      name: e.lock,
      key: e.lock,
      subclass: Number(/\/(\d+)$/.exec(e.lock)?.[1] ?? 0),
      lockType: lockTypeOf(e.frames),
      usage: e.usage,
      usageMask: 0,
      usageStates: [],
      hardirq: safety(e.usage[0]),
      softirq: safety(e.usage[2]),
      waitType: e.wait,
      waitInner: inner,
      waitOuter: outer,
      event: 0,
    };
  });
  const edges: LockEdgeView[] = [];
  for (let k = 0; k + 1 < chain.length; k++) {
    const held = chain[k]!;
    const next = chain[k + 1]!;
    edges.push({ from: held.lock, to: next.lock, fromIdx: k, toIdx: k + 1, deps: [], distance: 1, event: 0, sites: { prev: '?', next: siteOf(next.frames) }, trace: next.frames });
  }
  const last = chain.length - 1;
  // held (the chain's last entry) first, then the new lock and the rest of the chain
  const cycle = { classes: [chain[last]!.lock, ...chain.slice(0, last).map((e) => e.lock)], classIdx: [last, ...chain.slice(0, last).map((_, i) => i)], event: 0 };
  return { debugLocks: false, classes, edges, cycle, chains: { process: 0, softirq: 0, hardirq: 0 } };
}
