// Which checkout the bench measures. KERNSCOPE_BENCH_ROOT: the checkout whose CLI, scenarios and
// sources the Node figures use (default: this one); KERNSCOPE_BENCH_DIST: the built app the browser
// figures serve (default: <root>/dist, built first when missing or older than <root>/src).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This checkout: the bench's own files. */
export const HERE = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The checkout measured. */
export const ROOT = resolve(process.env.KERNSCOPE_BENCH_ROOT ?? HERE);
/** A dist/ given explicitly, or null to use (and build when stale) <ROOT>/dist. */
export const DIST_OVERRIDE = process.env.KERNSCOPE_BENCH_DIST ? resolve(process.env.KERNSCOPE_BENCH_DIST) : null;

export function newestMtimeMs(dir: string): number {
  let newest = statSync(dir).mtimeMs;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtimeMs(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Whether `out` (a build output) exists and is at least as new as every file under <ROOT>/src. */
export function freshAgainstSrc(out: string): boolean {
  if (!existsSync(out)) return false;
  return statSync(out).mtimeMs >= newestMtimeMs(join(ROOT, 'src'));
}
