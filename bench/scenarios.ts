// scenario_run_ms: every bundled scenario (scenarios/*.json of the checkout measured) read, parsed,
// run and reported in-process, as the CLI's `run` does: the median of 3 runs after a warm-up run,
// or of the runs that fit a time budget for the slow ones. Benchmarks, not tests: nothing asserts.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Session } from '../src/sim/scenario/session.ts';
import { ROOT } from './root.ts';

/** After the warm-up, stop taking runs once this much time went into one scenario (at least one run). */
const BUDGET_MS = 4000;

function runOnce(file: string): number {
  const t0 = performance.now();
  const r = Session.open(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(`${basename(file)}: ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  r.session.report();
  return performance.now() - t0;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** {scenario name: ms}, in file-name order; a scenario that does not load is left out and named in `errors`. */
export function scenarioRunMs(dir = join(ROOT, 'scenarios')): { scenario_run_ms: Record<string, number>; errors: string[] } {
  const out: Record<string, number> = {};
  const errors: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = join(dir, f);
    try {
      const warm = runOnce(file);
      const times: number[] = [];
      let spent = 0;
      while (times.length < 3 && (times.length === 0 || spent + warm <= BUDGET_MS)) {
        const ms = runOnce(file);
        times.push(ms);
        spent += ms;
      }
      out[f.replace(/\.json$/, '')] = Number(median(times).toFixed(1));
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
  return { scenario_run_ms: out, errors };
}
