// SMP alternatives: arch/x86/kernel/alternative.c 2.6.25-git2 (text_poke() as e587cadd8f47 left it,
// before Jiri Slaby's fix) and the 6.8 behaviour. Every LOCK prefix in .smp_locks is patched to a
// one-byte NOP when the last secondary CPU goes offline and back to 0xf0 when one comes online.
import { kernelSince } from '../../../include/generated/uapi/linux/version.ts';
import type { Hasher } from '../../../../engine/hash.ts';
import { eventKind, KERN_CRIT, KERN_INFO, KERN_WARNING } from '../../../../engine/recorder.ts';
import { coreKernelText, kernelTextAddress } from '../../../kernel/extable.ts';
import { hex64, type Frame } from '../../../kernel/kallsyms.ts';
import type { Subsystem } from '../../../../machine/subsystem.ts';
import type { Module } from '../../../kernel/module/internal.ts';
import { PAGE_SIZE, PG_reserved } from '../../../include/linux/mm_types.ts';
import type { Deps } from '../../../../machine/modules.ts';
import { EV_OOPS } from '../mm/fault.ts';
import { physAddr } from '../include/asm/page_64.ts';

export const EV_ALT_BOOT = eventKind('boot.alternatives');
export const EV_ALT_SWITCH = eventKind('alt.switch');
export const EV_TEXT_POKE = eventKind('alt.text_poke');

/** The LOCK prefix. */
export const LOCK_PREFIX = 0xf0;
/** What alternatives_smp_unlock() writes: add_nops(insn, 1) = K8_NOP1 (0x90) in 2.6.25, the DS prefix (0x3e) in 6.8. */
export function upByte(kernel: string): number {
  return !kernelSince(kernel, '2.6.26') ? 0x90 : 0x3e;
}

/** .smp_locks entries of the core kernel: one per 1.5 KiB of text. */
export const CORE_TEXT_BYTES_PER_LOCK = 1536;

/** An entry of smp_alt_modules: the core kernel (module null) or a module. */
interface SmpAltModule {
  readonly name: string;
  readonly module: string | null;
}

export interface AlternativesSnapshot {
  list: readonly SmpAltModule[];
  up: boolean;
  once: boolean;
  coreSites: readonly number[];
}

/** Where a text_poke() went: the frame it meant and the frame it wrote. */
export interface PokeTarget {
  /** Physical address of the site through its own mapping. */
  intended: number;
  /** Physical address text_poke() wrote, or null when nothing backs it (the store is lost). */
  actual: number | null;
  /** The arithmetic's result even when it is beyond RAM. */
  actualRaw: bigint;
  /** Taken through virt_to_page() + vmap() (the kernel-text branch). */
  viaVirtToPage: boolean;
}

export class Alternatives implements Subsystem<AlternativesSnapshot> {
  readonly name = 'alternatives';
  private list: SmpAltModule[] = [];
  /** X86_FEATURE_UP in boot_cpu_data. */
  up = false;
  /** smp_alt_once: patch once at boot and forget (fewer than two possible CPUs, or smp-alt-boot). */
  private once = false;
  /** Offsets from _text of the core kernel's LOCK prefixes. */
  private coreSites: readonly number[] = [];
  private noreplaceSmp = false;

  constructor(private readonly sys: Deps<'traps' | 'vmalloc'>) {
    const k = sys.k;
    // setup_noreplace_smp() / bootonly(), arch/x86/kernel/alternative.c 2.6.25
    k.setupParam('noreplace-smp', () => ((this.noreplaceSmp = true), true));
    k.setupParam('noreplace_smp', () => ((this.noreplaceSmp = true), true));
    if (!k.since('2.6.26')) {
      k.setupParam('smp-alt-boot', () => ((this.once = true), true));
      k.setupParam('smp_alt_boot', () => ((this.once = true), true));
    }
    // module_finalize() / module_arch_cleanup() reach the alternatives as a module comes and goes
    k.modules.registerNotifier((state, mod) => (state === 'coming' ? this.moduleAdd(mod) : this.moduleDel(mod)));
  }

  private get v2625(): boolean {
    return !this.sys.k.since('2.6.26');
  }

  snapshot(): AlternativesSnapshot {
    return { list: this.list.slice(), up: this.up, once: this.once, coreSites: this.coreSites };
  }

  restore(s: AlternativesSnapshot): void {
    this.list = s.list.slice();
    this.up = s.up;
    this.once = s.once;
    this.coreSites = s.coreSites;
  }

  hashInto(h: Hasher): void {
    h.u32(this.list.length).u32(this.up ? 1 : 0).u32(this.once ? 1 : 0).u32(this.coreSites.length);
    for (const m of this.list) h.str(m.name);
  }

  /** The registered smp_alt_modules, in order. */
  modules(): readonly string[] {
    return this.list.map((m) => m.name);
  }

  /** Virtual addresses of the LOCK prefixes of one smp_alt_modules entry. */
  sitesOf(entry: { module: string | null }): bigint[] {
    const l = this.sys.k.layout;
    if (entry.module === null) return this.coreSites.map((o) => l.startKernelMap + BigInt(l.physicalStart + o));
    const m = this.sys.k.modules.find(entry.module);
    return m ? m.sites.map((o) => m.base + BigInt(o)) : [];
  }

  // alternative_instructions(), arch/x86/kernel/alternative.c 2.6.25
  alternativeInstructions(): void {
    const k = this.sys.k;
    k.rec.emit(EV_ALT_BOOT);
    if (!this.v2625) {
      // 6.8 patches at boot with text_poke_early() and never switches back to UP on a hotplug kernel
      return;
    }
    // the image as linked: a LOCK prefix at each .smp_locks site of .text
    const textLen = this.sys.k.textEnd - k.layout.physicalStart;
    const n = Math.floor(textLen / CORE_TEXT_BYTES_PER_LOCK);
    const sites: number[] = [];
    for (let i = 0; i < n; i++) sites.push(i * CORE_TEXT_BYTES_PER_LOCK + (Math.imul(i + 1, 0x9e3779b1) >>> 0) % (CORE_TEXT_BYTES_PER_LOCK - 8));
    this.coreSites = sites;
    const lock = new Uint8Array([LOCK_PREFIX]);
    for (const o of sites) k.memWrite(k.layout.physicalStart + o, lock, 'vmlinux: .text (LOCK prefix)');
    if (k.config.cpus < 2) this.once = true;
    this.sys.traps.call({ fn: 'alternative_instructions' }, () => {
      if (this.once) {
        if (k.config.cpus === 1) {
          k.printk(KERN_INFO, 'SMP alternatives: switching to UP code');
          this.up = true;
          this.smpUnlock({ name: 'core kernel', module: null });
        }
        // free_init_pages("SMP alternatives", __smp_locks, __smp_locks_end)
        k.printk(KERN_INFO, `Freeing SMP alternatives: ${Math.ceil((sites.length * 8) / 1024)}k freed`);
        return;
      }
      this.list.push({ name: 'core kernel', module: null });
      this.smpSwitch(false);
    });
  }

  // alternatives_smp_module_add(), arch/x86/kernel/alternative.c 2.6.25 (6.8: only on a uniprocessor-patched kernel)
  moduleAdd(mod: Module): void {
    if (this.noreplaceSmp) return;
    const entry = { name: mod.name, module: mod.name };
    this.sys.traps.call({ fn: 'alternatives_smp_module_add' }, () => {
      if (this.once) {
        if (this.up) this.smpUnlock(entry);
        return;
      }
      this.list.push(entry);
      if (this.up) this.smpUnlock(entry);
    });
  }

  // alternatives_smp_module_del(), arch/x86/kernel/alternative.c 2.6.25
  moduleDel(mod: Module): void {
    if (this.once || this.noreplaceSmp) return;
    const i = this.list.findIndex((m) => m.module === mod.name);
    if (i >= 0) this.list.splice(i, 1);
  }

  // alternatives_smp_switch(), arch/x86/kernel/alternative.c 2.6.25
  smpSwitch(smp: boolean): void {
    const k = this.sys.k;
    if (!this.v2625) return; // 6.8 has no switch back and forth: alternatives_enable_smp() once at most
    k.rec.emit(EV_ALT_SWITCH, smp ? 1 : 0, this.list.length, { to: smp ? 'SMP' : 'UP' });
    // CONFIG_LOCKDEP: "Older binutils section handling bug prevented alternatives-replacement ..."
    if (k.kconfig('CONFIG_PROVE_LOCKING') || k.kconfig('CONFIG_LOCKDEP')) k.printk(KERN_WARNING, 'lockdep: fixing up alternatives.');
    if (this.noreplaceSmp || this.once) return;
    this.sys.traps.call({ fn: 'alternatives_smp_switch' }, () => {
      if (smp) {
        k.printk(KERN_INFO, 'SMP alternatives: switching to SMP code');
        this.up = false;
        for (const m of this.list.slice()) this.smpLock(m);
      } else {
        k.printk(KERN_INFO, 'SMP alternatives: switching to UP code');
        this.up = true;
        for (const m of this.list.slice()) this.smpUnlock(m);
      }
    });
  }

  // alternatives_smp_lock(), arch/x86/kernel/alternative.c 2.6.25 (6.8: only where the byte is 0x3e)
  private smpLock(m: SmpAltModule): void {
    this.sys.traps.call({ fn: 'alternatives_smp_lock' }, () => {
      for (const site of this.sitesOf(m)) {
        if (!this.v2625 && this.readSite(site) !== upByte('6.8')) continue;
        this.textPoke(site, LOCK_PREFIX, 'alternatives_smp_lock', m.name);
      }
    });
  }

  // alternatives_smp_unlock(), arch/x86/kernel/alternative.c 2.6.25 (6.8: only where the byte is 0xf0)
  private smpUnlock(m: SmpAltModule): void {
    if (this.noreplaceSmp) return;
    const b = upByte(this.sys.k.layout.kernel);
    this.sys.traps.call({ fn: 'alternatives_smp_unlock' }, () => {
      for (const site of this.sitesOf(m)) {
        if (!this.v2625 && this.readSite(site) !== LOCK_PREFIX) continue;
        this.textPoke(site, b, 'alternatives_smp_unlock', m.name);
      }
    });
  }

  /** The byte at a site, read through the site's own mapping. */
  private readSite(site: bigint): number {
    const phys = this.intendedPhys(site);
    return phys === null ? 0 : this.sys.k.mem.readByte(phys);
  }

  /** The frame a site lives in, through its own mapping: the kernel image or the module's vmalloc area. */
  intendedPhys(site: bigint): number | null {
    const l = this.sys.k.layout;
    if (this.sys.k.modules.moduleTextAddress(site)) return this.sys.vmalloc.vmallocToPhys(site);
    return Number(site - l.startKernelMap);
  }

  /** Where text_poke() writes for this site with the machine's kernel and patches (no side effects). */
  pokeTarget(site: bigint): PokeTarget {
    const k = this.sys.k;
    const intended = this.intendedPhys(site) ?? -1;
    let viaVirtToPage = false;
    let raw = BigInt(intended);
    if (this.v2625) {
      // if (kernel_text_address(addr)) { pages = virt_to_page(addr) ... vmap } else memcpy(addr, ...)
      viaVirtToPage = k.patch('text_poke_core_kernel_text') ? coreKernelText(this.sys, site) : kernelTextAddress(this.sys, site);
      if (viaVirtToPage) raw = physAddr(k.layout, site).phys;
    }
    const actual = raw >= 0n && raw < BigInt(k.ramBytes) ? Number(raw) : null;
    return { intended, actual, actualRaw: raw, viaVirtToPage };
  }

  /** The call trace text_poke() was reached by, innermost first. */
  private trace(): Frame[] {
    return this.sys.traps.callers();
  }

  // text_poke(), arch/x86/kernel/alternative.c 2.6.25-git2 (e587cadd8f47) with the thread's fixes as patches; 6.8 text_poke()
  textPoke(site: bigint, byte: number, fn: 'alternatives_smp_lock' | 'alternatives_smp_unlock', owner: string): void {
    const k = this.sys.k;
    const t = this.pokeTarget(site);
    const siteHex = `0x${hex64(site)}`;
    const old = t.actual === null ? -1 : k.mem.readByte(t.actual);
    const stray = t.actual !== t.intended;
    const frameOwner = t.actual === null ? 'no RAM (the store is lost)' : k.pages.ownerName(k.pages.owner(Math.floor(t.actual / PAGE_SIZE)));
    k.rec.emit(EV_TEXT_POKE, t.actual ?? -1, byte, {
      site: siteHex,
      module: owner,
      fn,
      intended: t.intended,
      phys: t.actual ?? -1,
      frame: t.actual === null ? -1 : Math.floor(t.actual / PAGE_SIZE),
      old,
      new: byte,
      owner: frameOwner,
      stray,
    });
    if (t.viaVirtToPage) {
      const va = physAddr(k.layout, site);
      // CONFIG_DEBUG_VIRTUAL: VIRTUAL_BUG_ON() in __phys_addr() catches the module address
      if (va.virtualBug !== null && k.kconfig('CONFIG_DEBUG_VIRTUAL')) this.virtualBug(site, va.virtualBug, owner);
      if (k.patch('text_poke_reserved_check')) {
        // WARN_ON(pages[0] && !PageReserved(pages[0])); WARN_ON(pages[1] && !PageReserved(pages[1]));
        const pfn = va.phys >> 12n;
        for (const [i, p] of [pfn, pfn + 1n].entries()) {
          const ok = p < BigInt(k.pages.nframes) && k.pages.test(Number(p), PG_reserved);
          if (ok) continue;
          const title = this.sys.traps.warn('arch/x86/kernel/alternative.c', 524 + i, { fn: 'text_poke' }, this.trace());
          k.rec.finding('kernel.warn', title, { site: siteHex, module: owner, frame: `0x${p.toString(16)}`, owner: p < BigInt(k.pages.nframes) ? k.pages.ownerName(k.pages.owner(Number(p))) : 'beyond mem_map' });
        }
      }
    }
    if (t.actual === null) {
      this.strayFinding(site, owner, byte, old, t, frameOwner);
      return;
    }
    k.memWrite(t.actual, new Uint8Array([byte]), `text_poke from ${fn}, site ${siteHex} in ${owner}`);
    if (stray) this.strayFinding(site, owner, byte, old, t, frameOwner);
  }

  /** kernscope's own detection: a byte text_poke() stored outside the site's frame. */
  private strayFinding(site: bigint, owner: string, byte: number, old: number, t: PokeTarget, frameOwner: string): void {
    const k = this.sys.k;
    const pattern = `0x${byte.toString(16).padStart(2, '0')}`;
    const frame = t.actual === null ? t.actualRaw >> 12n : BigInt(Math.floor(t.actual / PAGE_SIZE));
    const where = t.actual === null ? `physical ${`0x${t.actualRaw.toString(16)}`} (no RAM)` : `frame 0x${frame.toString(16)} (${frameOwner})`;
    k.rec.finding('mm.stray_write', `text_poke wrote ${pattern} into ${where} for site 0x${hex64(site)} in ${owner}`, {
      pattern,
      old: old < 0 ? '' : `0x${old.toString(16).padStart(2, '0')}`,
      site: `0x${hex64(site)}`,
      module: owner,
      owner: frameOwner,
      frame: `0x${frame.toString(16)}`,
      phys: `0x${(t.actual === null ? t.actualRaw : BigInt(t.actual)).toString(16)}`,
      addr: t.actual === null ? '' : `0x${hex64(k.layout.pageOffset + BigInt(t.actual))}`,
      intended: `0x${t.intended.toString(16)}`,
    });
  }

  /** VIRTUAL_BUG_ON() -> BUG(): "kernel BUG at ...!", invalid opcode oops; the task dies. */
  private virtualBug(site: bigint, where: string, owner: string): never {
    const k = this.sys.k;
    k.rec.emit(EV_OOPS, 0, 0, { bug: where });
    k.printk(KERN_WARNING, '------------[ cut here ]------------');
    const title = `kernel BUG at ${where}!`;
    k.printk(KERN_CRIT, title);
    k.rec.finding('mm.virtual_bug', title, { site: `0x${hex64(site)}`, module: owner, check: 'VIRTUAL_BUG_ON(x >= KERNEL_IMAGE_SIZE)', addr: `0x${hex64(site)}` });
    return this.sys.traps.die({
      header: [],
      str: 'invalid opcode',
      errorCode: 0,
      ip: { fn: '__phys_addr', off: 0x31 },
      trace: [{ fn: 'text_poke' }, ...this.trace()],
      // __phys_addr's text (code_bytes.ts): mov %rdi,%rax; sub $__START_KERNEL_map,%rax; cmp; ja -> ud2
      regs: { di: site, ax: site - k.layout.startKernelMap },
    });
  }
}
