// Share URLs: the scenario text (lz-string, URI-safe), the cursor and the
// user's overrides travel in the fragment, so nothing is sent to a server.
import * as lzString from 'lz-string';
import type { RunOverrides } from '../sim/scenario/session.ts';

// lz-string is CommonJS without detectable exports: Node's ESM loader (Playwright) offers it only as `default`.
const lz = (lzString as typeof lzString & { default?: typeof lzString }).default ?? lzString;
const { compressToEncodedURIComponent, decompressFromEncodedURIComponent } = lz;

export interface ShareState {
  /** Scenario JSON text, or null when the URL names a bundled scenario. */
  text: string | null;
  /** Bundled scenario name (`?scenario=` / `#scenario=`). */
  bundled: string | null;
  at: number | null;
  overrides: RunOverrides;
}

export type ShareParse = { ok: true; state: ShareState } | { ok: false; error: string };

export const SHARE_VERSION = '1';

export function encodeShare(base: string, text: string, at: number | null, overrides: RunOverrides = {}): string {
  const p = new URLSearchParams();
  p.set('v', SHARE_VERSION);
  p.set('s', compressToEncodedURIComponent(text));
  if (at !== null) p.set('at', String(at));
  if (Object.keys(overrides).length > 0) p.set('o', compressToEncodedURIComponent(JSON.stringify(overrides)));
  const b = base.replace(/#.*$/, '');
  return `${b}#${p.toString()}`;
}

function parseOverrides(raw: string): RunOverrides | string {
  const json = decompressFromEncodedURIComponent(raw);
  if (!json) return 'the overrides ("o") are not valid compressed data';
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return 'the overrides ("o") are not JSON';
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'the overrides ("o") are not an object';
  const o = v as Record<string, unknown>;
  const out: RunOverrides = {};
  if (o.cmdline !== undefined) {
    if (typeof o.cmdline !== 'string') return 'overrides.cmdline: expected a string';
    out.cmdline = o.cmdline;
  }
  if (o.seed !== undefined) {
    if (typeof o.seed !== 'number' || !Number.isInteger(o.seed) || o.seed < 0) return 'overrides.seed: expected a non-negative integer';
    out.seed = o.seed;
  }
  for (const key of ['kconfig', 'patches'] as const) {
    const m = o[key];
    if (m === undefined) continue;
    if (m === null || typeof m !== 'object' || Array.isArray(m)) return `overrides.${key}: expected an object of booleans`;
    const rec: Record<string, boolean> = {};
    for (const [k, b] of Object.entries(m as Record<string, unknown>)) {
      if (typeof b !== 'boolean') return `overrides.${key}.${k}: expected true or false`;
      rec[k] = b;
    }
    out[key] = rec;
  }
  return out;
}

/** Reads a share URL's search and fragment; never throws. */
export function decodeShare(search: string, hash: string): ShareParse {
  const q = new URLSearchParams(search.replace(/^\?/, ''));
  const h = new URLSearchParams(hash.replace(/^#/, ''));
  const get = (k: string): string | null => h.get(k) ?? q.get(k);
  const state: ShareState = { text: null, bundled: null, at: null, overrides: {} };
  const v = get('v');
  if (v !== null && v !== SHARE_VERSION) return { ok: false, error: `share link version "${v}" is not supported (this kernscope reads version ${SHARE_VERSION})` };
  const s = get('s');
  if (s !== null) {
    const text = decompressFromEncodedURIComponent(s);
    if (!text) return { ok: false, error: 'the scenario in the link ("s") is damaged: it does not decompress (was the link cut short?)' };
    state.text = text;
  }
  state.bundled = get('scenario');
  const at = get('at');
  if (at !== null) {
    if (!/^\d+$/.test(at)) return { ok: false, error: `the event in the link ("at=${at}") is not a non-negative integer` };
    state.at = Number(at);
  }
  const o = get('o');
  if (o !== null) {
    const parsed = parseOverrides(o);
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    state.overrides = parsed;
  }
  return { ok: true, state };
}
