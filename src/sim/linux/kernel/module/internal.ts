// The kernel's list of loaded modules (`modules` of kernel/module/main.c, declared in internal.h)
// with what the rest of the kernel asks of it: print_modules(), __module_text_address(), the
// module notifier chain (register_module_notifier()), and kallsyms' view of module text.
export interface Module {
  readonly name: string;
  /** module_core: where module_alloc() put it. */
  readonly base: bigint;
  readonly coreSize: number;
  /** .text is the first textSize bytes of the core. */
  readonly textSize: number;
  /** Offsets into .text of the LOCK prefixes: the module's .smp_locks entries. */
  readonly sites: readonly number[];
}

/** MODULE_STATE_COMING after the module's sections are in place, MODULE_STATE_GOING before they are freed. */
export type ModuleNotifier = (state: 'coming' | 'going', mod: Module) => void;

export class ModuleList {
  /** In load order (print_modules() walks it newest first). Replaced, never mutated, so snapshots share it. */
  list: readonly Module[] = [];
  lastUnloaded: string | null = null;
  private readonly notifiers: ModuleNotifier[] = [];

  /** register_module_notifier(): called once, when a subsystem is created. */
  registerNotifier(n: ModuleNotifier): void {
    this.notifiers.push(n);
  }

  notify(state: 'coming' | 'going', mod: Module): void {
    for (const n of this.notifiers) n(state, mod);
  }

  find(name: string): Module | null {
    return this.list.find((m) => m.name === name) ?? null;
  }

  textOf(name: string): { base: bigint; textSize: number } | null {
    const m = this.find(name);
    return m ? { base: m.base, textSize: m.textSize } : null;
  }

  // __module_text_address(), kernel/module.c 2.6.25: within_module_core() of .text
  moduleTextAddress(va: bigint): Module | null {
    for (const m of this.list) if (va >= m.base && va < m.base + BigInt(m.textSize)) return m;
    return null;
  }

  // print_modules(), kernel/module.c 2.6.25
  printModules(): string {
    let s = 'Modules linked in:';
    for (let i = this.list.length - 1; i >= 0; i--) s += ` ${this.list[i]!.name}`;
    if (this.lastUnloaded) s += ` [last unloaded: ${this.lastUnloaded}]`;
    return s;
  }
}
