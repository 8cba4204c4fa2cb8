// Runs kept in the browser: for a scenario text, its options and the app's build, the finished
// run's summary and the view answers the page asked of it first (the moment a link opens at), so
// opening the same link again draws before the engine has run it. A bounded store: the least
// recently opened runs go first.
import type { RunInfo } from '../../worker/protocol.ts';
import type { KeyValue } from './kv.ts';

/** The answers kept of one run at most (estimated bytes): the first render's, not a whole session's. */
export const ENTRY_MAX_BYTES = 8 << 20;
/** All runs kept together at most. */
export const CACHE_MAX_BYTES = 48 << 20;
export const CACHE_MAX_RUNS = 12;

const INDEX = 'index';

export interface CachedRun {
  /** The cache key (runCacheKey). */
  key: string;
  info: RunInfo;
  /** View answers by request (answerKey), in the order they were first asked. */
  answers: [string, unknown][];
}

/**
 * A value as IndexedDB keeps it: one JSON text with its typed arrays' bytes beside it. Reading
 * back a structured clone of thousands of small objects (a run's findings, 5,000 dmesg lines)
 * takes IndexedDB about a second; a string and a few buffers take milliseconds, and JSON.parse
 * rebuilds the objects several times faster. A value JSON cannot carry exactly is kept as it is.
 */
type Packed = { json: string; buffers: ArrayBuffer[]; typed: { path: (string | number)[]; name: string }[] } | { raw: unknown };

/** The entry as stored (format 3: packed values). */
interface StoredRun {
  key: string;
  format: 3;
  info: Packed;
  answers: [string, Packed][];
}

interface IndexRow {
  key: string;
  bytes: number;
  /** Order of last use (larger is more recent). */
  used: number;
}

/** The text a request is kept under: the moment, the view and its arguments. */
export function answerKey(at: number, name: string, args: unknown): string {
  return JSON.stringify([at, name, args]);
}

/** JSON with object keys sorted, so equal options give equal text whatever their order. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** SHA-256 of the build, the scenario text and the options, as hex. */
export async function runCacheKey(build: string, text: string, overrides: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(`${build}\u0000${stableJson(overrides ?? {})}\u0000${text}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** About how many bytes a value takes (strings 2 a character, typed arrays their length). */
export function sizeOf(v: unknown): number {
  if (typeof v === 'string') return 2 * v.length + 8;
  if (v === null || typeof v !== 'object') return 8;
  if (ArrayBuffer.isView(v)) return v.byteLength + 16;
  if (v instanceof ArrayBuffer) return v.byteLength + 16;
  let n = 16;
  if (Array.isArray(v)) for (const x of v) n += sizeOf(x);
  else {
    // for...in, not Object.entries(): no array per object (a first render weighs thousands of them)
    const o = v as Record<string, unknown>;
    for (const k in o) if (Object.hasOwn(o, k)) n += 2 * k.length + sizeOf(o[k]);
  }
  return n;
}

const TYPED = { Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array, Uint8ClampedArray, BigInt64Array, BigUint64Array } as const;
type TypedName = keyof typeof TYPED;
type Path = (string | number)[];

class NotJson extends Error {}

/** A copy JSON holds exactly, each typed array left as null and listed with its path; NotJson when there is none. */
function jsonCopy(x: unknown, path: Path, typed: { path: Path; name: TypedName; buffer: ArrayBuffer }[]): unknown {
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return x;
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) throw new NotJson();
    return x;
  }
  if (typeof x !== 'object') throw new NotJson();
  if (ArrayBuffer.isView(x)) {
    const name = x.constructor.name;
    if (!Object.hasOwn(TYPED, name)) throw new NotJson();
    typed.push({ path: path.slice(), name: name as TypedName, buffer: x.buffer.slice(x.byteOffset, x.byteOffset + x.byteLength) as ArrayBuffer });
    return null;
  }
  if (Array.isArray(x)) {
    const out: unknown[] = new Array<unknown>(x.length);
    for (let i = 0; i < x.length; i++) {
      if (x[i] === undefined) throw new NotJson();
      path.push(i);
      out[i] = jsonCopy(x[i], path, typed);
      path.pop();
    }
    return out;
  }
  // a Map, a Set, a Date...: not a plain object
  if (Object.getPrototypeOf(x) !== Object.prototype) throw new NotJson();
  const o = x as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in o) {
    if (!Object.hasOwn(o, k) || o[k] === undefined) continue;
    path.push(k);
    out[k] = jsonCopy(o[k], path, typed);
    path.pop();
  }
  return out;
}

/** Packs a value; one JSON cannot hold exactly (a Map, a bigint, NaN, undefined in an array...) is kept raw. */
export function pack(v: unknown): Packed {
  const typed: { path: Path; name: TypedName; buffer: ArrayBuffer }[] = [];
  try {
    const json = JSON.stringify(jsonCopy(v, [], typed));
    return { json, buffers: typed.map((t) => t.buffer), typed: typed.map((t) => ({ path: t.path, name: t.name })) };
  } catch (e) {
    if (e instanceof NotJson) return { raw: v };
    throw e;
  }
}

/** The value again: JSON.parse without a reviver (a function called for every value, on the first render's path), then the typed arrays put back. */
export function unpack(p: Packed): unknown {
  if ('raw' in p) return p.raw;
  let root: unknown = JSON.parse(p.json);
  p.typed.forEach(({ path, name }, i) => {
    const arr = new TYPED[name as TypedName](p.buffers[i]!);
    if (path.length === 0) {
      root = arr;
      return;
    }
    let at = root as Record<string | number, unknown>;
    for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
    at[path[path.length - 1]!] = arr;
  });
  return root;
}

function isPacked(v: unknown): v is Packed {
  if (v === null || typeof v !== 'object') return false;
  const p = v as { json?: unknown; buffers?: unknown; typed?: unknown; raw?: unknown };
  if ('raw' in p) return true;
  if (typeof p.json !== 'string' || !Array.isArray(p.buffers) || !p.buffers.every((b) => b instanceof ArrayBuffer) || !Array.isArray(p.typed) || p.typed.length !== p.buffers.length) return false;
  return p.typed.every((t: unknown) => {
    const e = t as { path?: unknown; name?: unknown };
    return Array.isArray(e.path) && e.path.every((k) => typeof k === 'string' || typeof k === 'number') && typeof e.name === 'string' && Object.hasOwn(TYPED, e.name);
  });
}

function isStored(v: unknown, key: string): v is StoredRun {
  if (v === null || typeof v !== 'object') return false;
  const s = v as StoredRun;
  return s.key === key && s.format === 3 && isPacked(s.info) && Array.isArray(s.answers) && s.answers.every((a) => Array.isArray(a) && typeof a[0] === 'string' && isPacked(a[1]));
}

function isRow(v: unknown): v is IndexRow {
  return v !== null && typeof v === 'object' && typeof (v as IndexRow).key === 'string' && typeof (v as IndexRow).bytes === 'number' && typeof (v as IndexRow).used === 'number';
}

export class RunCache {
  /** Index changes one at a time, in order. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly kv: KeyValue,
    private readonly maxBytes = CACHE_MAX_BYTES,
    private readonly maxRuns = CACHE_MAX_RUNS,
  ) {}

  /** The run kept under `key`, now the most recently used; null when there is none (or it cannot be read). */
  async get(key: string): Promise<CachedRun | null> {
    try {
      const v = await this.kv.get(`run:${key}`);
      if (!isStored(v, key)) return null;
      const info = unpack(v.info);
      if (info === null || typeof info !== 'object') return null;
      const run: CachedRun = { key, info: info as RunInfo, answers: v.answers.map(([k, a]) => [k, unpack(a)]) };
      void this.touch(key).catch(() => {});
      return run;
    } catch {
      return null;
    }
  }

  /** Whether a run is kept under `key`, from the index alone (the page's first script asks, before the app has loaded). */
  async has(key: string): Promise<boolean> {
    return (await this.rows()).some((r) => r.key === key);
  }

  /** Keeps (or replaces) a run, then drops the least recently used past the bounds. Failures (quota, private mode) are ignored: a cache. */
  put(run: CachedRun): Promise<void> {
    const bytes = sizeOf(run.info) + sizeOf(run.answers);
    const next = this.chain.then(async () => {
      if (bytes > this.maxBytes) return;
      const rows = (await this.rows()).filter((r) => r.key !== run.key);
      const stored: StoredRun = { key: run.key, format: 3, info: pack(run.info), answers: run.answers.map(([k, a]) => [k, pack(a)]) };
      await this.kv.set(`run:${run.key}`, stored);
      rows.push({ key: run.key, bytes, used: this.nextUse(rows) });
      await this.keep(rows);
    });
    this.chain = next.catch(() => {});
    return this.chain.then(() => {});
  }

  private touch(key: string): Promise<void> {
    const next = this.chain.then(async () => {
      const rows = await this.rows();
      const r = rows.find((x) => x.key === key);
      if (!r) return;
      r.used = this.nextUse(rows);
      await this.kv.set(INDEX, rows);
    });
    this.chain = next.catch(() => {});
    return next;
  }

  private nextUse(rows: readonly IndexRow[]): number {
    return rows.reduce((m, r) => Math.max(m, r.used), 0) + 1;
  }

  private async rows(): Promise<IndexRow[]> {
    const v = await this.kv.get(INDEX);
    return Array.isArray(v) ? v.filter(isRow) : [];
  }

  /** Writes the index after dropping the least recently used runs past the bounds. */
  private async keep(rows: IndexRow[]): Promise<void> {
    rows.sort((a, b) => b.used - a.used);
    let total = 0;
    const kept: IndexRow[] = [];
    const dropped: IndexRow[] = [];
    for (const r of rows) {
      // the first that does not fit goes, and every older one with it
      if (dropped.length === 0 && kept.length < this.maxRuns && total + r.bytes <= this.maxBytes) {
        kept.push(r);
        total += r.bytes;
      } else dropped.push(r);
    }
    await this.kv.set(INDEX, kept);
    for (const r of dropped) await this.kv.del(`run:${r.key}`);
  }

  /** The keys kept, most recently used first (tests, and the page's own checks). */
  async keys(): Promise<string[]> {
    return (await this.rows()).sort((a, b) => b.used - a.used).map((r) => r.key);
  }
}
