// The Options panel's model: which switches to show, their effective values,
// and overrides kept minimal (only what differs from the scenario file). What the
// simulated kernel offers (its CONFIG_* defaults, its patches) comes with the run.
import type { RunInfo, RunOverrides } from '../worker/protocol.ts';

export type KnownOptions = RunInfo['options'];

/** Before any run: nothing known beyond the file. */
export const NO_OPTIONS: KnownOptions = { kconfigOptions: [], kconfigDefaults: {}, patches: [] };

/** The parts of a scenario file's `config` that overrides can replace. */
export interface FileConfig {
  cmdline: string;
  kconfig: Record<string, boolean>;
  patches: Record<string, boolean>;
}

function boolRecord(v: unknown): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [k, b] of Object.entries(v)) if (typeof b === 'boolean') out[k] = b;
  return out;
}

/** Reads the file's own config; tolerant, since the worker is the validator. */
export function fileConfig(text: string | null): FileConfig {
  const empty: FileConfig = { cmdline: '', kconfig: {}, patches: {} };
  if (text === null) return empty;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return empty;
  }
  if (v === null || typeof v !== 'object' || !('config' in v)) return empty;
  const c: unknown = v.config;
  if (c === null || typeof c !== 'object') return empty;
  const rec = c as Record<string, unknown>;
  return { cmdline: typeof rec.cmdline === 'string' ? rec.cmdline : '', kconfig: boolRecord(rec.kconfig), patches: boolRecord(rec.patches) };
}

/** Every option the run's kernel reads, in its order, then the ones only the scenario or the overrides name. */
export function kconfigKeys(known: KnownOptions, file: FileConfig, o: RunOverrides): string[] {
  const extra = [...Object.keys(file.kconfig), ...Object.keys(o.kconfig ?? {})].filter((k) => !known.kconfigOptions.includes(k)).sort();
  return [...known.kconfigOptions, ...new Set(extra)];
}

export function patchKeys(known: KnownOptions, file: FileConfig, o: RunOverrides): string[] {
  return [...new Set([...known.patches.map((p) => p.name), ...Object.keys(file.patches), ...Object.keys(o.patches ?? {})])].sort();
}

export function effectiveKconfig(known: KnownOptions, file: FileConfig, o: RunOverrides, key: string): boolean {
  return o.kconfig?.[key] ?? file.kconfig[key] ?? known.kconfigDefaults[key] ?? false;
}

export function effectivePatch(file: FileConfig, o: RunOverrides, key: string): boolean {
  return o.patches?.[key] ?? file.patches[key] ?? false;
}

export function effectiveCmdline(file: FileConfig, o: RunOverrides): string {
  return o.cmdline ?? file.cmdline;
}

/** Drops overrides equal to what the file (or the defaults) already say. */
export function normalizeOverrides(known: KnownOptions, file: FileConfig, o: RunOverrides): RunOverrides {
  const out: RunOverrides = {};
  if (o.cmdline !== undefined && o.cmdline !== file.cmdline) out.cmdline = o.cmdline;
  if (o.seed !== undefined) out.seed = o.seed;
  const kc: Record<string, boolean> = {};
  for (const [k, b] of Object.entries(o.kconfig ?? {})) if (b !== (file.kconfig[k] ?? known.kconfigDefaults[k] ?? false)) kc[k] = b;
  if (Object.keys(kc).length > 0) out.kconfig = kc;
  const pt: Record<string, boolean> = {};
  for (const [k, b] of Object.entries(o.patches ?? {})) if (b !== (file.patches[k] ?? false)) pt[k] = b;
  if (Object.keys(pt).length > 0) out.patches = pt;
  return out;
}

export function withKconfig(known: KnownOptions, file: FileConfig, o: RunOverrides, key: string, value: boolean): RunOverrides {
  return normalizeOverrides(known, file, { ...o, kconfig: { ...(o.kconfig ?? {}), [key]: value } });
}

export function withPatch(known: KnownOptions, file: FileConfig, o: RunOverrides, key: string, value: boolean): RunOverrides {
  return normalizeOverrides(known, file, { ...o, patches: { ...(o.patches ?? {}), [key]: value } });
}

export function withCmdline(known: KnownOptions, file: FileConfig, o: RunOverrides, cmdline: string): RunOverrides {
  return normalizeOverrides(known, file, { ...o, cmdline });
}

export function describePatch(known: KnownOptions, name: string): string {
  return known.patches.find((p) => p.name === name)?.description ?? '';
}
