// Loadable modules: load_module() / sys_delete_module() of kernel/module.c 2.6.25, module_alloc()
// of arch/x86/kernel/module_64.c, and the .smp_locks table module_finalize() hands to the SMP
// alternatives. Module text lives in vmalloc'd frames (owner "module text: <name>").
import { fnv32 as fnv, type Hasher } from '../../../engine/hash.ts';
import { eventKind } from '../../../engine/recorder.ts';
import type { Subsystem } from '../../../machine/subsystem.ts';
import type { Module, ModuleList } from './internal.ts';
import { PAGE_SIZE } from '../../include/linux/mm_types.ts';
import type { Deps } from '../../../machine/modules.ts';

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

/** The module loader; the list it keeps is the kernel's (k.modules), which kallsyms and oopses read. */
export class Modules implements Subsystem<ModulesSnapshot> {
  readonly name = 'modules';

  constructor(private readonly sys: Deps<'vmalloc'>) {}

  private get mods(): ModuleList {
    return this.sys.k.modules;
  }

  snapshot(): ModulesSnapshot {
    return { list: this.mods.list, lastUnloaded: this.mods.lastUnloaded };
  }

  restore(s: ModulesSnapshot): void {
    this.mods.list = s.list;
    this.mods.lastUnloaded = s.lastUnloaded;
  }

  hashInto(h: Hasher): void {
    const l = this.mods;
    h.u32(l.list.length).str(l.lastUnloaded ?? '');
    for (const m of l.list) h.str(m.name).str(m.base.toString(16)).u32(m.coreSize).u32(m.sites.length);
  }

  // load_module(), kernel/module.c 2.6.25 + module_alloc() + module_finalize(), arch/x86/kernel/module_64.c
  load(name: string, size?: number, lockSites?: number | readonly number[]): Module | { error: string } {
    const k = this.sys.k;
    const l = k.layout;
    const coreSize = size ?? MODULE_SIZES[name] ?? 16384;
    k.rec.emit(EV_MODULE_LOAD, this.mods.list.length, coreSize, { name });
    if (this.mods.find(name)) return { error: `module "${name}" is already loaded (-EEXIST)` };
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
    this.mods.list = [...this.mods.list, mod];
    // module_finalize() hands .smp_locks to alternatives_smp_module_add(); here through the notifier chain
    this.mods.notify('coming', mod);
    return mod;
  }

  // sys_delete_module() -> free_module(), kernel/module.c 2.6.25
  unload(name: string): boolean {
    const k = this.sys.k;
    const list = this.mods.list;
    const i = list.findIndex((m) => m.name === name);
    k.rec.emit(EV_MODULE_UNLOAD, i, 0, { name });
    if (i < 0) return false;
    const mod = list[i]!;
    // module_arch_cleanup() calls alternatives_smp_module_del(); here through the notifier chain
    this.mods.notify('going', mod);
    this.mods.list = list.filter((m) => m !== mod);
    this.sys.vmalloc.vfree(mod.base);
    this.mods.lastUnloaded = name;
    return true;
  }
}
