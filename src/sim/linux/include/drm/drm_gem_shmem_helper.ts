// struct drm_gem_object (include/drm/drm_gem.h), struct drm_gem_shmem_object
// (include/drm/drm_gem_shmem_helper.h) and struct panfrost_gem_object (panfrost_gem.h) as the model
// lays them out in simulated memory: Linux 5.19 arm64 with lock debugging, the fields the models read
// and write at offsets that follow the structures' order (sizes of the lock-debug mutexes and of
// struct drm_vma_offset_node rounded; not pahole output). The v6 shrinker series' fields are appended.

export const GEM = {
  refcount: 0,
  handleCount: 4,
  dev: 8,
  filp: 16,
  vmaNode: 24,
  size: 120,
  name: 128,
  dmaBuf: 136,
  importAttach: 144,
  resv: 152,
  /** struct dma_resv _resv: the object's own reservation object (its ww_mutex first). */
  ownResv: 160,
  funcs: 320,
  /** sizeof(struct drm_gem_object) */
  sizeof: 328,
} as const;

export const SHMEM = {
  pagesLock: 328,
  pages: 416,
  pagesUseCount: 424,
  madv: 428,
  madvList: 432,
  sgt: 456,
  vmapLock: 464,
  vaddr: 552,
  vmapUseCount: 560,
  // drm/shmem-helper: Add generic memory shrinker (v6)
  pagesPinCount: 568,
  evictionEnabled: 572,
  purgeEnabled: 573,
  evicted: 574,
  evict: 576,
  sizeof: 584,
} as const;

export const PANFROST_BO = {
  mappingsList: 584,
  mappingsLock: 600,
  gpuUsecount: 688,
  noexec: 692,
  isHeap: 693,
  /** kzalloc()ed by panfrost_gem_create_object(): kmalloc-1024 */
  sizeof: 696,
} as const;

/** struct panfrost_device fields the shrinker uses (devm_kzalloc()ed at probe; kmalloc-4096). */
export const PFDEV = {
  shrinkerLock: 3416,
  shrinkerList: 3504,
  sizeof: 3560,
} as const;

/** struct drm_gem_shmem_shrinker of the v6 series (kzalloc()ed by drm_gem_shmem_shrinker_register(); kmalloc-256). */
export const GEM_SHRINKER = {
  lock: 64,
  lruPinned: 152,
  lruEvictable: 168,
  lruEvicted: 184,
  dev: 200,
  sizeof: 208,
} as const;

/** drm_panfrost_madvise.madv, include/uapi/drm/panfrost_drm.h */
export const PANFROST_MADV_WILLNEED = 0;
export const PANFROST_MADV_DONTNEED = 1;

/** REFCOUNT_SATURATED, include/linux/refcount.h: INT_MIN / 2 */
export const REFCOUNT_SATURATED = 0xc0000000;
