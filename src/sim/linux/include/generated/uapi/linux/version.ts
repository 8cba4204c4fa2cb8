// LINUX_VERSION_CODE comparisons (include/generated/uapi/linux/version.h, KERNEL_VERSION(a,b,c)):
// the one predicate behind which every model keeps its version differences.
import type { KernelVersion } from '../../../../../machine/layout.ts';

function code(v: string): number {
  const [a = 0, b = 0, c = 0] = v.split('.').map((x) => Number.parseInt(x, 10) || 0);
  return (a << 16) + (b << 8) + Math.min(c, 255);
}

/** True when `kernel` is version `v` or later: `kernelSince(k, '6.8')` reads as LINUX_VERSION_CODE >= KERNEL_VERSION(6,8,0). */
export function kernelSince(kernel: KernelVersion | string, v: string): boolean {
  return code(kernel) >= code(v);
}
