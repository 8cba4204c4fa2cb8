// The symbol table of seed 001's mm-unstable tree (6.9.0-rc2-00257-g2d9f63c285db) built for x86-64
// with lockdep: sizes and call offsets of the functions the madvise splats name. The seed shows the
// arm64 build only; these are an x86-64 build's (variable-length instructions, ORC: no frame setup),
// with the syscall entry and WARN trap frames as 6.9 x86-64 traces print them.

/** [size, offset of the call a return address into the function shows]. */
export const X86_6_9_RC2_FUNCS: Readonly<Record<string, readonly [number, number]>> = {
  dump_stack_lvl: [0x80, 0x64],
  print_unlock_imbalance_bug: [0x110, 0xf7],
  lock_release: [0x2a0, 0x1e2],
  _raw_spin_unlock: [0x40, 0x1d],
  madvise_cold_or_pageout_pte_range: [0xb90, 0x6bc],
  walk_pgd_range: [0x6c0, 0x2f3],
  __walk_page_range: [0x1d0, 0x1b0],
  walk_page_range: [0x250, 0x1c1],
  madvise_pageout: [0x240, 0xd3],
  madvise_cold: [0x1a0, 0xab],
  madvise_vma_behavior: [0x870, 0x2b9],
  madvise_walk_vmas: [0x110, 0xa5],
  'do_madvise.part.0': [0x4a0, 0xdc],
  __x64_sys_madvise: [0x40, 0x2b],
  do_syscall_64: [0x170, 0x82],
  entry_SYSCALL_64_after_hwframe: [0x7e, 0x76],
  __rcu_read_unlock: [0x1c0, 0x5d],
  _raw_spin_unlock_irq: [0x50, 0x2d],
  _raw_spin_lock_irq: [0x60, 0x4b],
  __might_resched: [0x220, 0x13f],
  __might_sleep: [0x80, 0x4a],
  down_write: [0x150, 0x2e],
  split_huge_page_to_list_to_order: [0xe80, 0x33c],
  __schedule_bug: [0xb0, 0x66],
  __schedule: [0xe90, 0x8d4],
  schedule: [0xf0, 0x46],
  schedule_preempt_disabled: [0x20, 0x15],
  rwsem_down_write_slowpath: [0x640, 0x17b],
  // the ud2 trap of a WARN: exc_invalid_op() -> handle_bug() -> report_bug() -> __warn()
  __warn: [0x190, 0x8c],
  report_bug: [0x190, 0x164],
  handle_bug: [0x70, 0x3c],
  exc_invalid_op: [0x70, 0x17],
  asm_exc_invalid_op: [0x20, 0x1a],
};

/** Further calls inside those functions: [function][callee or step] = offset of the return address. */
export const X86_6_9_RC2_CALLS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  madvise_cold_or_pageout_pte_range: {
    pte_offset_map_lock: 0x1a6,
    split_unlock: 0x6bc,
    split_rcu_unlock: 0x6d2,
    split_folio: 0x6f1,
    relock: 0x714,
    end_unlock: 0x4a3,
    end_rcu_unlock: 0x4b9,
    reclaim_pages: 0x4d8,
  },
  'do_madvise.part.0': { mmap_read_lock: 0x14e, madvise_walk_vmas: 0xdc, mmap_read_unlock: 0x1b2 },
  madvise_vma_behavior: { madvise_pageout: 0x2b9, madvise_cold: 0x276, zap_page_range_single: 0x18d },
  down_write: { __might_sleep: 0x2e, rwsem_down_write_slowpath: 0xc1 },
  split_huge_page_to_list_to_order: { up_write: 0x62f, unmap_folio: 0x371, remap_page: 0x58a },
};
