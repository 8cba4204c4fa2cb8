// Values that mean something by themselves: include/linux/poison.h (POISON_FREE 0x6b, POISON_INUSE
// 0x5a, POISON_END 0xa5, SLUB_RED_ACTIVE 0xcc, SLUB_RED_INACTIVE 0xbb, LIST_POISON1/2 with
// POISON_POINTER_DELTA 0xdead000000000000), SPINLOCK_MAGIC 0xdead4ead, the x86 LOCK prefix 0xf0
// that text_poke() writes (and its UP replacements 0x3e / 0x90), ERR_PTR() values, NULL plus a
// field offset, non-canonical x86-64 addresses, and the KASAN shadow bytes (mm/kasan/kasan.h).

export interface Named {
  tag: string;
  note: string;
}

export interface BytePattern extends Named {
  /** What the byte is, to follow "0xf0 is ...". */
  what: string;
}

const pattern = (tag: string, what: string): BytePattern => ({ tag, what, note: what });

export const BYTE_PATTERNS: ReadonlyMap<number, BytePattern> = new Map([
  [0x6b, pattern('POISON_FREE', 'POISON_FREE, the poison of a freed slab object')],
  [0x5a, pattern('POISON_INUSE', 'POISON_INUSE, the poison of slab padding and of uninitialised objects')],
  [0xa5, pattern('POISON_END', 'POISON_END, the last byte of a poisoned object')],
  [0xcc, pattern('SLUB_RED_ACTIVE', 'SLUB_RED_ACTIVE, the red zone of an allocated object')],
  [0xbb, pattern('SLUB_RED_INACTIVE', 'SLUB_RED_INACTIVE, the red zone of a free object')],
  [0xf0, pattern('LOCK prefix', 'the x86 LOCK prefix, which text_poke() writes when SMP alternatives switch to SMP code')],
  [0x3e, pattern('DS prefix', 'the DS prefix that replaces a LOCK prefix on UP (6.x alternatives)')],
]);

const ERRNO: Record<number, string> = { 1: 'EPERM', 2: 'ENOENT', 4: 'EINTR', 5: 'EIO', 11: 'EAGAIN', 12: 'ENOMEM', 13: 'EACCES', 14: 'EFAULT', 16: 'EBUSY', 17: 'EEXIST', 19: 'ENODEV', 22: 'EINVAL', 28: 'ENOSPC', 110: 'ETIMEDOUT', 512: 'ERESTARTSYS' };

const TWO64 = 1n << 64n;

// a poison byte in every byte of a 4- and an 8-byte word
const POISON_WORDS: readonly (readonly [string, bigint, bigint])[] = (
  [
    [0x6b, 'POISON_FREE'],
    [0x5a, 'POISON_INUSE'],
    [0xcc, 'SLUB_RED_ACTIVE'],
    [0xbb, 'SLUB_RED_INACTIVE'],
  ] as const
).map(([b, p]) => [p, BigInt(`0x${b.toString(16).repeat(4)}`), BigInt(`0x${b.toString(16).repeat(8)}`)] as const);

/** What a whole 32- or 64-bit value is, if it is one of the well-known ones. */
export function namedValue(v: bigint, width: 4 | 8): Named | null {
  for (const [p, w4, w8] of POISON_WORDS) {
    const base = width === 8 ? w8 : w4;
    if (v === base) return { tag: `poison:${p}`, note: `${p} in every byte: a pointer loaded from a freed/poisoned object (use-after-free)` };
    // poison plus a small field offset: a pointer read from poison, then dereferenced at an offset
    if (v > base && v - base < 0x1000n) return { tag: `poison:${p}`, note: `${p} plus 0x${(v - base).toString(16)}: a poisoned pointer dereferenced at a field offset (use-after-free)` };
  }
  if (width === 8) {
    if (v === 0xdead000000000100n || v === 0x100100n) return { tag: 'list-poison', note: 'LIST_POISON1: the next pointer of a list entry after list_del()' };
    if (v === 0xdead000000000122n || v === 0xdead000000000200n || v === 0x200200n) return { tag: 'list-poison', note: 'LIST_POISON2: the prev pointer of a list entry after list_del()' };
    if (v >= 0xdead000000000000n && v < 0xdead000000001000n) return { tag: 'list-poison', note: `POISON_POINTER_DELTA plus 0x${(v - 0xdead000000000000n).toString(16)}: a poisoned pointer (list or hlist after deletion)` };
    if (v === 0xdffffc0000000000n) return { tag: 'kasan-null', note: 'KASAN_SHADOW_OFFSET: the shadow of address 0, a NULL pointer dereference under KASAN' };
  }
  if ((v & 0xffffffffn) === 0xdead4eadn) return { tag: 'spinlock-magic', note: 'SPINLOCK_MAGIC (0xdead4ead): the magic of an initialised spinlock' };
  const max = width === 8 ? TWO64 : 1n << 32n;
  if (v === max - 1n) return { tag: 'all-ones', note: 'all ones (-1, ~0UL): not a pointer; an error value or memory filled with 0xff' };
  if (v > max - 4096n) {
    const e = Number(max - v);
    return { tag: 'err-ptr', note: `ERR_PTR(-${e})${ERRNO[e] !== undefined ? ` (-${ERRNO[e]})` : ''}: an error code used as a pointer` };
  }
  if (v > 0n && v < 0x1000n) return { tag: 'null+offset', note: `NULL plus 0x${v.toString(16)}: a field at offset ${v} of a NULL struct pointer` };
  if (width === 8 && v > 0x00007fffffffffffn && v < 0xffff800000000000n) return { tag: 'non-canonical', note: 'a non-canonical x86-64 address (bits 63..48 differ from bit 47): it faults with a general protection fault, not a page fault' };
  return null;
}

// mm/kasan/kasan.h; 4.x numbered a few differently (0xfa was the global red zone)
export const KASAN_SHADOW: ReadonlyMap<number, string> = new Map([
  [0x00, 'accessible'],
  [0xff, 'KASAN_PAGE_FREE: freed page'],
  [0xfe, 'KASAN_PAGE_REDZONE: red zone of a kmalloc_large / page allocation'],
  [0xfc, 'KASAN_SLAB_REDZONE: red zone of a slab object'],
  [0xfb, 'KASAN_SLAB_FREE: freed slab object'],
  [0xfa, 'KASAN_SLAB_FREETRACK: freed slab object with its free track (4.x: global red zone)'],
  [0xf9, 'KASAN_GLOBAL_REDZONE: red zone of a global variable'],
  [0xf8, 'KASAN_VMALLOC_INVALID / use-after-scope'],
  [0xf1, 'KASAN_STACK_LEFT: stack left red zone'],
  [0xf2, 'KASAN_STACK_MID: stack red zone between variables'],
  [0xf3, 'KASAN_STACK_RIGHT: stack right red zone'],
  [0xf5, 'KASAN_STACK_PARTIAL / use-after-return'],
  [0xca, 'KASAN_ALLOCA_LEFT'],
  [0xcb, 'KASAN_ALLOCA_RIGHT'],
]);

export function kasanShadowName(b: number): string {
  if (b >= 1 && b <= 7) return `first ${b} of 8 bytes accessible`;
  return KASAN_SHADOW.get(b) ?? `shadow 0x${b.toString(16)}`;
}
