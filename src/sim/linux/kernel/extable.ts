// Is this address kernel text? kernel/extable.c 2.6.25.
import type { Deps } from '../../machine/modules.ts';

// core_kernel_text(), kernel/extable.c 2.6.25: _stext.._etext (init text is long gone by now)
export function coreKernelText(sys: Deps, va: bigint): boolean {
  const l = sys.k.layout;
  const start = l.startKernelMap + BigInt(l.physicalStart);
  const end = l.startKernelMap + BigInt(sys.k.textEnd);
  return va >= start && va < end;
}

// kernel_text_address(), kernel/extable.c 2.6.25: core text, or the text of any module
export function kernelTextAddress(sys: Deps, va: bigint): boolean {
  return coreKernelText(sys, va) || sys.k.modules.moduleTextAddress(va) !== null;
}
