// Panel slices field by field: their initial values, what a new run resets, and what goes
// into (and comes back from) share links.
import type { Fields } from './contract.ts';
import { DEFS, PANEL_IDS, type PanelPatch } from './defs.ts';
import type { PanelId, PanelSlices } from './index.ts';

function keysOf<S>(fields: Fields<S>): (keyof S)[] {
  return Object.keys(fields) as (keyof S)[];
}

/** Builds every panel's slice with `f` (called once per panel). */
function eachPanel(f: <K extends PanelId>(id: K) => PanelSlices[K]): PanelSlices {
  const out: Partial<PanelSlices> = {};
  const put = <K extends PanelId>(id: K) => {
    out[id] = f(id);
  };
  for (const id of PANEL_IDS) put(id);
  // every id was put
  return out as PanelSlices;
}

function initialOf<S>(fields: Fields<S>): S {
  const out: Partial<S> = {};
  for (const k of keysOf(fields)) out[k] = fields[k].initial;
  return out as S;
}

function resetOf<S>(fields: Fields<S>, prev: S, sameScenario: boolean): S {
  const out = { ...prev };
  for (const k of keysOf(fields)) {
    const r = fields[k].reset;
    if (r === 'run' || (r === 'scenario' && !sameScenario)) out[k] = fields[k].initial;
  }
  return out;
}

function shareOf<S>(fields: Fields<S>, slice: S, out: [string, string][]): void {
  for (const k of keysOf(fields)) {
    const codec = fields[k].share;
    const text = codec?.encode(slice[k]) ?? null;
    if (codec && text !== null) out.push([codec.key, text]);
  }
}

function sharedOf<S>(fields: Fields<S>, slice: S, params: ReadonlyMap<string, string>): S {
  const out = { ...slice };
  for (const k of keysOf(fields)) {
    const codec = fields[k].share;
    const text = codec ? params.get(codec.key) : undefined;
    const v = codec && text !== undefined ? codec.decode(text) : null;
    if (v !== null) out[k] = v;
  }
  return out;
}

export function initialSlices(): PanelSlices {
  return eachPanel((id) => initialOf(DEFS[id].fields));
}

/** The slices of a new run: fields reset by their rule; `sameScenario` when the same scenario runs again. */
export function resetSlices(prev: PanelSlices, sameScenario: boolean): PanelSlices {
  return eachPanel((id) => resetOf(DEFS[id].fields, prev[id], sameScenario));
}

/** The share-link parameters of the slices (only fields that declare a codec, only values it writes). */
export function shareParams(slices: PanelSlices): [string, string][] {
  const out: [string, string][] = [];
  for (const id of PANEL_IDS) shareOf(DEFS[id].fields, slices[id], out);
  return out;
}

/** The slices with the values a share link carries. */
export function withShared(slices: PanelSlices, params: ReadonlyMap<string, string>): PanelSlices {
  return params.size === 0 ? slices : eachPanel((id) => sharedOf(DEFS[id].fields, slices[id], params));
}

/** Every parameter name panels use in share links. */
export function shareKeys(): string[] {
  const keys: string[] = [];
  for (const id of PANEL_IDS) for (const f of Object.values<{ share?: { key: string } }>(DEFS[id].fields)) if (f.share) keys.push(f.share.key);
  return keys;
}

export function applyPatch(slices: PanelSlices, patch: PanelPatch): PanelSlices {
  const out = { ...slices };
  const put = <K extends PanelId>(id: K) => {
    const p = patch[id];
    if (p) out[id] = Object.assign({}, slices[id], p);
  };
  for (const id of PANEL_IDS) put(id);
  return out;
}
