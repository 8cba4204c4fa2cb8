// Memory auto-initialization (init_on_alloc= / init_on_free=), mm/mm_init.c 6.8.
//
// When the static keys change matters for the "SLAB_POISON will take precedence" line:
// in 6.8 the early params only record _init_on_*_enabled_early; the keys start at their
// Kconfig default (DEFINE_STATIC_KEY_MAYBE) and are set in mem_debugging_and_hardening_init(),
// called from mm_core_init() after parse_args() has already run setup_slub_debug(). So 6.8
// prints the line only when CONFIG_INIT_ON_{ALLOC,FREE}_DEFAULT_ON is set, whatever the
// command line says. In 5.10 (the "debugging nouveau driver suspend issue (init_on_alloc=1 and init_on_free=1)" thread) early_init_on_alloc() flipped the key at once, so
// init_on_alloc=1 on the command line was enough.
import type { Hasher } from '../../engine/hash.ts';
import { KERN_INFO } from '../../engine/recorder.ts';
import { kstrtobool } from '../lib/cmdline.ts';
import type { Kernel } from '../../machine/kernel.ts';
import type { Subsystem } from '../../machine/subsystem.ts';

export interface MmInitSnapshot {
  allocEarly: boolean;
  freeEarly: boolean;
  allocKey: boolean;
  freeKey: boolean;
}

export class MmInit implements Subsystem<MmInitSnapshot> {
  readonly name = 'mm_init';
  /** _init_on_alloc_enabled_early / _init_on_free_enabled_early */
  private allocEarly: boolean;
  private freeEarly: boolean;
  /** The static keys init_on_alloc / init_on_free. */
  private allocKey: boolean;
  private freeKey: boolean;
  private readonly supported: boolean;

  constructor(private readonly k: Kernel) {
    // init_on_alloc/init_on_free arrived in 5.3: a 2.6.25 machine has neither
    this.supported = k.since('2.6.26');
    this.allocEarly = this.allocKey = this.supported && k.kconfig('CONFIG_INIT_ON_ALLOC_DEFAULT_ON');
    this.freeEarly = this.freeKey = this.supported && k.kconfig('CONFIG_INIT_ON_FREE_DEFAULT_ON');
    if (!this.supported) return;
    // early_init_on_alloc() / early_init_on_free(): kstrtobool into the _early flags only (5.11+);
    // 5.10 (mm/page_alloc.c) flips the static key at once with static_branch_enable()/disable()
    const atOnce = !k.since('5.11');
    k.earlyParam('init_on_alloc', (v) => {
      const b = kstrtobool(v);
      if (b === null) return false;
      this.allocEarly = b;
      if (atOnce) this.allocKey = b;
      return true;
    });
    k.earlyParam('init_on_free', (v) => {
      const b = kstrtobool(v);
      if (b === null) return false;
      this.freeEarly = b;
      if (atOnce) this.freeKey = b;
      return true;
    });
  }

  /** static_branch_maybe(CONFIG_INIT_ON_ALLOC_DEFAULT_ON, &init_on_alloc) as it stands now. */
  get initOnAllocKey(): boolean {
    return this.allocKey;
  }

  get initOnFreeKey(): boolean {
    return this.freeKey;
  }

  // mem_debugging_and_hardening_init(), mm/mm_init.c 6.8 (no CONFIG_PAGE_POISONING); 5.10 has none
  memDebuggingAndHardeningInit(): void {
    if (!this.supported || !this.k.since('5.11')) return;
    this.allocKey = this.allocEarly;
    this.freeKey = this.freeEarly;
  }

  // want_init_on_alloc(), include/linux/mm.h 6.8
  wantInitOnAlloc(gfpZero = false): boolean {
    return this.allocKey || gfpZero;
  }

  // want_init_on_free(), include/linux/mm.h 6.8
  wantInitOnFree(): boolean {
    return this.freeKey;
  }

  // report_meminit(), mm/mm_init.c 6.8 (init/main.c in 5.10: the same lines)
  reportMeminit(): void {
    if (!this.supported) return;
    const k = this.k;
    let stack = 'off';
    if (k.kconfig('CONFIG_INIT_STACK_ALL_PATTERN')) stack = 'all(pattern)';
    else if (k.kconfig('CONFIG_INIT_STACK_ALL_ZERO')) stack = 'all(zero)';
    else if (k.kconfig('CONFIG_GCC_PLUGIN_STRUCTLEAK_BYREF_ALL')) stack = 'byref_all(zero)';
    else if (k.kconfig('CONFIG_GCC_PLUGIN_STRUCTLEAK_BYREF')) stack = 'byref(zero)';
    else if (k.kconfig('CONFIG_GCC_PLUGIN_STRUCTLEAK_USER')) stack = '__user(zero)';
    const onOff = (b: boolean): string => (b ? 'on' : 'off');
    k.printk(KERN_INFO, `mem auto-init: stack:${stack}, heap alloc:${onOff(this.wantInitOnAlloc())}, heap free:${onOff(this.wantInitOnFree())}`);
    if (this.wantInitOnFree()) k.printk(KERN_INFO, 'mem auto-init: clearing system memory may take some time...');
  }

  snapshot(): MmInitSnapshot {
    return { allocEarly: this.allocEarly, freeEarly: this.freeEarly, allocKey: this.allocKey, freeKey: this.freeKey };
  }

  restore(s: MmInitSnapshot): void {
    this.allocEarly = s.allocEarly;
    this.freeEarly = s.freeEarly;
    this.allocKey = s.allocKey;
    this.freeKey = s.freeKey;
  }

  hashInto(h: Hasher): void {
    h.u32((this.allocEarly ? 1 : 0) | (this.freeEarly ? 2 : 0) | (this.allocKey ? 4 : 0) | (this.freeKey ? 8 : 0));
  }
}
