// GPU/TTM figures for npm run bench (to be wired into bench/run.ts): evictions per second,
// the profile diff of two ~1,000,000-event runs, and the seed 000 scenario from file to report.
// Benchmarks, not tests: nothing here asserts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Session } from '../src/sim/scenario/session.ts';
import { functionProfile } from '../src/sim/views/function_graph.ts';
import { diffProfiles } from '../src/sim/views/profile.ts';
import { ROOT as root } from './root.ts';

function open(text: string): Session {
  const r = Session.open(text);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session;
}

/** A KUnit-style device whose VRAM holds `n` one-page objects; with `evict`, ttm_bo_evict_mm() empties it. */
export function evictionScenario(n: number, evict: boolean): string {
  const steps: object[] = [
    { op: 'ttm_device', device: 'bench', managers: { VRAM: n, TT: n } },
    { op: 'ttm_bo_create', device: 'bench', bo: 'b', pages: 1, placement: ['VRAM'], count: n },
  ];
  if (evict) steps.push({ op: 'ttm_evict_mm', device: 'bench', mem: 'VRAM' });
  return JSON.stringify({ format: 'kernscope/1', name: 'bench-evict', config: { machine: { kernel: '5.10', ramMiB: 512 } }, steps });
}

/** evict_bo_per_s: 10,000 buffer objects evicted by ttm_bo_evict_mm(), per second of host time. */
export function evictBoPerS(n = 10_000): number {
  open(evictionScenario(500, true)); // warm the JIT
  const t0 = performance.now();
  open(evictionScenario(n, false));
  const t1 = performance.now();
  open(evictionScenario(n, true));
  const t2 = performance.now();
  const evictMs = Math.max(1e-3, t2 - t1 - (t1 - t0));
  return Math.round((n / evictMs) * 1000);
}

/** A run of about `events` events: objects validated back and forth between VRAM and TT. */
export function pingPongScenario(rounds: number, kconfig: Record<string, boolean> = {}): string {
  const steps = [
    { op: 'ttm_device', device: 'bench', managers: { VRAM: 64, TT: 64 } },
    { op: 'ttm_bo_create', device: 'bench', bo: 'p', pages: 4, placement: ['VRAM'] },
    {
      op: 'repeat',
      times: rounds,
      steps: [
        { op: 'ttm_bo_validate', bo: 'p', placement: ['TT'] },
        { op: 'ttm_bo_validate', bo: 'p', placement: ['VRAM'] },
      ],
    },
  ];
  return JSON.stringify({ format: 'kernscope/1', name: 'bench-pingpong', config: { machine: { kernel: '5.10', ramMiB: 256 }, kconfig }, steps });
}

/**
 * profile_diff_ms: the diff of the function profiles of two ~1,000,000-event runs (profileMs: building
 * both profiles from the runs' events, which the diff needs first; the runs themselves are not timed).
 */
export function profileDiffMs(targetEvents = 1_000_000): { ms: number; profileMs: number; eventsA: number; eventsB: number } {
  const probe = open(pingPongScenario(100));
  const perRound = Math.max(1, (probe.total - open(pingPongScenario(1)).total) / 99);
  const rounds = Math.round(targetEvents / perRound);
  const a = open(pingPongScenario(rounds));
  const b = open(pingPongScenario(rounds + 7));
  functionProfile(a.rec); // warm
  const t0 = performance.now();
  const pa = functionProfile(a.rec);
  const pb = functionProfile(b.rec);
  const t1 = performance.now();
  diffProfiles(pa, pb);
  return { ms: performance.now() - t1, profileMs: t1 - t0, eventsA: a.total, eventsB: b.total };
}

/** nouveau_run_ms: scenarios/nouveau-suspend-eviction.json read, parsed, run and reported. */
export function nouveauRunMs(): number {
  const file = join(root, 'scenarios/nouveau-suspend-eviction.json');
  open(readFileSync(file, 'utf8')); // warm
  const t0 = performance.now();
  open(readFileSync(file, 'utf8')).report();
  return performance.now() - t0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pd = profileDiffMs();
  console.log(JSON.stringify({ evict_bo_per_s: evictBoPerS(), profile_diff_ms: Math.round(pd.ms), profile_build_ms: Math.round(pd.profileMs), profile_diff_events: [pd.eventsA, pd.eventsB], nouveau_run_ms: Math.round(nouveauRunMs()) }));
}
