// GFP flag bits and the common masks of include/linux/gfp_types.h (6.8; include/linux/gfp.h
// before 6.0, same values for the bits modeled here), with CONFIG_LOCKDEP's __GFP_NOLOCKDEP.

export const __GFP_DMA = 0x01;
export const __GFP_HIGHMEM = 0x02;
export const __GFP_DMA32 = 0x04;
export const __GFP_MOVABLE = 0x08;
export const __GFP_RECLAIMABLE = 0x10;
export const __GFP_HIGH = 0x20;
export const __GFP_IO = 0x40;
export const __GFP_FS = 0x80;
export const __GFP_ZERO = 0x100;
export const __GFP_DIRECT_RECLAIM = 0x400;
export const __GFP_KSWAPD_RECLAIM = 0x800;
export const __GFP_NOWARN = 0x2000;
export const __GFP_RETRY_MAYFAIL = 0x4000;
export const __GFP_NOFAIL = 0x8000;
export const __GFP_NORETRY = 0x10000;
export const __GFP_MEMALLOC = 0x20000;
export const __GFP_COMP = 0x40000;
export const __GFP_NOMEMALLOC = 0x80000;
export const __GFP_HARDWALL = 0x100000;
export const __GFP_ACCOUNT = 0x400000;
export const __GFP_NOLOCKDEP = 0x8000000;

export const __GFP_RECLAIM = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM;
export const GFP_ATOMIC = __GFP_HIGH | __GFP_KSWAPD_RECLAIM;
export const GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS;
export const GFP_KERNEL_ACCOUNT = GFP_KERNEL | __GFP_ACCOUNT;
export const GFP_NOWAIT = __GFP_KSWAPD_RECLAIM;
export const GFP_NOIO = __GFP_RECLAIM;
export const GFP_NOFS = __GFP_RECLAIM | __GFP_IO;
export const GFP_USER = __GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL;
export const GFP_HIGHUSER = GFP_USER | __GFP_HIGHMEM;
export const GFP_HIGHUSER_MOVABLE = GFP_HIGHUSER | __GFP_MOVABLE;

/** The names a scenario may combine with "|": the masks first, then the single bits. */
export const GFP_NAMES: Readonly<Record<string, number>> = {
  GFP_ATOMIC,
  GFP_KERNEL,
  GFP_KERNEL_ACCOUNT,
  GFP_NOWAIT,
  GFP_NOIO,
  GFP_NOFS,
  GFP_USER,
  GFP_HIGHUSER,
  GFP_HIGHUSER_MOVABLE,
  __GFP_DMA,
  __GFP_HIGHMEM,
  __GFP_DMA32,
  __GFP_MOVABLE,
  __GFP_RECLAIMABLE,
  __GFP_HIGH,
  __GFP_IO,
  __GFP_FS,
  __GFP_ZERO,
  __GFP_DIRECT_RECLAIM,
  __GFP_KSWAPD_RECLAIM,
  __GFP_RECLAIM,
  __GFP_NOWARN,
  __GFP_RETRY_MAYFAIL,
  __GFP_NOFAIL,
  __GFP_NORETRY,
  __GFP_MEMALLOC,
  __GFP_COMP,
  __GFP_NOMEMALLOC,
  __GFP_HARDWALL,
  __GFP_ACCOUNT,
  __GFP_NOLOCKDEP,
};

/** "GFP_KERNEL|__GFP_ZERO" to its bits, or null for an unknown name. */
export function parseGfp(s: string): number | null {
  let m = 0;
  for (const part of s.split('|')) {
    const v = GFP_NAMES[part.trim()];
    if (v === undefined) return null;
    m |= v;
  }
  return m;
}

// gfpflags_allow_blocking(), include/linux/gfp.h
export function gfpflagsAllowBlocking(gfp: number): boolean {
  return (gfp & __GFP_DIRECT_RECLAIM) !== 0;
}

const MASKS: readonly string[] = ['GFP_HIGHUSER_MOVABLE', 'GFP_HIGHUSER', 'GFP_USER', 'GFP_KERNEL_ACCOUNT', 'GFP_KERNEL', 'GFP_NOFS', 'GFP_NOIO', 'GFP_ATOMIC', 'GFP_NOWAIT'];

// show_gfp_flags() as warn_alloc() prints it: "0x100cca(GFP_HIGHUSER_MOVABLE)", the first mask that fits, then the bits left
export function gfpString(gfp: number): string {
  const names: string[] = [];
  let rest = gfp;
  const mask = MASKS.find((n) => (gfp & GFP_NAMES[n]!) === GFP_NAMES[n]);
  if (mask) {
    names.push(mask);
    rest &= ~GFP_NAMES[mask]!;
  }
  for (const [n, v] of Object.entries(GFP_NAMES)) {
    if (n.startsWith('__GFP_') && n !== '__GFP_RECLAIM' && (rest & v) !== 0) {
      names.push(n);
      rest &= ~v;
    }
  }
  return `0x${gfp.toString(16)}(${names.join('|') || 'none'})`;
}
