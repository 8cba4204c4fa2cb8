// CPU hotplug: cpu_down() / cpu_up() / disable_nonboot_cpus() / enable_nonboot_cpus() of
// kernel/cpu.c 2.6.25 (freeze_secondary_cpus() / thaw_secondary_cpus() in 6.8).
import type { Hasher } from '../../engine/hash.ts';
import { eventKind, KERN_ERR, KERN_INFO, KERN_WARNING } from '../../engine/recorder.ts';
import { cpuDie, cpuDisable, doBootCpu } from '../arch/x86/kernel/smpboot.ts';
import type { Subsystem } from '../../machine/subsystem.ts';
import type { Deps } from '../../machine/modules.ts';

export const EV_CPU_DOWN = eventKind('cpu.down');
export const EV_CPU_UP = eventKind('cpu.up');

const EINVAL = 22;
const EBUSY = 16;

export interface CpusSnapshot {
  online: readonly boolean[];
  frozen: readonly number[];
  hotplugDisabled: boolean;
}

export class Cpus implements Subsystem<CpusSnapshot> {
  readonly name = 'cpus';
  /** cpu_online_map. */
  private online: boolean[];
  /** frozen_cpus: taken down for suspend, to come back in enable_nonboot_cpus(). */
  private frozen: number[] = [];
  private hotplugDisabled = false;

  /** What the arch hotplug code (smpboot.c) works on: this CPU map with the alternatives and traps. */
  private readonly arch: Deps<'traps' | 'alt' | 'cpus'>;

  constructor(private readonly sys: Deps<'traps' | 'alt'>) {
    this.arch = { ...sys, cpus: this };
    this.online = new Array<boolean>(sys.k.config.cpus).fill(false);
    this.online[0] = true;
  }

  snapshot(): CpusSnapshot {
    return { online: this.online.slice(), frozen: this.frozen.slice(), hotplugDisabled: this.hotplugDisabled };
  }

  restore(s: CpusSnapshot): void {
    this.online = s.online.slice();
    this.frozen = s.frozen.slice();
    this.hotplugDisabled = s.hotplugDisabled;
  }

  hashInto(h: Hasher): void {
    h.u32(this.online.reduce((m, o, i) => (o ? m | (1 << (i & 31)) : m), 0)).u32(this.frozen.length).u32(this.hotplugDisabled ? 1 : 0);
  }

  isOnline(cpu: number): boolean {
    return this.online[cpu] ?? false;
  }

  setOnline(cpu: number, on: boolean): void {
    this.online[cpu] = on;
  }

  numOnline(): number {
    return this.online.filter(Boolean).length;
  }

  onlineMask(): number[] {
    return this.online.flatMap((o, i) => (o ? [i] : []));
  }

  // _cpu_down(), kernel/cpu.c 2.6.25: notifiers, stop_machine(take_cpu_down), __cpu_die()
  private cpuDownInner(cpu: number, tasksFrozen: boolean): number {
    const k = this.sys.k;
    k.rec.emit(EV_CPU_DOWN, cpu, tasksFrozen ? 1 : 0, { cpu });
    if (this.numOnline() === 1) return -EBUSY;
    if (!this.isOnline(cpu)) return -EINVAL;
    return this.sys.traps.call({ fn: '_cpu_down' }, () => {
      const err = cpuDisable(this.arch, cpu);
      if (err) return err;
      cpuDie(this.arch, cpu);
      return 0;
    });
  }

  // cpu_down(), kernel/cpu.c 2.6.25, from store_online() (echo 0 > /sys/devices/system/cpu/cpuN/online)
  cpuDown(cpu: number): number {
    if (this.hotplugDisabled) return -EBUSY;
    return this.sys.traps.call([{ fn: 'system_call_after_swapgs' }, { fn: 'sys_write' }, { fn: 'vfs_write' }, { fn: 'sysfs_write_file' }, { fn: 'sysdev_store' }, { fn: 'store_online' }, { fn: 'cpu_down' }], () => this.cpuDownInner(cpu, false));
  }

  // _cpu_up(), kernel/cpu.c 2.6.25: __cpu_up() -> native_cpu_up() -> do_boot_cpu()
  private cpuUpInner(cpu: number, tasksFrozen: boolean): number {
    const k = this.sys.k;
    k.rec.emit(EV_CPU_UP, cpu, tasksFrozen ? 1 : 0, { cpu });
    if (this.isOnline(cpu)) return -EINVAL;
    return this.sys.traps.call([{ fn: '_cpu_up' }, { fn: 'native_cpu_up' }], () => doBootCpu(this.arch, cpu, false));
  }

  // cpu_up(), kernel/cpu.c 2.6.25 (echo 1 > /sys/devices/system/cpu/cpuN/online)
  cpuUp(cpu: number): number {
    if (this.hotplugDisabled) return -EBUSY;
    return this.sys.traps.call([{ fn: 'system_call_after_swapgs' }, { fn: 'sys_write' }, { fn: 'vfs_write' }, { fn: 'sysfs_write_file' }, { fn: 'sysdev_store' }, { fn: 'store_online' }, { fn: 'cpu_up' }], () => this.cpuUpInner(cpu, false));
  }

  // disable_nonboot_cpus(), kernel/cpu.c 2.6.25 / freeze_secondary_cpus() 6.8
  disableNonbootCpus(): number {
    const k = this.sys.k;
    const v68 = k.since('2.6.26');
    this.frozen = [];
    k.printk(v68 ? KERN_INFO : KERN_WARNING, 'Disabling non-boot CPUs ...');
    const first = this.onlineMask()[0] ?? 0;
    const order = this.onlineMask().filter((c) => c !== first);
    if (v68) order.reverse();
    let error = 0;
    this.sys.traps.call({ fn: 'disable_nonboot_cpus' }, () => {
      for (const cpu of order) {
        error = this.cpuDownInner(cpu, true);
        if (error === 0) {
          this.frozen.push(cpu);
          if (!v68) k.printk(KERN_WARNING, `CPU${cpu} is down`);
        } else {
          k.printk(KERN_ERR, `Error taking CPU${cpu} down: ${error}`);
          break;
        }
      }
    });
    if (error === 0) this.hotplugDisabled = true;
    else k.printk(KERN_ERR, 'Non-boot CPUs are not disabled');
    return error;
  }

  // enable_nonboot_cpus(), kernel/cpu.c 2.6.25 / thaw_secondary_cpus() 6.8
  enableNonbootCpus(): void {
    const k = this.sys.k;
    this.hotplugDisabled = false;
    if (this.frozen.length === 0) return;
    k.printk(!k.since('2.6.26') ? KERN_WARNING : KERN_INFO, 'Enabling non-boot CPUs ...');
    this.sys.traps.call({ fn: 'enable_nonboot_cpus' }, () => {
      for (const cpu of this.frozen.slice().sort((a, b) => a - b)) {
        const error = this.cpuUpInner(cpu, true);
        if (error === 0) k.printk(!k.since('2.6.26') ? KERN_WARNING : KERN_INFO, `CPU${cpu} is up`);
        else k.printk(KERN_WARNING, `Error taking CPU${cpu} up: ${error}`);
      }
    });
    this.frozen = [];
  }
}
