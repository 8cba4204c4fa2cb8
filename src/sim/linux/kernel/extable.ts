// Is this address kernel text? kernel/extable.c 2.6.25.
import type { Sys } from '../../machine/sys.ts';

// core_kernel_text(), kernel/extable.c 2.6.25: _stext.._etext (init text is long gone by now)
export function coreKernelText(sys: Sys, va: bigint): boolean {
  const l = sys.k.layout;
  const start = l.startKernelMap + BigInt(l.physicalStart);
  const end = l.startKernelMap + BigInt(sys.modules.kernelTextEnd());
  return va >= start && va < end;
}

// kernel_text_address(), kernel/extable.c 2.6.25: core text, or the text of any module
export function kernelTextAddress(sys: Sys, va: bigint): boolean {
  return coreKernelText(sys, va) || sys.modules.moduleTextAddress(va) !== null;
}
