// GFP flag bits, include/linux/gfp.h 5.19 (include/linux/gfp_types.h from 6.0).
export const __GFP_HIGHMEM = 0x02;
export const __GFP_MOVABLE = 0x08;
export const __GFP_HIGH = 0x20;
export const __GFP_IO = 0x40;
export const __GFP_FS = 0x80;
export const __GFP_ZERO = 0x100;
export const __GFP_DIRECT_RECLAIM = 0x400;
export const __GFP_KSWAPD_RECLAIM = 0x800;
export const __GFP_NOWARN = 0x2000;
export const __GFP_RETRY_MAYFAIL = 0x4000;
export const __GFP_NORETRY = 0x10000;
export const __GFP_HARDWALL = 0x100000;
export const __GFP_RECLAIM = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM;

export const GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS;
export const GFP_NOFS = __GFP_RECLAIM | __GFP_IO;
export const GFP_NOIO = __GFP_RECLAIM;
export const GFP_ATOMIC = __GFP_HIGH | __GFP_KSWAPD_RECLAIM;
export const GFP_USER = GFP_KERNEL | __GFP_HARDWALL;
export const GFP_HIGHUSER = GFP_USER | __GFP_HIGHMEM;
export const GFP_HIGHUSER_MOVABLE = GFP_HIGHUSER | __GFP_MOVABLE;

const NAMED: readonly [string, number][] = [
  ['GFP_HIGHUSER_MOVABLE', GFP_HIGHUSER_MOVABLE],
  ['GFP_HIGHUSER', GFP_HIGHUSER],
  ['GFP_USER', GFP_USER],
  ['GFP_KERNEL', GFP_KERNEL],
  ['GFP_NOFS', GFP_NOFS],
  ['GFP_NOIO', GFP_NOIO],
  ['GFP_ATOMIC', GFP_ATOMIC],
];

const BITS: readonly [string, number][] = [
  ['__GFP_ZERO', __GFP_ZERO],
  ['__GFP_NOWARN', __GFP_NOWARN],
  ['__GFP_RETRY_MAYFAIL', __GFP_RETRY_MAYFAIL],
  ['__GFP_NORETRY', __GFP_NORETRY],
];

// show_gfp_flags() as warn_alloc() prints it: "0x1100cca(GFP_HIGHUSER_MOVABLE)"
export function gfpString(gfp: number): string {
  const names: string[] = [];
  let rest = gfp;
  for (const [n, v] of NAMED) {
    if ((rest & v) === v) {
      names.push(n);
      rest &= ~v;
      break;
    }
  }
  for (const [n, v] of BITS) {
    if ((rest & v) !== 0) {
      names.push(n);
      rest &= ~v;
    }
  }
  return `0x${gfp.toString(16)}(${names.join('|') || 'none'})`;
}
