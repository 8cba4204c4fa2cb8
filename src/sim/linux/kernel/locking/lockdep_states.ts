// Lock usage bits and their masks: kernel/locking/lockdep_states.h and lockdep_internals.h (6.8).
// Bit number = state*4 + dir*2 + read, state HARDIRQ=0 / SOFTIRQ=1, dir USED_IN=0 / ENABLED=1.

export const LOCK_USED_IN_HARDIRQ = 0;
export const LOCK_USED_IN_HARDIRQ_READ = 1;
export const LOCK_ENABLED_HARDIRQ = 2;
export const LOCK_ENABLED_HARDIRQ_READ = 3;
export const LOCK_USED_IN_SOFTIRQ = 4;
export const LOCK_USED_IN_SOFTIRQ_READ = 5;
export const LOCK_ENABLED_SOFTIRQ = 6;
export const LOCK_ENABLED_SOFTIRQ_READ = 7;
export const LOCK_USED = 8;
export const LOCK_USED_READ = 9;
export const LOCK_USAGE_STATES = 10;
export const LOCK_TRACE_STATES = 10;

export const LOCK_USAGE_READ_MASK = 1;
export const LOCK_USAGE_DIR_MASK = 2;
export const LOCK_USAGE_STATE_MASK = ~(LOCK_USAGE_READ_MASK | LOCK_USAGE_DIR_MASK);

export const LOCKF_USED_IN_HARDIRQ = 1 << LOCK_USED_IN_HARDIRQ;
export const LOCKF_ENABLED_HARDIRQ = 1 << LOCK_ENABLED_HARDIRQ;
export const LOCKF_USED_IN_SOFTIRQ = 1 << LOCK_USED_IN_SOFTIRQ;
export const LOCKF_ENABLED_SOFTIRQ = 1 << LOCK_ENABLED_SOFTIRQ;
export const LOCKF_ENABLED_IRQ = LOCKF_ENABLED_HARDIRQ | LOCKF_ENABLED_SOFTIRQ;
export const LOCKF_USED_IN_IRQ = LOCKF_USED_IN_HARDIRQ | LOCKF_USED_IN_SOFTIRQ;
export const LOCKF_ENABLED_IRQ_READ = (1 << LOCK_ENABLED_HARDIRQ_READ) | (1 << LOCK_ENABLED_SOFTIRQ_READ);
export const LOCKF_USED_IN_IRQ_READ = (1 << LOCK_USED_IN_HARDIRQ_READ) | (1 << LOCK_USED_IN_SOFTIRQ_READ);
export const LOCKF_IRQ = LOCKF_ENABLED_IRQ | LOCKF_USED_IN_IRQ;
export const LOCKF_IRQ_READ = LOCKF_ENABLED_IRQ_READ | LOCKF_USED_IN_IRQ_READ;
export const LOCKF_USED_IN_IRQ_ALL = LOCKF_USED_IN_IRQ | LOCKF_USED_IN_IRQ_READ;
export const LOCKF_ENABLED_IRQ_ALL = LOCKF_ENABLED_IRQ | LOCKF_ENABLED_IRQ_READ;
export const LOCKF_USED = 1 << LOCK_USED;
export const LOCKF_USED_READ = 1 << LOCK_USED_READ;

// usage_str[], lockdep.c: what {...} says in "inconsistent {A} -> {B} usage."
export const USAGE_STR: readonly string[] = [
  'IN-HARDIRQ-W',
  'IN-HARDIRQ-R',
  'HARDIRQ-ON-W',
  'HARDIRQ-ON-R',
  'IN-SOFTIRQ-W',
  'IN-SOFTIRQ-R',
  'SOFTIRQ-ON-W',
  'SOFTIRQ-ON-R',
  'INITIAL USE',
  'INITIAL READ USE',
  'IN-NMI',
];

const STATE_NAMES = ['HARDIRQ', 'SOFTIRQ'];
const STATE_RNAMES = ['HARDIRQ-READ', 'SOFTIRQ-READ'];

// state_name(), lockdep.c
export function stateName(bit: number): string {
  return (bit & LOCK_USAGE_READ_MASK) !== 0 ? STATE_RNAMES[bit >> LOCK_USAGE_DIR_MASK]! : STATE_NAMES[bit >> LOCK_USAGE_DIR_MASK]!;
}

// exclusive_bit(), lockdep.c: keep the state, flip the direction, drop read
export function exclusiveBit(newBit: number): number {
  const state = newBit & LOCK_USAGE_STATE_MASK;
  const dir = newBit & LOCK_USAGE_DIR_MASK;
  return state | (dir ^ LOCK_USAGE_DIR_MASK);
}

// invert_dir_mask(), lockdep.c
function invertDirMask(mask: number): number {
  let excl = 0;
  excl |= (mask & LOCKF_ENABLED_IRQ_ALL) >> LOCK_USAGE_DIR_MASK;
  excl |= (mask & LOCKF_USED_IN_IRQ_ALL) << LOCK_USAGE_DIR_MASK;
  return excl;
}

// exclusive_mask(), lockdep.c: read and write usages conflict both ways
export function exclusiveMask(mask: number): number {
  let excl = invertDirMask(mask);
  excl |= (excl & LOCKF_IRQ_READ) >> LOCK_USAGE_READ_MASK;
  excl |= (excl & LOCKF_IRQ) << LOCK_USAGE_READ_MASK;
  return excl;
}

// original_mask(), lockdep.c
export function originalMask(mask: number): number {
  let excl = invertDirMask(mask);
  excl |= (excl & LOCKF_IRQ_READ) >> LOCK_USAGE_READ_MASK;
  excl |= (excl & LOCKF_IRQ) << LOCK_USAGE_READ_MASK;
  return excl;
}

// find_exclusive_match(), lockdep.c: the first conflicting (bit, excl_bit) pair, or null
export function findExclusiveMatch(mask: number, exclMask: number): [number, number] | null {
  for (let bit = 0; bit < LOCK_USED; bit++) {
    if ((mask & (1 << bit)) === 0) continue;
    const excl = exclusiveBit(bit);
    const exclRead = excl | LOCK_USAGE_READ_MASK;
    if ((exclMask & (1 << excl)) !== 0) return [bit, excl];
    if ((exclMask & (1 << exclRead)) !== 0) return [bit, exclRead];
  }
  return null;
}

// get_usage_char(), lockdep.c: '+' irqs on, '-' in irq, '?' both, '.' neither
function usageChar(mask: number, bit: number): string {
  if ((mask & (1 << (bit + LOCK_USAGE_DIR_MASK))) !== 0) return (mask & (1 << bit)) !== 0 ? '?' : '+';
  return (mask & (1 << bit)) !== 0 ? '-' : '.';
}

// get_usage_chars(), lockdep.c: "{+.+.}" is hardirq-write, hardirq-read, softirq-write, softirq-read
export function usageChars(mask: number): string {
  return (
    usageChar(mask, LOCK_USED_IN_HARDIRQ) +
    usageChar(mask, LOCK_USED_IN_HARDIRQ_READ) +
    usageChar(mask, LOCK_USED_IN_SOFTIRQ) +
    usageChar(mask, LOCK_USED_IN_SOFTIRQ_READ)
  );
}
