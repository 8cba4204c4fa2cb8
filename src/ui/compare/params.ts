// The second run of a comparison in share links: `b=1` and its overrides as readable parameters
// (`b.cmdline=…`, `b.kconfig=CONFIG_X=n,CONFIG_Y=y`, `b.patch=name=on`, `b.seed=N`) after the
// first run's. A damaged parameter is reported, and the first run opens alone.
import type { RunOverrides } from '../../worker/protocol.ts';

export function compareParams(o: RunOverrides): [string, string][] {
  const out: [string, string][] = [['b', '1']];
  if (o.cmdline !== undefined) out.push(['b.cmdline', o.cmdline]);
  const kc = Object.entries(o.kconfig ?? {});
  if (kc.length > 0) out.push(['b.kconfig', kc.map(([k, v]) => `${k}=${v ? 'y' : 'n'}`).join(',')]);
  const pt = Object.entries(o.patches ?? {});
  if (pt.length > 0) out.push(['b.patch', pt.map(([k, v]) => `${k}=${v ? 'on' : 'off'}`).join(',')]);
  if (o.seed !== undefined) out.push(['b.seed', String(o.seed)]);
  return out;
}

export type CompareRequest = { kind: 'none' } | { kind: 'compare'; overrides: RunOverrides } | { kind: 'error'; error: string };

const KEYS = ['b.cmdline', 'b.kconfig', 'b.patch', 'b.seed'];

function list(key: string, raw: string, re: RegExp, form: string, on: string): Record<string, boolean> | string {
  const out: Record<string, boolean> = {};
  for (const item of raw.split(',')) {
    const m = re.exec(item);
    if (!m) return `the second run's ${key.slice(2)} ("${key}=${raw}") is not a list of ${form}`;
    out[m[1]!] = m[2] === on;
  }
  return out;
}

/** What a page URL asks of a second run (the fragment wins over the query, as for the rest of the link). */
export function compareRequest(search: string, hash: string): CompareRequest {
  const q = new URLSearchParams(search.replace(/^\?/, ''));
  const h = new URLSearchParams(hash.replace(/^#/, ''));
  const keys = new Set([...q.keys(), ...h.keys()].filter((k) => k === 'b' || k.startsWith('b.')));
  if (keys.size === 0) return { kind: 'none' };
  const get = (k: string): string | null => h.get(k) ?? q.get(k);
  for (const k of keys) if (k !== 'b' && !KEYS.includes(k)) return { kind: 'error', error: `the link names "${k}", which a second run does not have (it takes ${KEYS.join(', ')})` };
  const b = get('b');
  if (b !== null && b !== '1') return { kind: 'error', error: `"b=${b}" is not a second run (a comparison link has b=1)` };
  const o: RunOverrides = {};
  const cmdline = get('b.cmdline');
  if (cmdline !== null) o.cmdline = cmdline;
  const kc = get('b.kconfig');
  if (kc !== null) {
    const v = list('b.kconfig', kc, /^(CONFIG_[A-Z0-9_]+)=(y|n)$/, 'CONFIG_NAME=y or =n', 'y');
    if (typeof v === 'string') return { kind: 'error', error: v };
    o.kconfig = v;
  }
  const pt = get('b.patch');
  if (pt !== null) {
    const v = list('b.patch', pt, /^([A-Za-z0-9_.-]+)=(on|off)$/, 'NAME=on or =off', 'on');
    if (typeof v === 'string') return { kind: 'error', error: v };
    o.patches = v;
  }
  const seed = get('b.seed');
  if (seed !== null) {
    if (!/^\d+$/.test(seed) || Number(seed) > 0xffffffff) return { kind: 'error', error: `the second run's seed ("b.seed=${seed}") is not an integer 0..4294967295` };
    o.seed = Number(seed);
  }
  return { kind: 'compare', overrides: o };
}
