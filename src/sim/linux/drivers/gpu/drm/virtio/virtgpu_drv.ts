// struct virtio_gpu_object (drivers/gpu/drm/virtio/virtgpu_drv.h, 5.19 with the v6 series' `detached`)
// after its struct drm_gem_shmem_object as the model lays it out, the uapi of the series' madvise
// ioctl (include/uapi/drm/virtgpu_drm.h) and the x86_64 frames a DRM ioctl enters the kernel through.
import { SHMEM } from '../../../../include/drm/drm_gem_shmem_helper.ts';

export const VIRTIO_BO = {
  hwResHandle: SHMEM.sizeof,
  dumb: SHMEM.sizeof + 4,
  created: SHMEM.sizeof + 5,
  detached: SHMEM.sizeof + 6,
  /** struct virtio_gpu_object_shmem (its pages and ents after the object); kzalloc()ed: kmalloc-1024 */
  sizeof: 640,
} as const;

/** drm_virtgpu_madvise.madv of the series. */
export const VIRTGPU_MADV_WILLNEED = 0;
export const VIRTGPU_MADV_DONTNEED = 1;

/** syscall entry up to the ioctl, innermost first (x86_64 5.19). */
export const X86_IOCTL_ENTRY: readonly string[] = ['__x64_sys_ioctl+0x8a/0xc0', 'do_syscall_64+0x3b/0x90', 'entry_SYSCALL_64_after_hwframe+0x63/0xcd'];

/** A DRM ioctl handler's callers: drm_ioctl_kernel() and drm_ioctl() from the syscall. */
export const virtioIoctl = (fn: string): string[] => [fn, 'drm_ioctl_kernel+0xb9/0x150', 'drm_ioctl+0x232/0x410', ...X86_IOCTL_ENTRY];
