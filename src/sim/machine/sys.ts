// The subsystems seed 002's story runs through, wired to each other. Each one registers with the
// Kernel for snapshots; they reach their siblings through this object at call time, so the order
// of construction below is the order of registration and nothing else.
import type { Kernel } from './kernel.ts';
import type { Slub } from '../linux/mm/slub.ts';
import { Traps } from '../linux/arch/x86/kernel/dumpstack.ts';
import { Vmalloc } from '../linux/mm/vmalloc.ts';
import { Modules } from '../linux/kernel/module/main.ts';
import { Alternatives } from '../linux/arch/x86/kernel/alternative.ts';
import { Cpus } from '../linux/kernel/cpu.ts';
import { Devices } from '../linux/drivers/base/core.ts';
import { Suspend } from '../linux/kernel/power/suspend.ts';
import { Dcache } from '../linux/fs/dcache.ts';
import { UserMemory } from '../linux/mm/memory.ts';

export class Sys {
  readonly traps: Traps;
  readonly vmalloc: Vmalloc;
  readonly modules: Modules;
  readonly alt: Alternatives;
  readonly cpus: Cpus;
  readonly devices: Devices;
  readonly pm: Suspend;
  readonly dcache: Dcache;
  readonly user: UserMemory;

  constructor(
    readonly k: Kernel,
    readonly slub: Slub,
  ) {
    this.traps = new Traps(this);
    this.vmalloc = new Vmalloc(this);
    this.modules = new Modules(this);
    this.alt = new Alternatives(this);
    this.cpus = new Cpus(this);
    this.devices = new Devices(this);
    this.pm = new Suspend(this);
    this.dcache = new Dcache(this);
    this.user = new UserMemory(this);
  }
}
