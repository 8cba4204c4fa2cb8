// How user space enters the kernel on the Panfrost board (arm64 5.19, arch/arm64/kernel/entry-common.c
// and syscall.c): an ioctl() from EL0, and what a user fault runs before __alloc_pages() (the seed thread's frames).

/** svc from EL0 up to the ioctl syscall, innermost first. */
export const IOCTL_ENTRY: readonly string[] = [
  '__arm64_sys_ioctl',
  'invoke_syscall',
  'el0_svc_common.constprop.0',
  'do_el0_svc',
  'el0_svc',
  'el0t_64_sync_handler+0xb8/0xc0',
  'el0t_64_sync+0x18c/0x190',
];

/** do_anonymous_page() up to __alloc_pages(), innermost first (the seed's frames). */
export const ANON_FAULT_ALLOC: readonly string[] = [
  '__folio_alloc+0x24/0x60',
  'vma_alloc_folio+0xb8/0x2f8',
  'alloc_zeroed_user_highpage_movable+0x58/0x68',
  '__handle_mm_fault+0x918/0x12a8',
];
