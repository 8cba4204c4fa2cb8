// Loadable modules: load_module() / sys_delete_module() of kernel/module.c 2.6.25, module_alloc()
// of arch/x86/kernel/module_64.c, and the .smp_locks table module_finalize() hands to the SMP
// alternatives. Module text lives in vmalloc'd frames (owner "module text: <name>").
import { fnv32 as fnv, type Hasher } from '../../../engine/hash.ts';
import { eventKind } from '../../../engine/recorder.ts';
import type { ModuleList, Subsystem } from '../../../machine/kernel.ts';
import { PAGE_SIZE } from '../../include/linux/mm_types.ts';
import type { Sys } from '../../../machine/sys.ts';

export const EV_MODULE_LOAD = eventKind('module.load');
export const EV_MODULE_UNLOAD = eventKind('module.unload');

/** lsmod sizes of a 2.6.25 x86-64 laptop (HP nx6325, Jiri's desktop), for module_load without a size. */
export const MODULE_SIZES: Readonly<Record<string, number>> = {
  ath5k: 110336, mac80211: 186264, cfg80211: 33296, b43: 134248, ssb: 38404, rfkill: 14352,
  ipv6: 291304, tun: 17280, usbcore: 152176, ehci_hcd: 41228, ohci_hcd: 25668, uhci_hcd: 29472,
  usbhid: 51648, hid: 41216, mmc_core: 58312, mmc_block: 18504, sdhci: 22024, snd_hda_intel: 376728,
  snd_pcm: 88456, snd_timer: 28744, snd: 62312, soundcore: 12064, tg3: 121412, e1000e: 142112,
  ext3: 138000, jbd: 57424, arc4: 10112, ecb: 11264, crypto_blkcipher: 24068, cryptomgr: 12584,
  psmouse: 46384, thermal: 25112, processor: 40232, battery: 18216, button: 15392, ac: 13192,
  fuse: 52400, loop: 22340, dm_mod: 64264, ieee1394: 100824, ohci1394: 39244, cdrom: 42472, sr_mod: 22628,
};

/** Default .smp_locks density: one LOCK prefix per 768 bytes of text (Linus's 0x8060-byte table). */
export const TEXT_BYTES_PER_LOCK = 768;

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

export interface ModulesSnapshot {
  list: readonly Module[];
  lastUnloaded: string | null;
}

/** A small PRNG for a module's own bytes, so a module looks the same whatever ran before it. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

export class Modules implements Subsystem<ModulesSnapshot>, ModuleList {
  readonly name = 'modules';
  /** The modules list in load order (print_modules() walks it newest first). */
  private list: Module[] = [];
  private lastUnloaded: string | null = null;
  private imageEnd = -1;
  private textEnd = -1;

  constructor(private readonly sys: Sys) {
    sys.k.register(this);
    // kallsyms and print_modules() find the loaded modules through the kernel
    sys.k.modules = this;
  }

  snapshot(): ModulesSnapshot {
    return { list: this.list.slice(), lastUnloaded: this.lastUnloaded };
  }

  restore(s: ModulesSnapshot): void {
    this.list = s.list.slice();
    this.lastUnloaded = s.lastUnloaded;
  }

  hashInto(h: Hasher): void {
    h.u32(this.list.length).str(this.lastUnloaded ?? '');
    for (const m of this.list) h.str(m.name).str(m.base.toString(16)).u32(m.coreSize).u32(m.sites.length);
  }

  loaded(): readonly Module[] {
    return this.list;
  }

  find(name: string): Module | null {
    return this.list.find((m) => m.name === name) ?? null;
  }

  textOf(name: string): { base: bigint; textSize: number } | null {
    const m = this.find(name);
    return m ? { base: m.base, textSize: m.textSize } : null;
  }

  /** Physical end of the kernel image's text (_etext) and of the image (_end), from the boot's reservations. */
  private scanImage(): void {
    const k = this.sys.k;
    const p = k.pages;
    let pfn = k.layout.physicalStart / PAGE_SIZE;
    const textOwner = p.owner(pfn);
    while (pfn < p.nframes && p.owner(pfn) === textOwner) pfn++;
    this.textEnd = pfn * PAGE_SIZE;
    const dataOwner = p.owner(pfn);
    while (pfn < p.nframes && p.owner(pfn) === dataOwner) pfn++;
    this.imageEnd = pfn * PAGE_SIZE;
  }

  kernelTextEnd(): number {
    if (this.textEnd < 0) this.scanImage();
    return this.textEnd;
  }

  kernelImageEnd(): number {
    if (this.imageEnd < 0) this.scanImage();
    return this.imageEnd;
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

  // load_module(), kernel/module.c 2.6.25 + module_alloc() + module_finalize(), arch/x86/kernel/module_64.c
  load(name: string, size?: number, lockSites?: number | readonly number[]): Module | { error: string } {
    const k = this.sys.k;
    const l = k.layout;
    const coreSize = size ?? MODULE_SIZES[name] ?? 16384;
    k.rec.emit(EV_MODULE_LOAD, this.list.length, coreSize, { name });
    if (this.find(name)) return { error: `module "${name}" is already loaded (-EEXIST)` };
    const textSize = Math.max(16, Math.floor((coreSize * 0.62) / 16) * 16);
    const area = this.sys.vmalloc.vmallocRange(coreSize, l.modulesVaddr, l.modulesEnd, `module text: ${name}`, true, 'module_alloc');
    if (!area) return { error: `module_alloc(${coreSize}) failed for "${name}" (-ENOMEM)` };
    const rnd = xorshift(fnv(name) ^ k.config.seed);
    let sites: number[];
    if (Array.isArray(lockSites)) sites = [...new Set(lockSites as readonly number[])].filter((o) => o < textSize).sort((a, b) => a - b);
    else {
      const n = Math.min(typeof lockSites === 'number' ? lockSites : Math.floor(textSize / TEXT_BYTES_PER_LOCK), textSize);
      const set = new Set<number>();
      while (set.size < n) set.add(rnd() % textSize);
      sites = [...set].sort((a, b) => a - b);
    }
    // the image as the loader copies it in: code bytes, a LOCK prefix (0xf0) at every .smp_locks site
    const image = new Uint8Array(area.size);
    for (let i = 0; i < textSize; i++) image[i] = rnd() & 0xff;
    for (const s of sites) {
      image[s] = 0xf0;
      if (s + 1 < textSize) image[s + 1] = 0x0f;
      if (s + 2 < textSize) image[s + 2] = 0xb1;
    }
    for (let i = 0; i < area.pages.length; i++) k.memWrite(area.pages[i]! * PAGE_SIZE, image.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE), `load_module: ${name}`);
    const mod: Module = { name, base: area.addr, coreSize: area.size, textSize, sites };
    this.list.push(mod);
    // module_finalize(): alternatives_smp_module_add(me, me->name, locks, locks_end, text, text_end)
    this.sys.alt.moduleAdd(mod);
    return mod;
  }

  // sys_delete_module() -> free_module(), kernel/module.c 2.6.25
  unload(name: string): boolean {
    const k = this.sys.k;
    const i = this.list.findIndex((m) => m.name === name);
    k.rec.emit(EV_MODULE_UNLOAD, i, 0, { name });
    if (i < 0) return false;
    const mod = this.list[i]!;
    // module_arch_cleanup(): alternatives_smp_module_del(mod)
    this.sys.alt.moduleDel(mod);
    this.list.splice(i, 1);
    this.sys.vmalloc.vfree(mod.base);
    this.lastUnloaded = name;
    return true;
  }
}
