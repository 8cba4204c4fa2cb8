// Command-line flags of `kernscope run` and friends (docs/scenario-format.md, "The CLI").
import { parseArgs } from 'node:util';
import type { RunOverrides } from '../sim/scenario/session.ts';

export interface CliOptions {
  files: string[];
  json: boolean;
  overrides: RunOverrides;
  at: number | undefined;
  base: string;
  /** trace/profile: the event range and set_graph_function. */
  from: number | undefined;
  to: number | undefined;
  graphFunction: string | undefined;
  /** diff: the two runs' overrides, as command-line flags in one string each; --profile adds the profile diff. */
  a: string | undefined;
  b: string | undefined;
  profile: boolean;
}

export class UsageError extends Error {}

function parseNonNeg(flag: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag}: expected a non-negative integer, got "${v}"`);
  return Number(v);
}

/** `--a "--cmdline x"`: values that are flags themselves, joined as `--a=...` so parseArgs takes them as values. */
function joinFlagValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    if ((x === '--a' || x === '--b') && i + 1 < argv.length) out.push(`${x}=${argv[++i]!}`);
    else out.push(x);
  }
  return out;
}

export function parseCliOptions(argv: string[]): CliOptions {
  argv = joinFlagValues(argv);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        cmdline: { type: 'string' },
        kconfig: { type: 'string', multiple: true },
        patch: { type: 'string', multiple: true },
        seed: { type: 'string' },
        at: { type: 'string' },
        base: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        'graph-function': { type: 'string' },
        a: { type: 'string' },
        b: { type: 'string' },
        profile: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const v = parsed.values;
  const overrides: RunOverrides = {};
  if (v.cmdline !== undefined) overrides.cmdline = v.cmdline;
  if (v.seed !== undefined) {
    const seed = parseNonNeg('--seed', v.seed);
    if (seed > 0xffffffff) throw new UsageError(`--seed: expected 0..4294967295, got ${seed}`);
    overrides.seed = seed;
  }
  for (const kc of v.kconfig ?? []) {
    const m = /^(CONFIG_[A-Z0-9_]+)=(y|n)$/.exec(kc);
    if (!m) throw new UsageError(`--kconfig: expected CONFIG_NAME=y or CONFIG_NAME=n, got "${kc}"`);
    (overrides.kconfig ??= {})[m[1]!] = m[2] === 'y';
  }
  for (const p of v.patch ?? []) {
    const m = /^([A-Za-z0-9_.-]+)=(on|off)$/.exec(p);
    if (!m) throw new UsageError(`--patch: expected NAME=on or NAME=off, got "${p}"`);
    (overrides.patches ??= {})[m[1]!] = m[2] === 'on';
  }
  return {
    files: parsed.positionals,
    json: v.json ?? false,
    overrides,
    at: v.at === undefined ? undefined : parseNonNeg('--at', v.at),
    base: v.base ?? 'http://127.0.0.1:5173/',
    from: v.from === undefined ? undefined : parseNonNeg('--from', v.from),
    to: v.to === undefined ? undefined : parseNonNeg('--to', v.to),
    graphFunction: v['graph-function'],
    a: v.a,
    b: v.b,
    profile: v.profile ?? false,
  };
}
