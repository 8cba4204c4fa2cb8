// Parsing and validation of scenario files: every problem is listed with its
// JSON path before anything runs (docs/scenario-format.md, "Errors").
import type { z } from 'zod';
import { DEFAULT_CONFIG, type KernelConfig } from '../machine/config.ts';
import { archKernels } from '../machine/layout.ts';
import { KNOWN_PATCHES } from '../machine/patches.ts';
import { BOOT_CACHES, FUTURE_OPS } from './kinds.ts';
import { HeaderSchema, OP_SCHEMAS, RepeatHeadSchema, type Step } from './schema.ts';
import { GPU_OP_NAMES } from './schema/gpu.ts';
import { LIST_HEAD_OPS } from './schema/list.ts';

export interface InputError {
  path: string;
  message: string;
}

export interface Scenario {
  name: string;
  title: string;
  description: string;
  source: string;
  config: KernelConfig;
  steps: Step[];
  /** Leaf steps after repeat expansion. */
  expandedSteps: number;
}

export const LIMITS = {
  /** Steps after repeat expansion. */
  steps: 2_000_000,
  /** Events one run may produce. */
  events: 5_000_000,
  repeatDepth: 8,
  /** Scenario text size. */
  bytes: 4 * 1024 * 1024,
  /** Buffer objects a run may create (GPU and TTM ops). */
  bos: 100_000,
};

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: InputError[] };

export function formatErrors(errors: readonly InputError[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n');
}

function pathString(base: string, path: readonly PropertyKey[]): string {
  let s = base;
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

function zodErrors(err: z.ZodError, root: unknown, base: string): InputError[] {
  const out: InputError[] = [];
  for (const issue of err.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) out.push({ path: pathString(base, [...issue.path, k]), message: 'unknown field' });
      continue;
    }
    if (issue.code === 'custom') {
      out.push({ path: pathString(base, issue.path), message: issue.message });
      continue;
    }
    const actual = valueAt(root, issue.path);
    const message = actual === undefined ? `${issue.message}, but it is missing` : `${issue.message}, got ${show(actual)}`;
    out.push({ path: pathString(base, issue.path), message });
  }
  return out;
}

/** Line and column of a character offset, for JSON syntax errors. */
function lineCol(text: string, pos: number): string {
  let line = 1;
  let col = 1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return `line ${line}, column ${col}`;
}

function jsonError(text: string, e: unknown): InputError {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /position (\d+)/.exec(msg);
  const where = m ? ` (${lineCol(text, Number(m[1]))})` : '';
  return { path: '', message: `not valid JSON${where}: ${msg}` };
}

interface StepWalk {
  cpus: number;
  /** config.machine.vramMiB > 0: GPU ops are allowed. */
  gpu: boolean;
  /** Buffer objects the steps create after repeat expansion (drm_bo_new, ttm_bo_create). */
  bos: number;
  errors: InputError[];
  bound: Set<string>;
  /** List heads bound by list_head_init. */
  heads: Set<string>;
  caches: Set<string>;
  expanded: number;
}

const NAME_FIELDS_BIND = ['as'] as const;

function validateSteps(raw: readonly unknown[], base: string, depth: number, multiplier: number, w: StepWalk): Step[] {
  const out: Step[] = [];
  raw.forEach((s, i) => {
    const path = `${base}[${i}]`;
    if (s === null || typeof s !== 'object' || Array.isArray(s)) {
      w.errors.push({ path, message: `expected a step object, got ${show(s)}` });
      return;
    }
    const opv = (s as Record<string, unknown>).op;
    if (typeof opv !== 'string') {
      w.errors.push({ path: `${path}.op`, message: `expected an op name (string), got ${show(opv)}` });
      return;
    }
    if (opv === 'repeat') {
      if (depth >= LIMITS.repeatDepth) {
        w.errors.push({ path, message: `repeat nested deeper than ${LIMITS.repeatDepth} levels` });
        return;
      }
      const r = RepeatHeadSchema.safeParse(s);
      if (!r.success) {
        w.errors.push(...zodErrors(r.error, s, path));
        return;
      }
      const inner = validateSteps(r.data.steps, `${path}.steps`, depth + 1, multiplier * r.data.times, w);
      const step: Step = { ...r.data, op: 'repeat', steps: inner };
      out.push(step);
      return;
    }
    if ((FUTURE_OPS as readonly string[]).includes(opv)) {
      w.errors.push({ path: `${path}.op`, message: `"${opv}" is not supported yet` });
      return;
    }
    if (!w.gpu && GPU_OP_NAMES.includes(opv)) {
      w.errors.push({ path: `${path}.op`, message: `"${opv}" needs a GPU: this machine has none (set config.machine.vramMiB)` });
      return;
    }
    const schema = (OP_SCHEMAS as Record<string, z.ZodType>)[opv];
    if (!schema) {
      const known = [...Object.keys(OP_SCHEMAS), 'repeat'];
      const near = known.find((k) => k.startsWith(opv.slice(0, 4)));
      w.errors.push({ path: `${path}.op`, message: `unknown op "${opv}"${near ? ` (did you mean "${near}"?)` : ''}` });
      return;
    }
    const r = schema.safeParse(s);
    if (!r.success) {
      w.errors.push(...zodErrors(r.error, s, path));
      return;
    }
    const step = r.data as Step;
    w.expanded += multiplier;
    if (opv === 'drm_bo_new' || opv === 'ttm_bo_create') {
      const before = w.bos;
      w.bos += multiplier * ((step as { count?: number }).count ?? 1);
      if (before <= LIMITS.bos && w.bos > LIMITS.bos) w.errors.push({ path, message: `${w.bos} buffer objects after repeat expansion exceed the limit of ${LIMITS.bos}` });
    }
    checkNames(step, path, w);
    out.push(step);
  });
  return out;
}

/** Pointer names must be bound by an earlier step; caches must exist (kmalloc-* are created at boot). */
function checkNames(step: Step, path: string, w: StepWalk): void {
  const rec = step as Record<string, unknown>;
  if (step.cpu !== undefined && step.cpu >= w.cpus) w.errors.push({ path: `${path}.cpu`, message: `CPU ${step.cpu} does not exist: config.machine.cpus is ${w.cpus}` });
  if (typeof rec.ptr === 'string' && !w.bound.has(rec.ptr)) w.errors.push({ path: `${path}.ptr`, message: `pointer "${rec.ptr}" is not bound by an earlier step (use "as" on an allocating step)` });
  const cache = rec.cache;
  if (typeof cache === 'string') {
    if (step.op === 'kmem_cache_create') w.caches.add(cache);
    else if (!w.caches.has(cache) && !/^kmalloc-(\d+|rcl-\d+)$/.test(cache) && !(BOOT_CACHES as readonly string[]).includes(cache)) w.errors.push({ path: `${path}.cache`, message: `cache "${cache}" is not created by an earlier kmem_cache_create step` });
  }
  if (typeof rec.head === 'string' && LIST_HEAD_OPS.includes(step.op) && !w.heads.has(rec.head)) w.errors.push({ path: `${path}.head`, message: `list head "${rec.head}" is not bound by an earlier list_head_init step` });
  if (step.op === 'list_head_init') w.heads.add(step.as);
  for (const f of NAME_FIELDS_BIND) if (typeof rec[f] === 'string') w.bound.add(rec[f]);
}

export function buildConfig(c: NonNullable<z.infer<typeof HeaderSchema>['config']> | undefined): KernelConfig {
  return {
    seed: c?.seed ?? DEFAULT_CONFIG.seed,
    arch: c?.machine?.arch ?? DEFAULT_CONFIG.arch,
    kernel: c?.machine?.kernel ?? (c?.machine?.arch === 'arm64' ? archKernels('arm64')[0]! : DEFAULT_CONFIG.kernel),
    cpus: c?.machine?.cpus ?? DEFAULT_CONFIG.cpus,
    ramMiB: c?.machine?.ramMiB ?? DEFAULT_CONFIG.ramMiB,
    vramMiB: c?.machine?.vramMiB ?? DEFAULT_CONFIG.vramMiB,
    barMiB: c?.machine?.barMiB ?? Math.min(256, c?.machine?.vramMiB ?? DEFAULT_CONFIG.vramMiB),
    ...(c?.machine?.gpu !== undefined ? { gpu: c.machine.gpu } : {}),
    ...(c?.machine?.swapMiB ? { swapMiB: c.machine.swapMiB } : {}),
    cmdline: c?.cmdline ?? DEFAULT_CONFIG.cmdline,
    kconfig: { ...(c?.kconfig ?? {}) },
    patches: { ...(c?.patches ?? {}) },
  };
}

export function checkPatches(patches: Readonly<Record<string, boolean>>, path: string): InputError[] {
  const known = KNOWN_PATCHES.map((p) => p.name);
  return Object.keys(patches)
    .filter((p) => !known.includes(p))
    .map((p) => ({ path: `${path}.${p}`, message: `unknown patch "${p}" (known: ${known.length > 0 ? known.join(', ') : 'none yet'})` }));
}

/** Parses and validates a scenario; never throws. */
export function parseScenario(text: string): ParseResult {
  if (text.length > LIMITS.bytes) return { ok: false, errors: [{ path: '', message: `scenario is ${text.length} bytes; the limit is ${LIMITS.bytes}` }] };
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [jsonError(text, e)] };
  }
  return validateScenario(root);
}

export function validateScenario(root: unknown): ParseResult {
  const head = HeaderSchema.safeParse(root);
  const errors: InputError[] = head.success ? [] : zodErrors(head.error, root, '');
  // steps are checked even when the header is wrong, so one pass lists every problem
  const rawSteps = root !== null && typeof root === 'object' ? (root as { steps?: unknown }).steps : undefined;
  const cpus = head.success ? (head.data.config?.machine?.cpus ?? DEFAULT_CONFIG.cpus) : DEFAULT_CONFIG.cpus;
  const gpu = head.success ? (head.data.config?.machine?.vramMiB ?? 0) > 0 : true;
  const w: StepWalk = { cpus, gpu, bos: 0, errors: [], bound: new Set(), heads: new Set(), caches: new Set(), expanded: 0 };
  const steps = Array.isArray(rawSteps) ? validateSteps(rawSteps, 'steps', 0, 1, w) : [];
  errors.push(...w.errors);
  if (head.success) errors.push(...checkPatches(head.data.config?.patches ?? {}, 'config.patches'));
  if (w.expanded > LIMITS.steps) errors.push({ path: 'steps', message: `${w.expanded} steps after repeat expansion exceed the limit of ${LIMITS.steps}` });
  if (!head.success || errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    scenario: {
      name: head.data.name,
      title: head.data.title ?? head.data.name,
      description: head.data.description ?? '',
      source: head.data.source ?? '',
      config: buildConfig(head.data.config),
      steps,
      expandedSteps: w.expanded,
    },
  };
}
