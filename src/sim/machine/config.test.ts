// The one list of CONFIG_* options the models read, and their defaults per machine.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from '../scenario/session.ts';
import { runInfo } from '../views/registry.ts';
import { KCONFIG_OPTIONS } from './config.ts';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (f.endsWith('.ts') && !f.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function options(machine: Record<string, unknown>): { kconfigOptions: string[]; kconfigDefaults: Record<string, boolean> } {
  const r = Session.open(JSON.stringify({ format: 'kernscope/1', name: 't', config: { machine }, steps: [{ op: 'mark', label: 'x' }] }));
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return runInfo(r.session).options;
}

describe('kconfig options', () => {
  it('KCONFIG_OPTIONS names every option a model reads with kconfig(), once', () => {
    const read = new Set<string>();
    for (const f of sources(join(__dirname, '..'))) for (const m of readFileSync(f, 'utf8').matchAll(/kconfig\('(CONFIG_[A-Z0-9_]+)'\)/g)) read.add(m[1]!);
    expect(read.size).toBeGreaterThan(20);
    expect([...read].filter((o) => !KCONFIG_OPTIONS.includes(o))).toEqual([]);
    expect(new Set(KCONFIG_OPTIONS).size).toBe(KCONFIG_OPTIONS.length);
  });

  it('a run offers them all, with its machine\'s build defaults', () => {
    const x86 = options({});
    expect(x86.kconfigOptions).toEqual(KCONFIG_OPTIONS);
    expect(x86.kconfigOptions).toEqual(expect.arrayContaining(['CONFIG_SMP', 'CONFIG_PREEMPT', 'CONFIG_PREEMPT_DYNAMIC', 'CONFIG_PREEMPT_RT', 'CONFIG_FRAME_POINTER']));
    expect(x86.kconfigDefaults).toMatchObject({ CONFIG_SLUB_DEBUG: true, CONFIG_PROVE_LOCKING: true, CONFIG_DEBUG_ATOMIC_SLEEP: true, CONFIG_SMP: true, CONFIG_PREEMPT_DYNAMIC: true, CONFIG_FRAME_POINTER: false });
    expect(options({ kernel: '2.6.25' }).kconfigDefaults).toMatchObject({ CONFIG_SMP: true, CONFIG_PREEMPT: false, CONFIG_FRAME_POINTER: true });
    expect(options({ arch: 'arm64' }).kconfigDefaults).toMatchObject({ CONFIG_PREEMPT: true, CONFIG_FRAME_POINTER: true });
    expect(options({ arch: 'arm64' }).kconfigDefaults.CONFIG_PREEMPT_DYNAMIC ?? false).toBe(false);
  });
});
