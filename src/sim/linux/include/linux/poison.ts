// LIST_POISON1/LIST_POISON2, include/linux/poison.h 6.8: non-canonical on x86-64 (and unmapped on
// arm64) through POISON_POINTER_DELTA (CONFIG_ILLEGAL_POINTER_VALUE); 2.6.25 had no delta.
import type { Kernel } from '../../../machine/kernel.ts';

/** POISON_POINTER_DELTA: CONFIG_ILLEGAL_POINTER_VALUE of x86-64 and arm64. */
export function poisonPointerDelta(k: Kernel): bigint {
  return k.since('2.6.26') ? 0xdead000000000000n : 0n;
}

/** What list_del() leaves in entry->next. */
export function listPoison1(k: Kernel): bigint {
  return k.since('2.6.26') ? 0x100n + poisonPointerDelta(k) : 0x00100100n;
}

/** What list_del() leaves in entry->prev. */
export function listPoison2(k: Kernel): bigint {
  return k.since('2.6.26') ? 0x122n + poisonPointerDelta(k) : 0x00200200n;
}
