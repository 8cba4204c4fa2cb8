// The Node figures bench/run.ts has always printed: the engine on a ~1,000,000-event churn (replay,
// seek, checkpoints) and the CLI (a cold run, `list`). Benchmarks, not tests: nothing here asserts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Rng } from '../src/sim/engine/rng.ts';
import { Session } from '../src/sim/scenario/session.ts';
import { churnOf, churnScenario } from './scenario.ts';
import { ROOT, freshAgainstSrc } from './root.ts';

const TARGET_EVENTS = 1_000_000;

function open(text: string): Session {
  const r = Session.open(text);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session;
}

export function percentile(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export interface SimFigures {
  events: number;
  checkpoints: number;
  seek_p95_ms: number;
  seek_mean_ms: number;
  replay_full_ms: number;
  seek_speedup_vs_replay: number;
  events_per_s: number;
  checkpoint_bytes_per_ram: number;
  event_log_bytes: number;
}

/** A ~1,000,000-event churn run from scratch, then 300 seeks to random events. */
export function simFigures(): SimFigures {
  // the number of alloc/free rounds calibrated so the run has about a million events
  const text = churnOf(TARGET_EVENTS);

  // warm the JIT on a smaller run first
  open(churnScenario(20_000));

  const t0 = performance.now();
  const session = open(text);
  const replayFullMs = performance.now() - t0;
  const events = session.total;

  const k = session.runner.kernel;
  let snapshotJsBytes = 0;
  for (const cp of session.timeline.checkpoints) {
    const { machine, ...rest } = cp.state;
    const { mem: _mem, ...kernelRest } = machine.kernel;
    snapshotJsBytes += JSON.stringify(rest).length + JSON.stringify(kernelRest).length + JSON.stringify(machine.modules).length;
  }
  const checkpointBytes = k.mem.copiedBytes + snapshotJsBytes;

  const rng = new Rng(12345);
  const seeks: number[] = [];
  for (let i = 0; i < 300; i++) {
    const n = rng.below(events + 1);
    const s = performance.now();
    session.seek(n);
    seeks.push(performance.now() - s);
  }
  const seekP95 = percentile(seeks, 95);
  const seekMean = seeks.reduce((a, b) => a + b, 0) / seeks.length;
  return {
    events,
    checkpoints: session.timeline.checkpoints.length,
    seek_p95_ms: +seekP95.toFixed(3),
    seek_mean_ms: +seekMean.toFixed(3),
    replay_full_ms: +replayFullMs.toFixed(1),
    seek_speedup_vs_replay: +(replayFullMs / seekP95).toFixed(1),
    events_per_s: Math.round(events / (replayFullMs / 1000)),
    checkpoint_bytes_per_ram: +(checkpointBytes / k.ramBytes).toFixed(4),
    event_log_bytes: session.rec.log.byteSize(),
  };
}

/** The measured checkout's CLI: a cold `run` of one scenario and `list` (median of 5 spawns). */
export function cliFigures(): { cold_run_ms: number; cold_run_exit: number | null; cli_list_ms: number } {
  const bin = join(ROOT, 'bin/kernscope.mjs');
  const c0 = performance.now();
  const cold = spawnSync(process.execPath, [bin, 'run', join(ROOT, 'scenarios/slub-redzone-overwrite.json'), '--json'], { encoding: 'utf8' });
  const coldRunMs = performance.now() - c0;

  // CLI start: `node bin/kernscope.mjs list`, median of 5 spawns, on the bundle that `npm install`
  // builds (npm run build:cli). Build it first when it is missing or older than src/, as the bin
  // script would otherwise fall back to running the sources through tsx.
  const bundle = join(ROOT, 'build/cli/kernscope.mjs');
  if (!freshAgainstSrc(bundle)) {
    spawnSync('npm', ['run', 'build:cli'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const cliListMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    spawnSync(process.execPath, [bin, 'list'], { stdio: 'ignore' });
    cliListMs.push(performance.now() - s);
  }
  return { cold_run_ms: +coldRunMs.toFixed(1), cold_run_exit: cold.status, cli_list_ms: +percentile(cliListMs, 50).toFixed(1) };
}
