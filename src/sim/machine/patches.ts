// Named fixes and hardenings a scenario can apply (config.patches / --patch).
export interface PatchInfo {
  name: string;
  /** What the patch changes, and where it comes from. */
  description: string;
}

export const KNOWN_PATCHES: readonly PatchInfo[] = [
  {
    name: 'text_poke_core_kernel_text',
    description: 'x86 text_poke() 2.6.25: core_kernel_text() instead of kernel_text_address() (Jiri Slaby, the 2.6.25-git2 paging-request thread), so module sites are written through their own mapping, not virt_to_page() of a module address.',
  },
  {
    name: 'text_poke_reserved_check',
    description: "x86 text_poke() 2.6.25: WARN_ON(!PageReserved()) on the pages it maps, and PAGE_KERNEL_EXEC vmalloc pages (module text) marked PageReserved (Ingo Molnar's hardening, the 2.6.25-git2 paging-request thread).",
  },
  {
    name: 'device_pm_add_warn_only',
    description: "drivers/base/power/main.c 2.6.25-git: device_pm_add() of a device whose parent (or every device) sleeps still prints its warning and WARN_ON(true), but adds the device to dpm_active instead of returning -EBUSY (Rafael J. Wysocki's patch after Linus asked for 'just a warning, while still registering the device', the 2.6.25-git2 paging-request thread).",
  },
  {
    name: 'bus_remove_device_klist_node_attached',
    description: "drivers/base/bus.c 2.6.25-git: bus_remove_device() calls klist_del(&dev->knode_bus) only if klist_node_attached(), so device_add()'s error path after a refused device_pm_add() no longer oopses on the NULL n_klist of a node bus_attach_device() never added; device_add() returns the error (Rafael J. Wysocki's patch, the one Greg Kroah-Hartman preferred, the 2.6.25-git2 paging-request thread).",
  },
  {
    name: 'device_add_attach_before_pm',
    description: "drivers/base/core.c 2.6.25-git: device_add() calls bus_attach_device() before device_pm_add(), so the knode_bus that bus_remove_device() deletes on the error path is on the bus's klist (Rafael J. Wysocki's first fix in the 2.6.25-git2 paging-request thread; Greg Kroah-Hartman preferred the klist_node_attached() check).",
  },
  {
    name: 'slub-slab-err-args',
    description: 'SLUB 2.6.25: slab_err() passes the formatted buffer, not the format, to slab_bug(), so "Padding overwritten. 0x%p-0x%p" prints the real range (the 2.6.25-git2 paging-request thread).',
  },
  {
    name: 'slub-init-on-free-orig-size',
    description: 'SLUB: init_on_free keeps the stored kmalloc size and free pointer when it clears an object, so slub_debug=ZU no longer reports a false "kmalloc Redzone overwritten".',
  },
  {
    name: 'madvise_pageout_relock_before_continue',
    description:
      'mm/madvise.c: after a failed split_folio() in madvise_cold_or_pageout_pte_range(), re-take the PTL with pte_offset_map_lock() before continuing, and only then look at the error (Ryan Roberts\' fix in the "mm: madvise: Avoid split during MADV_PAGEOUT and MADV_COLD" v5 6/6 thread). Without it the next pte_unmap_unlock() releases a lock that is not held.',
  },
  {
    name: 'page_pool_atomic_frag_count',
    description:
      "The per-page atomic fragment count argued for in the \"page_pool: add page recycling support based on elevated refcnt\" thread, as 5.15 merged it. On 5.15: skb_try_coalesce() of a cloned recycling skb takes a fragment count (atomic_long_inc(&page->pp_frag_count)) for its page_pool fragments instead of a page reference (1effe8ca4e34), so every owner that returns a fragment through page_pool_return_skb_page() holds a count of its own. On 5.14-rc1 it brings 5.15's design instead of the RFC's: PP_FLAG_PAGE_FRAG, page_pool_alloc_frag() refusing a pool without it, pp_frag_count set to BIAS_MAX per page with page_pool_atomic_sub_frag_count_return() deciding the last fragment (53e0961da1c7), and skb_release_data() clearing the pp_recycle a clone copied while the head stays shared (2cc3aeb5b8cc).",
  },
  {
    name: 'page_pool_elevated_refcnt_rfc',
    description:
      'Yunsheng Lin\'s RFC "page_pool: add page recycling support based on elevated refcnt" (net-next, 2021-06-30), on 5.14-rc1: struct page_pool_info with pagecnt_bias; PP_FLAG_PAGECNT_BIAS takes USHRT_MAX references per page; page_pool_sub_bias() hands users out of the bias (1 per page_pool_alloc_pages(), max_len / frag_size per page for page_pool_alloc_frag() and p.frag_size); __page_pool_put_page() recycles when page_ref_dec_return() reaches bias + 1, and without a bias at refcount 1 as before; page_pool_release_page() no longer drops the caller\'s reference; page_pool_return_page() drains bias + 1.',
  },
  {
    name: 'panfrost_madvise_list_move_tail',
    description: 'drm/panfrost: Fix shrinker list corruption by madvise IOCTL (Dmitry Osipenko, v6 series patch 4/22, stable): list_move_tail() instead of list_add_tail(), so calling the madvise ioctl twice with DONTNEED no longer adds the object to pfdev->shrinker_list twice.',
  },
  {
    name: 'drm_shmem_generic_shrinker',
    description: 'The v6 series "Add generic memory shrinker to VirtIO-GPU and Panfrost DRM drivers" (Dmitry Osipenko): drm-shmem objects use the reservation lock, a generic shrinker purges objects on gem_shrinker->lru_evictable, and Panfrost switches to it; drm_gem_shmem_free() takes the reservation lock.',
  },
  {
    name: 'shmem_free_without_resv_lock',
    description: "On top of drm_shmem_generic_shrinker: Rob Clark's approach from msm (the v6 thread): the finalizer drm_gem_shmem_free() does not take the reservation lock, and the scan skips objects being freed with kref_get_unless_zero(); no fs_reclaim -> reservation_ww_class_mutex dependency.",
  },
  {
    name: 'shmem_scan_plain_kref_get',
    description: "A what-if on top of shmem_free_without_resv_lock: the scan takes a plain kref_get() instead of kref_get_unless_zero(), the race Daniel Vetter pointed out (the scan can still see an object on the LRU whose finalizer is running).",
  },
];
