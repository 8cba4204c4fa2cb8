// What a page URL asks to open: a shared scenario, a bundled one, or nothing in particular.
import { decodeShare, type ShareParse } from '../share/url.ts';
import type { RunOverrides } from '../worker/protocol.ts';

export type StartPlan =
  | { kind: 'text'; text: string; at: number | null; overrides: RunOverrides }
  | { kind: 'bundled'; name: string; at: number | null; overrides: RunOverrides }
  | { kind: 'none' };

export interface PlanResult {
  plan: StartPlan;
  /** Why the link could not be followed; the plan is then "none". */
  error: string | null;
}

/** The last URL decoded: the page's first script, the controller and the address bar read the same link (its scenario decompressed once). */
let lastDecoded: { search: string; hash: string; parse: ShareParse } | null = null;

/** decodeShare(), once per URL. */
export function decodeShareOnce(search: string, hash: string): ShareParse {
  if (lastDecoded === null || lastDecoded.search !== search || lastDecoded.hash !== hash) lastDecoded = { search, hash, parse: decodeShare(search, hash) };
  return lastDecoded.parse;
}

export function planFromUrl(search: string, hash: string, bundledNames: readonly string[]): PlanResult {
  const d = decodeShareOnce(search, hash);
  if (!d.ok) return { plan: { kind: 'none' }, error: d.error };
  const { text, bundled, at, overrides } = d.state;
  if (text !== null) return { plan: { kind: 'text', text, at, overrides }, error: null };
  if (bundled !== null) {
    if (!bundledNames.includes(bundled)) {
      const known = bundledNames.length > 0 ? bundledNames.join(', ') : 'none';
      return { plan: { kind: 'none' }, error: `there is no bundled scenario named "${bundled}" (bundled: ${known})` };
    }
    return { plan: { kind: 'bundled', name: bundled, at, overrides }, error: null };
  }
  // something after # or ? that names no scenario: a mangled or foreign link, not the bare address
  const stray = nothingNamed(hash, '#') ?? nothingNamed(search, '?');
  if (stray !== null) return { plan: { kind: 'none' }, error: `the link's ${stray} names no scenario: a share link has #v=1&s=… (from Share or \`kernscope url\`), a bundled scenario ?scenario=NAME` };
  return { plan: { kind: 'none' }, error: null };
}

/** A search or fragment part that is there but names no scenario, as the error quotes it; null when empty. */
function nothingNamed(part: string, mark: '#' | '?'): string | null {
  const body = part.replace(/^[#?]/, '');
  if (body === '') return null;
  const shown = body.length > 40 ? `${body.slice(0, 40)}…` : body;
  return `${mark === '#' ? 'fragment' : 'query'} "${mark}${shown}"`;
}
