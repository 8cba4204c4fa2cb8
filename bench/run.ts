// npm run bench: prints one JSON object of figures. Benchmarks, not tests: nothing here asserts.
//   npm run bench -- --only=browser        only the browser figures (also --only=node, or parts: --only=sim,kaccess)
//   npm run bench -- --skip=browser        everything but the browser figures (--skip=import,gpu ...)
// Parts: sim, cli, gpu, import, scenarios, kaccess (together: node) and browser. calib_ops_per_s
// is always measured. KERNSCOPE_BENCH_ROOT=<checkout> measures another checkout (its sources,
// scenarios and CLI), KERNSCOPE_BENCH_DIST=<dir> serves another built app (see bench/root.ts).
// Nothing from src/ is imported statically here: the measured checkout's sources are chosen first.
import { spawnSync } from 'node:child_process';
import { register } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { calibOpsPerS, ratio } from './calib.ts';
import { HERE, ROOT } from './root.ts';

const NODE_PARTS = ['sim', 'cli', 'gpu', 'import', 'scenarios', 'kaccess'] as const;
const PARTS = [...NODE_PARTS, 'browser'] as const;
type Part = (typeof PARTS)[number];

function parts(argv: readonly string[]): Set<Part> {
  const expand = (list: string): Part[] =>
    list.split(',').flatMap((p): Part[] => {
      if (p === 'node') return [...NODE_PARTS];
      if (p === 'all') return [...PARTS];
      if ((PARTS as readonly string[]).includes(p)) return [p as Part];
      throw new Error(`bench: unknown part "${p}" (parts: node, browser, ${NODE_PARTS.join(', ')})`);
    });
  let on = new Set<Part>(PARTS);
  for (const a of argv) {
    const m = /^--(only|skip)=(.+)$/.exec(a);
    if (m === null) throw new Error(`bench: unknown argument "${a}" (use --only=PARTS or --skip=PARTS)`);
    if (m[1] === 'only') on = new Set(expand(m[2]!));
    else for (const p of expand(m[2]!)) on.delete(p);
  }
  return on;
}

const on = parts(process.argv.slice(2));
if (ROOT !== HERE) {
  register(new URL('./root-hooks.mjs', import.meta.url), { data: { from: pathToFileURL(join(HERE, 'src') + '/').href, to: pathToFileURL(join(ROOT, 'src') + '/').href } });
}

const errors: Record<string, string> = {};
let figures: Record<string, unknown> = {};

/** Runs one part; a part that fails (say, on an older checkout that lacks a module) leaves its figures out and says why. */
async function part<T extends object>(name: Part, f: () => Promise<T> | T): Promise<void> {
  if (!on.has(name)) return;
  const t0 = performance.now();
  try {
    figures = { ...figures, ...(await f()) };
    process.stderr.write(`bench: ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  } catch (e) {
    errors[name] = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    process.stderr.write(`bench: ${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
}

/** The import figures of `--only=import` run by this same command in a child process. */
function importAlone(): Record<string, unknown> {
  const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--only=import'], { encoding: 'utf8', maxBuffer: 1 << 24, env: process.env });
  if (r.status !== 0) throw new Error(`the import part in its own process failed: ${(r.stderr || '').trim().split('\n').pop() ?? r.status}`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  const { calib_ops_per_s: _c, import_mb_per_s_ratio: _r, bench_root: _b, ...figs } = JSON.parse(line) as Record<string, unknown>;
  return figs;
}

// timed before and after the Node parts, the faster kept: a moment of load from elsewhere at one of
// them does not skew every ratio
let calib = calibOpsPerS();
await part('sim', async () => (await import('./node.ts')).simFigures());
await part('cli', async () => (await import('./node.ts')).cliFigures());
// GPU/TTM (bench/gpu.ts) and log import (bench/import.ts)
await part('gpu', async () => {
  const g = await import('./gpu.ts');
  const diff = g.profileDiffMs();
  return { evict_bo_per_s: Math.round(g.evictBoPerS()), profile_diff_ms: +diff.ms.toFixed(1), profile_build_ms: +diff.profileMs.toFixed(1), nouveau_run_ms: +g.nouveauRunMs().toFixed(1) };
});
await part('import', async () => {
  // alone in a fresh process when other parts run too: the 1M-event run's heap and JIT state slowed
  // both the import and the line splitting it is compared with by about a quarter
  if (on.size > 1) return importAlone();
  const i = await import('./import.ts');
  const imported = i.importFigures();
  return { ...imported, ...(await i.importPeakRss()) };
});
await part('scenarios', async () => {
  const s = (await import('./scenarios.ts')).scenarioRunMs();
  if (s.errors.length > 0) errors.scenarios = s.errors.join('; ');
  return { scenario_run_ms: s.scenario_run_ms };
});
await part('kaccess', async () => ({ kaccess_per_s: (await import('./kaccess.ts')).kaccessPerS() }));
if (NODE_PARTS.some((p) => on.has(p))) calib = Math.max(calib, calibOpsPerS());
await part('browser', async () => (await import('./browser.ts')).browserFigures(errors));

const num = (k: string): number | null => (typeof figures[k] === 'number' ? (figures[k] as number) : null);
const out: Record<string, unknown> = { ...figures, calib_ops_per_s: calib };
// throughputs as a ratio to the plain-JS loop of this process, comparable across machines
for (const k of ['events_per_s', 'kaccess_per_s', 'import_mb_per_s'] as const) if (num(k) !== null) out[`${k}_ratio`] = ratio(num(k), calib);
if (ROOT !== HERE) out.bench_root = ROOT;
if (Object.keys(errors).length > 0) out.bench_errors = errors;
process.stdout.write(JSON.stringify(out) + '\n');
