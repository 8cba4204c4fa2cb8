// The control queue commands the guest driver sends the host, drivers/gpu/drm/virtio/virtgpu_vq.c 5.19
// (and the v6 series' detach): each queued with virtio_gpu_queue_ctrl_buffer(), kicked by
// virtio_gpu_notify(); the host (QEMU's virgl) answers at once, so a fence the guest waits for is signaled.
import { eventKind } from '../../../../../engine/recorder.ts';
import type { GemObject, Panfrost } from '../panfrost/panfrost_device.ts';

export const EV_VIRTIO_GPU_CMD = eventKind('virtio_gpu.cmd');

export type VirtioGpuCmd =
  | 'VIRTIO_GPU_CMD_RESOURCE_CREATE_3D'
  | 'VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING'
  | 'VIRTIO_GPU_CMD_RESOURCE_DETACH_BACKING'
  | 'VIRTIO_GPU_CMD_RESOURCE_UNREF'
  | 'VIRTIO_GPU_CMD_SUBMIT_3D';

/** One command on the control queue, about `o`'s host resource; `fence` when the caller waits for the host's answer. */
export function virtioGpuCmd(p: Panfrost, cmd: VirtioGpuCmd, o: GemObject, extra: Readonly<Record<string, string | number>> = {}): void {
  p.k.rec.emit(EV_VIRTIO_GPU_CMD, o.resHandle, 0, { fn: 'virtio_gpu_queue_ctrl_buffer', cmd, bo: o.name, resource_id: o.resHandle, ...extra });
}
