// Scenarios the end-to-end tests open, written here so the tests do not depend
// on the bundled files, and their facts (finding events) asked of the engine itself.
import { readFileSync } from 'node:fs';
import { KernscopeCore } from '../src/worker/core.ts';
import type { Finding, RunInfo, RunOverrides } from '../src/worker/protocol.ts';

/** test_clobber_zone of lib/slub_kunit.c: one byte past a red-zoned object. */
export const REDZONE = JSON.stringify(
  {
    format: 'kernscope/1',
    name: 'e2e-redzone',
    title: 'e2e: red zone overwrite',
    description: 'A write **one byte past** the object, caught by `validate_slab_cache()`.',
    config: { cmdline: 'slub_debug=FZPU' },
    steps: [
      { op: 'kmem_cache_create', cache: 'TestSlub_RZ_alloc', size: 64, flags: ['SLAB_RED_ZONE'], task: 'kunit_try_catch' },
      { op: 'kmem_cache_alloc', cache: 'TestSlub_RZ_alloc', as: 'p', task: 'kunit_try_catch' },
      { op: 'mark', label: 'allocated' },
      { op: 'write', ptr: 'p', offset: 64, bytes: [18], task: 'kunit_try_catch' },
      { op: 'validate_slab_cache', cache: 'TestSlub_RZ_alloc', task: 'kunit_try_catch' },
      { op: 'expect', finding: 'slub.redzone_overwritten', count: 1 },
    ],
  },
  null,
  2,
);

/** The start of the kernel's report line (the model decides Left/Right/kmalloc Redzone). */
export const REDZONE_BUG = 'BUG TestSlub_RZ_alloc (Not tainted):';

/** A freed object of a poisoned cache: 0x6b ... 0xa5. */
export const POISONED = JSON.stringify(
  {
    format: 'kernscope/1',
    name: 'e2e-poison',
    config: { cmdline: 'slub_debug=FZPU' },
    steps: [
      { op: 'kmem_cache_create', cache: 'TestSlub_poison', size: 64, flags: ['SLAB_POISON', 'SLAB_RED_ZONE'] },
      { op: 'kmem_cache_alloc', cache: 'TestSlub_poison', as: 'p' },
      { op: 'kmem_cache_free', ptr: 'p' },
    ],
  },
  null,
  2,
);

/** Valid JSON with two mistakes the validator names by path. */
export const BROKEN = JSON.stringify(
  {
    format: 'kernscope/1',
    name: 'e2e-broken',
    steps: [
      { op: 'kmem_cache_create', cache: 'c', size: '64' },
      { op: 'kmem_cache_alocate', cache: 'c', as: 'p' },
    ],
  },
  null,
  2,
);

/** Runs a scenario in-process, as the worker will. */
export function run(text: string, overrides: RunOverrides = {}): RunInfo {
  const r = new KernscopeCore().open(text, overrides);
  if (!r.ok) throw new Error(`scenario does not load: ${JSON.stringify(r.errors)}`);
  return r.info;
}

/** A bundled scenario (scenarios/<name>.json) run in-process, as the worker runs it. */
export function bundledRun(name: string): RunInfo {
  return run(readFileSync(new URL(`../scenarios/${name}.json`, import.meta.url), 'utf8'));
}

/** The run of a bundled scenario and the event just after its first `kind` finding. */
export function afterFinding(name: string, kind: string): { info: RunInfo; at: number } {
  const info = bundledRun(name);
  return { info, at: firstFinding(info, kind).event + 1 };
}

export function firstFinding(info: RunInfo, kind: string): Finding {
  const f = info.findings.find((x) => x.kind === kind);
  if (!f) throw new Error(`no ${kind} finding in ${info.name}: ${JSON.stringify(info.findings)}`);
  return f;
}

/** A double free by a task whose name carries terminal escape sequences (clear screen, hidden text). */
export const EVIL_TASK = '\u001b[2J\u001b[8mevil';
export const ESCAPING = JSON.stringify({
  format: 'kernscope/1',
  name: 'e2e-escape',
  config: { cmdline: 'slub_debug=FZPU' },
  steps: [
    { op: 'kmalloc', size: 64, as: 'p' },
    { op: 'kfree', ptr: 'p' },
    { op: 'kfree', ptr: 'p', task: EVIL_TASK },
  ],
});

/** The state hash Node computes after event `at` of a run: the browser must show the same. */
export function stateHashAt(text: string, at: number, overrides: RunOverrides = {}): string {
  const core = new KernscopeCore();
  const r = core.open(text, overrides);
  if (!r.ok) throw new Error(`scenario does not load: ${JSON.stringify(r.errors)}`);
  return core.view(r.run, 'stateHash', {}, at);
}
