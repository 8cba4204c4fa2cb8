// LINUX_VERSION_CODE comparisons (include/generated/uapi/linux/version.h, KERNEL_VERSION(a,b,c)):
// the one predicate behind which every model keeps its version differences.
import type { KernelVersion } from '../../../../../machine/layout.ts';

function codeSlow(v: string): number {
  const [a = 0, b = 0, c = 0] = v.split('.').map((x) => Number.parseInt(x, 10) || 0);
  return (a << 16) + (b << 8) + Math.min(c, 255);
}

/** KERNEL_VERSION() of "a.b.c" (each component's leading digits, as parseInt reads them) without allocating: models ask on hot paths. */
function code(v: string): number {
  let part = 0;
  let n = 0;
  let digits = false;
  let stopped = false;
  let a = 0;
  let b = 0;
  for (let i = 0; i <= v.length; i++) {
    const ch = i < v.length ? v.charCodeAt(i) : 0x2e;
    if (ch === 0x2e) {
      if (part === 0) a = n;
      else if (part === 1) b = n;
      else return (a << 16) + (b << 8) + Math.min(n, 255);
      part++;
      n = 0;
      digits = false;
      stopped = false;
    } else if (stopped) continue;
    else if (ch >= 0x30 && ch <= 0x39) {
      n = n * 10 + (ch - 0x30);
      digits = true;
    } else if (!digits) return codeSlow(v); // signs, blanks: as parseInt reads them
    else stopped = true;
  }
  return (a << 16) + (b << 8);
}

/** True when `kernel` is version `v` or later: `kernelSince(k, '6.8')` reads as LINUX_VERSION_CODE >= KERNEL_VERSION(6,8,0). */
export function kernelSince(kernel: KernelVersion | string, v: string): boolean {
  return code(kernel) >= code(v);
}
