// preempt_count layout: include/linux/preempt.h and arch/x86/include/asm/preempt.h (6.8), arch/arm64/include/asm/preempt.h (6.9).

export const PREEMPT_MASK = 0x000000ff;
export const SOFTIRQ_MASK = 0x0000ff00;
export const HARDIRQ_MASK = 0x000f0000;
export const NMI_MASK = 0x00f00000;
export const SOFTIRQ_SHIFT = 8;
export const HARDIRQ_SHIFT = 16;
export const PREEMPT_OFFSET = 1;
export const SOFTIRQ_OFFSET = 1 << SOFTIRQ_SHIFT;
export const SOFTIRQ_DISABLE_OFFSET = 2 * SOFTIRQ_OFFSET;
export const HARDIRQ_OFFSET = 1 << HARDIRQ_SHIFT;
/** Bit 31 is the inverted PREEMPT_NEED_RESCHED on x86; preempt_count() masks it off. */
export const PREEMPT_NEED_RESCHED = 0x80000000;

// preempt_count() on x86: the per-CPU word without the NEED_RESCHED bit (an underflow reads 7fffffff);
// arm64 (asm/preempt.h 6.9) keeps need_resched in a word of its own and reads the whole count (ffffffff)
export function preemptCountValue(count: number, foldsNeedResched = true): number {
  return foldsNeedResched ? (count >>> 0) & 0x7fffffff : count >>> 0;
}

export function hex8(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}
