// One color per frame owner of the physical memory map, stable across runs and reloads: the
// worker's owner ids are interned per process, so the color is a function of the owner's name.
// Each kind of owner gets its own band of hues (modules pink, slab caches blue, user memory
// green...), and the name picks a hue and lightness inside the band.
import { byCodeUnits } from '../../byCodeUnits.ts';

export type OwnerCategory = 'free' | 'reserved' | 'kernel-text' | 'kernel-data' | 'kernel' | 'module' | 'slab' | 'pages' | 'page-tables' | 'user' | 'other';

/** Legend order: what a kernel developer reads top-down, kernel image first, free last. */
const ORDER: readonly OwnerCategory[] = ['kernel-text', 'kernel-data', 'kernel', 'module', 'slab', 'pages', 'page-tables', 'user', 'other', 'reserved', 'free'];

export function ownerCategory(name: string): OwnerCategory {
  if (name === 'free') return 'free';
  if (name.startsWith('reserved')) return 'reserved';
  if (name === 'kernel text') return 'kernel-text';
  if (name === 'kernel data') return 'kernel-data';
  if (name.startsWith('module text')) return 'module';
  if (name.startsWith('slab:') || name.startsWith('kmalloc')) return 'slab';
  if (name.startsWith('user: ')) return 'user';
  if (name.startsWith('page tables')) return 'page-tables';
  if (name.startsWith('pages') || name.startsWith('page cache')) return 'pages';
  if (name.startsWith('kernel') || name === 'memmap' || name.endsWith('hash table')) return 'kernel';
  return 'other';
}

/** Fixed colors; the other categories are bands [hue from, hue to, saturation %, lightness from %, lightness to %]. */
const FIXED: Partial<Record<OwnerCategory, string>> = {
  free: '#1b212a',
  reserved: '#4d4338',
  'kernel-text': '#e5534b',
  'kernel-data': '#f0883e',
};

/** The fixed colors that change on a light background: free and reserved frames stay quiet there too. */
const FIXED_LIGHT: Partial<Record<OwnerCategory, string>> = {
  free: '#e4e8ed',
  reserved: '#cdbda5',
};

/** [first hue, last hue, saturation %, first lightness %, last lightness %]: the name picks a point in the band. */
const BANDS: Record<Exclude<OwnerCategory, 'free' | 'reserved' | 'kernel-text' | 'kernel-data'>, readonly [number, number, number, number, number]> = {
  kernel: [18, 52, 45, 32, 52],
  module: [280, 350, 78, 52, 74],
  slab: [188, 245, 80, 48, 72],
  pages: [166, 188, 60, 40, 58],
  'page-tables': [250, 275, 40, 52, 68],
  user: [62, 178, 62, 32, 58],
  other: [0, 360, 22, 52, 66],
};

/** FNV-1a: a stable 32-bit hash of the name. */
export function nameHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // fmix32 (MurmurHash3): names that differ only at the end still land far apart
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const sat = s / 100;
  const lig = l / 100;
  const k = (n: number) => (n + h / 30) % 12;
  const a = sat * Math.min(lig, 1 - lig);
  const f = (n: number) => lig - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

function hexToRgb(c: string): [number, number, number] {
  const v = parseInt(c.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

const cache = new Map<string, [number, number, number]>();

/** The owner's color as [r, g, b] (what the canvas writes into its pixels); `light`: on the light theme's background. */
export function ownerRgb(name: string, light = false): [number, number, number] {
  const cat = ownerCategory(name);
  const onLight = light ? FIXED_LIGHT[cat] : undefined;
  if (onLight !== undefined) return hexToRgb(onLight);
  const hit = cache.get(name);
  if (hit) return hit;
  const fixed = FIXED[cat];
  let rgb: [number, number, number];
  if (fixed !== undefined) rgb = hexToRgb(fixed);
  else {
    const [h0, h1, s, l0, l1] = BANDS[cat as keyof typeof BANDS];
    const h = nameHash(name);
    const hue = h0 + ((h & 0xffff) / 0xffff) * (h1 - h0);
    const lig = l0 + ((h >>> 24) / 0xff) * (l1 - l0);
    rgb = hslToRgb(hue % 360, s, lig);
  }
  cache.set(name, rgb);
  return rgb;
}

export function ownerColor(name: string, light = false): string {
  const [r, g, b] = ownerRgb(name, light);
  return '#' + ((r << 16) | (g << 8) | b).toString(16).padStart(6, '0');
}

/** Legend entries in reading order: by category, then the most frames first, then by name. */
export function sortLegend<T extends { name: string; frames: number }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => ORDER.indexOf(ownerCategory(a.name)) - ORDER.indexOf(ownerCategory(b.name)) || b.frames - a.frames || byCodeUnits(a.name, b.name));
}

/** A letter per kind of owner: the legend and the frame line carry it beside the color. */
const MARKS: Record<OwnerCategory, string> = {
  free: '·',
  reserved: 'R',
  'kernel-text': 'T',
  'kernel-data': 'D',
  kernel: 'K',
  module: 'M',
  slab: 'S',
  pages: 'P',
  'page-tables': 'G',
  user: 'U',
  other: 'O',
};

export function ownerMark(name: string): string {
  return MARKS[ownerCategory(name)];
}

/** A texture on the map beside the color: free frames checkered, reserved ones striped. */
export type OwnerTexture = 'checker' | 'stripes' | null;

export function ownerTexture(name: string): OwnerTexture {
  const cat = ownerCategory(name);
  return cat === 'free' ? 'checker' : cat === 'reserved' ? 'stripes' : null;
}

/** Whether the frame at (col, row) of a textured owner takes the texture's second shade. */
export function textured(t: OwnerTexture, col: number, row: number): boolean {
  if (t === 'checker') return ((col + row) & 1) === 1;
  if (t === 'stripes') return (col + row) % 3 === 0;
  return false;
}
