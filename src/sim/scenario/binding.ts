// What scenario steps hold and throw: pointer bindings (the "as" names) and the runtime input
// error that stops a run with the path of the step that caused it.
import { physToVirt } from '../linux/arch/x86/include/asm/pgtable_64_types.ts';
import type { Kernel } from '../machine/kernel.ts';

/** What a scenario pointer name refers to. */
export interface Binding {
  /** Physical address in the direct map, or null for an address outside it (or NULL). */
  phys: number | null;
  /** The value when it is outside the direct map; null means NULL or a direct-map address (from phys). */
  raw: bigint | null;
  kind: 'slab' | 'pages' | 'value';
  cache?: string;
  order?: number;
}

/** The pointer's virtual address; computed on demand, BigInt stays off the allocation path. */
export function bindingVa(k: Kernel, b: Binding): bigint {
  if (b.phys !== null) return physToVirt(k.layout, b.phys);
  return b.raw ?? 0n;
}

export class ScenarioRuntimeError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}
