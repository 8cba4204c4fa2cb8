// How user space enters the kernel on the Panfrost board (arm64 5.19, arch/arm64/kernel/entry-common.c
// and syscall.c): an ioctl() from EL0, and a data abort on a user address (the seed thread's frames).

/** svc from EL0 up to the ioctl syscall, innermost first. */
export const IOCTL_ENTRY: readonly string[] = [
  '__arm64_sys_ioctl+0xb4/0x100',
  'invoke_syscall+0x78/0x100',
  'el0_svc_common.constprop.0+0x6c/0x178',
  'do_el0_svc+0x34/0x50',
  'el0_svc+0x58/0x150',
  'el0t_64_sync_handler+0xb8/0xc0',
  'el0t_64_sync+0x18c/0x190',
];

/** A data abort on a user address, up to handle_mm_fault(), innermost first. */
export const USER_FAULT_ENTRY: readonly string[] = [
  'handle_mm_fault+0x130/0x300',
  'do_page_fault+0x1d0/0x568',
  'do_translation_fault+0xa0/0xb8',
  'do_mem_abort+0x68/0xf8',
  'el0_da+0x74/0x100',
  'el0t_64_sync_handler+0x68/0xc0',
  'el0t_64_sync+0x18c/0x190',
];

/** do_anonymous_page() up to __alloc_pages(), innermost first (the seed's frames). */
export const ANON_FAULT_ALLOC: readonly string[] = [
  '__folio_alloc+0x24/0x60',
  'vma_alloc_folio+0xb8/0x2f8',
  'alloc_zeroed_user_highpage_movable+0x58/0x68',
  '__handle_mm_fault+0x918/0x12a8',
];
