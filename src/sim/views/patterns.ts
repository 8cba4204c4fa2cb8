// What a byte most likely is (include/linux/poison.h and kernscope's own writers).
export interface BytePattern {
  name: string;
  meaning: string;
}

const PATTERNS: ReadonlyMap<number, BytePattern> = new Map([
  [0x6b, { name: 'POISON_FREE', meaning: 'freed slab object (SLAB_POISON)' }],
  [0x5a, { name: 'POISON_INUSE', meaning: 'slab padding / uninitialized object (SLAB_POISON)' }],
  [0xa5, { name: 'POISON_END', meaning: 'last byte of a poisoned object' }],
  [0xbb, { name: 'SLUB_RED_INACTIVE', meaning: 'red zone of a free object' }],
  [0xcc, { name: 'SLUB_RED_ACTIVE', meaning: 'red zone of an allocated object' }],
  [0xf0, { name: 'LOCK prefix', meaning: 'x86 LOCK prefix written by text_poke (SMP alternatives)' }],
  [0x3e, { name: 'DS prefix', meaning: 'UP replacement of the LOCK prefix written by text_poke' }],
]);

/** Writers whose zeroes mean something: init_on_alloc / init_on_free. */
export function patternOf(byte: number, writer: string | null): BytePattern | null {
  // a user program's own stores are its data: 0xcc there is not a SLUB red zone
  if (writer !== null && writer.startsWith('user: ')) return null;
  // 2.6.25 alternatives_smp_unlock() writes add_nops(insn, 1): K8_NOP1
  if (byte === 0x90 && writer !== null && writer.startsWith('text_poke')) return { name: 'NOP', meaning: 'one-byte NOP (K8_NOP1): the 2.6.25 UP replacement of a LOCK prefix, written by text_poke' };
  if (byte === 0 && writer !== null) {
    if (writer.startsWith('init_on_free')) return { name: 'init_on_free', meaning: 'zeroed on free (init_on_free=1)' };
    if (writer.startsWith('init_on_alloc')) return { name: 'init_on_alloc', meaning: 'zeroed on allocation (init_on_alloc=1)' };
  }
  return PATTERNS.get(byte) ?? null;
}

export function patternName(byte: number): string | null {
  return PATTERNS.get(byte)?.name ?? null;
}
