// npm run bench: prints one JSON object of figures. Benchmarks, not tests: nothing here asserts.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Rng } from '../src/sim/engine/rng.ts';
import { Session } from '../src/sim/scenario/session.ts';
import { churnScenario } from './scenario.ts';
import { evictBoPerS, nouveauRunMs, profileDiffMs } from './gpu.ts';
import { importFigures, importPeakRss } from './import.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_EVENTS = 1_000_000;

function open(text: string): Session {
  const r = Session.open(text);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session;
}

function percentile(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

// calibrate the number of alloc/free rounds so the run has about a million events
const probe = open(churnScenario(1000));
const perRound = (probe.total - open(churnScenario(1)).total) / 999;
const text = churnScenario(Math.round(TARGET_EVENTS / perRound));

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

const c0 = performance.now();
const cold = spawnSync(process.execPath, [join(root, 'bin/kernscope.mjs'), 'run', join(root, 'scenarios/slub-redzone-overwrite.json'), '--json'], { encoding: 'utf8' });
const coldRunMs = performance.now() - c0;

// CLI start: `node bin/kernscope.mjs list`, median of 5 spawns, on the bundle that `npm install`
// builds (npm run build:cli). Build it first when it is missing or older than src/, as the bin
// script would otherwise fall back to running the sources through tsx.
function newestMtimeMs(dir: string): number {
  let newest = statSync(dir).mtimeMs;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtimeMs(p) : statSync(p).mtimeMs);
  }
  return newest;
}
const cliBundle = statSync(join(root, 'build/cli/kernscope.mjs'), { throwIfNoEntry: false });
if (!cliBundle || cliBundle.mtimeMs < newestMtimeMs(join(root, 'src'))) {
  spawnSync('npm', ['run', 'build:cli'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
const cliListMs: number[] = [];
for (let i = 0; i < 5; i++) {
  const s = performance.now();
  spawnSync(process.execPath, [join(root, 'bin/kernscope.mjs'), 'list'], { stdio: 'ignore' });
  cliListMs.push(performance.now() - s);
}

// GPU/TTM (bench/gpu.ts) and log import (bench/import.ts)
const diff = profileDiffMs();
const imported = importFigures();
const rss = await importPeakRss();

const figures = {
  events,
  checkpoints: session.timeline.checkpoints.length,
  seek_p95_ms: +seekP95.toFixed(3),
  seek_mean_ms: +seekMean.toFixed(3),
  replay_full_ms: +replayFullMs.toFixed(1),
  seek_speedup_vs_replay: +(replayFullMs / seekP95).toFixed(1),
  events_per_s: Math.round(events / (replayFullMs / 1000)),
  checkpoint_bytes_per_ram: +(checkpointBytes / k.ramBytes).toFixed(4),
  cold_run_ms: +coldRunMs.toFixed(1),
  cold_run_exit: cold.status,
  cli_list_ms: +percentile(cliListMs, 50).toFixed(1),
  event_log_bytes: session.rec.log.byteSize(),
  evict_bo_per_s: Math.round(evictBoPerS()),
  profile_diff_ms: +diff.ms.toFixed(1),
  profile_build_ms: +diff.profileMs.toFixed(1),
  nouveau_run_ms: +nouveauRunMs().toFixed(1),
  ...imported,
  ...rss,
};
process.stdout.write(JSON.stringify(figures) + '\n');
