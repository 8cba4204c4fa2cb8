// Named fixes and hardenings a scenario can apply (config.patches / --patch).
export interface PatchInfo {
  name: string;
  /** What the patch changes, and where it comes from. */
  description: string;
}

export const KNOWN_PATCHES: readonly PatchInfo[] = [
  {
    name: 'slub-slab-err-args',
    description: 'SLUB 2.6.25: slab_err() passes the formatted buffer, not the format, to slab_bug(), so "Padding overwritten. 0x%p-0x%p" prints the real range (seed 002).',
  },
  {
    name: 'slub-init-on-free-orig-size',
    description: 'SLUB: init_on_free keeps the stored kmalloc size and free pointer when it clears an object, so slub_debug=ZU no longer reports a false "kmalloc Redzone overwritten".',
  },
];
