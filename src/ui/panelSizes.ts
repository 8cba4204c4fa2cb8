// The page's splits as the user left them: the left and right columns' share of the page width
// and dmesg's share of the center column's height, in percent. Kept in this browser and in share
// links as `layout=left,right,dmesg` (e.g. `layout=22,22,47`); a value that does not read as one
// is ignored.
export interface PanelSizes {
  left: number;
  right: number;
  log: number;
}

export const DEFAULT_SIZES: PanelSizes = { left: 23, right: 23, log: 47 };
export const SIZES_KEY = 'kernscope.layout';
export const SIZES_PARAM = 'layout';
/** The narrowest a column or row may get, and the widest the side columns may be together. */
export const MIN_SIZE = 8;
const MAX_SIDES = 80;

const round = (n: number) => Math.round(n * 10) / 10;

export function encodeSizes(s: PanelSizes): string {
  return [s.left, s.right, s.log].map(round).join(',');
}

export function decodeSizes(v: string | null | undefined): PanelSizes | null {
  if (typeof v !== 'string' || !/^\d{1,2}(\.\d)?,\d{1,2}(\.\d)?,\d{1,2}(\.\d)?$/.test(v)) return null;
  const [left, right, log] = v.split(',').map(Number) as [number, number, number];
  if ([left, right, log].some((n) => n < MIN_SIZE || n > 100 - MIN_SIZE)) return null;
  if (left + right > MAX_SIDES) return null;
  return { left, right, log };
}

export function sameSizes(a: PanelSizes, b: PanelSizes): boolean {
  return encodeSizes(a) === encodeSizes(b);
}

/** The sizes a page opens with: the link's, else this browser's, else the defaults. */
export function initialSizes(search: string, hash: string, storage: Pick<Storage, 'getItem'> | null): PanelSizes {
  const h = new URLSearchParams(hash.replace(/^#/, ''));
  const q = new URLSearchParams(search.replace(/^\?/, ''));
  const fromLink = decodeSizes(h.get(SIZES_PARAM) ?? q.get(SIZES_PARAM));
  if (fromLink) return fromLink;
  let stored: string | null = null;
  try {
    stored = storage?.getItem(SIZES_KEY) ?? null;
  } catch {
    stored = null;
  }
  return decodeSizes(stored) ?? DEFAULT_SIZES;
}

export function saveSizes(storage: Pick<Storage, 'setItem'> | null, s: PanelSizes): void {
  try {
    storage?.setItem(SIZES_KEY, encodeSizes(s));
  } catch {
    // storage full or refused: the sizes last for this page
  }
}

/** The share link's parameter for these sizes, or nothing when they are the defaults. */
export function sizesParam(s: PanelSizes): string {
  return sameSizes(s, DEFAULT_SIZES) ? '' : `&${SIZES_PARAM}=${encodeSizes(s)}`;
}

/** Drops `layout=` from a parameter list ("a=1&layout=…&b=2"). */
function withoutSizes(params: string): string[] {
  return params.split('&').filter((p) => p !== '' && !p.startsWith(`${SIZES_PARAM}=`));
}

/**
 * `url` carrying these sizes as its `layout=` (none for the defaults): in the fragment when the
 * URL has one (a share link's), else in the query. A `layout=` it had goes, wherever it was.
 */
export function withSizes(url: string, s: PanelSizes): string {
  const hashAt = url.indexOf('#');
  const head = hashAt < 0 ? url : url.slice(0, hashAt);
  const frag = hashAt < 0 ? '' : url.slice(hashAt + 1);
  const queryAt = head.indexOf('?');
  const path = queryAt < 0 ? head : head.slice(0, queryAt);
  const query = withoutSizes(queryAt < 0 ? '' : head.slice(queryAt + 1));
  const fragment = withoutSizes(frag);
  const mine = sameSizes(s, DEFAULT_SIZES) ? [] : [`${SIZES_PARAM}=${encodeSizes(s)}`];
  if (fragment.length > 0) fragment.push(...mine);
  else query.push(...mine);
  return `${path}${query.length > 0 ? `?${query.join('&')}` : ''}${fragment.length > 0 ? `#${fragment.join('&')}` : ''}`;
}

/** This browser's localStorage, or null where it is refused. */
export function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
