// The kernscope/1 scenario schema (docs/scenario-format.md), validated with zod.
// Each machine module declares its ops' schemas (machine/modules/); this file joins them.
import { z } from 'zod';
import { common, nonNegInt, posInt } from './schema/common.ts';
import { MODULES } from '../machine/modules/index.ts';
import { CONTROL_OPS } from './schema/control.ts';
import { MEMORY_OPS } from './schema/memory.ts';
import { archKernels, findLayout, type KernelVersion } from '../machine/layout.ts';

/** "a", "b" or "c" */
function orList(vs: readonly string[]): string {
  const q = vs.map((v) => `"${v}"`);
  return q.length < 2 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q.at(-1)!}`;
}

/** Every kernel version some machine runs, from the arches' layout tables (which arch runs which is checked below). */
const KERNEL_VERSIONS = [...new Set([...archKernels('x86_64'), ...archKernels('arm64')])] as [KernelVersion, ...KernelVersion[]];

export { SLAB_FLAG_NAMES } from './schema/slab.ts';

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type ModuleSteps = UnionToIntersection<(typeof MODULES)[number]['steps']>;

/** Every op's schema: the runner's own (raw memory access, expectations) and each machine module's. */
export const OP_SCHEMAS = Object.assign({}, MEMORY_OPS, CONTROL_OPS, ...MODULES.map((m) => m.steps)) as typeof MEMORY_OPS & typeof CONTROL_OPS & ModuleSteps;

export type OpName = keyof typeof OP_SCHEMAS | 'repeat';
export type LeafStep = { [K in keyof typeof OP_SCHEMAS]: z.infer<(typeof OP_SCHEMAS)[K]> }[keyof typeof OP_SCHEMAS];
export interface RepeatStep {
  op: 'repeat';
  times: number;
  steps: Step[];
  cpu?: number;
  task?: string;
  note?: string;
}
export type Step = LeafStep | RepeatStep;

export const RepeatHeadSchema = z.strictObject({
  op: z.literal('repeat'),
  ...common,
  times: posInt,
  steps: z.array(z.unknown(), { error: 'expected an array of steps' }),
});

export const ConfigSchema = z.strictObject({
  seed: z.number({ error: 'expected an integer seed' }).int({ error: 'expected an integer seed' }).min(0, { error: 'expected a seed of 0..4294967295' }).max(0xffffffff, { error: 'expected a seed of 0..4294967295' }).optional(),
  machine: z
    .strictObject({
      arch: z.enum(['x86_64', 'arm64'], { error: 'expected "x86_64" or "arm64"' }).optional(),
      kernel: z.enum(KERNEL_VERSIONS, { error: `expected ${orList(KERNEL_VERSIONS)}` }).optional(),
      cpus: posInt.max(64, { error: 'expected 1..64 CPUs' }).optional(),
      ramMiB: z.number({ error: 'expected an integer number of MiB' }).int({ error: 'expected an integer number of MiB' }).min(32, { error: 'expected at least 32 MiB of RAM' }).max(4096, { error: 'expected at most 4096 MiB of RAM (the simulator limit)' }).optional(),
      vramMiB: nonNegInt.max(4096, { error: 'expected at most 4096 MiB of VRAM (the simulator limit)' }).optional(),
      barMiB: posInt.max(4096, { error: 'expected at most 4096 MiB of BAR1 aperture' }).optional(),
      gpu: z.enum(['NV96', 'Mali-T860', 'virtio-gpu'], { error: 'expected "NV96" (GeForce 9600M GT, with VRAM), "Mali-T860" (Panfrost) or "virtio-gpu" (a QEMU guest\'s virtio-vga)' }).optional(),
      swapMiB: nonNegInt.max(4096, { error: 'expected at most 4096 MiB of swap' }).optional(),
    }, { error: 'expected an object' })
    .superRefine((m, ctx) => {
      const arch = m.arch ?? 'x86_64';
      if (m.kernel !== undefined && findLayout(arch, m.kernel) === null) ctx.addIssue({ code: 'custom', path: ['kernel'], message: `Linux ${m.kernel} is not modeled on ${arch}: expected ${orList(archKernels(arch))}` });
      if (arch === 'arm64' && m.ramMiB !== undefined && m.ramMiB < 128) ctx.addIssue({ code: 'custom', path: ['ramMiB'], message: `expected at least 128 MiB of RAM on arm64 (the kernel image ends at 102 MiB), got ${m.ramMiB}` });
      if (arch === 'arm64' && m.gpu === 'NV96') ctx.addIssue({ code: 'custom', path: ['gpu'], message: 'the arm64 board (RK3399) has no PCIe GPU: "NV96" needs machine.arch "x86_64"' });
      if (arch === 'arm64' && m.kernel === '6.9-rc2' && m.gpu === 'Mali-T860') ctx.addIssue({ code: 'custom', path: ['gpu'], message: 'the 6.9-rc2 arm64 machine is QEMU\'s virt board (seed 001): it has no Mali-T860; that GPU is the RK3399\'s, machine.kernel "5.19"' });
      if (arch !== 'arm64' && m.gpu === 'Mali-T860') ctx.addIssue({ code: 'custom', path: ['gpu'], message: 'the Mali-T860 is the RK3399\'s own GPU: it needs machine.arch "arm64"' });
      if (m.gpu === 'virtio-gpu' && arch !== 'x86_64') ctx.addIssue({ code: 'custom', path: ['gpu'], message: 'the virtio-gpu is a QEMU x86_64 guest\'s device: it needs machine.arch "x86_64"' });
      if (m.gpu === 'virtio-gpu' && m.kernel !== '5.19') ctx.addIssue({ code: 'custom', path: ['kernel'], message: 'the VirtIO-GPU shrinker series is based on Linux 5.19: set machine.kernel "5.19"' });
      if (m.barMiB !== undefined && m.barMiB > (m.vramMiB ?? 0)) ctx.addIssue({ code: 'custom', path: ['barMiB'], message: `expected a BAR1 aperture no larger than VRAM (${m.vramMiB ?? 0} MiB), got ${m.barMiB}` });
      if (m.gpu === 'NV96' && !m.vramMiB) ctx.addIssue({ code: 'custom', path: ['gpu'], message: 'a GPU needs VRAM: set machine.vramMiB' });
      if (m.vramMiB !== undefined && m.vramMiB > 0 && m.vramMiB < 16) ctx.addIssue({ code: 'custom', path: ['vramMiB'], message: `expected at least 16 MiB of VRAM for a GPU, got ${m.vramMiB}` });
    })
    .optional(),
  cmdline: z.string({ error: 'expected a kernel command line (string)' }).max(4096, { error: 'expected a command line of at most 4096 characters' }).optional(),
  kconfig: z.record(z.string().regex(/^CONFIG_[A-Z0-9_]+$/, { error: 'expected a CONFIG_* name' }), z.boolean({ error: 'expected true or false' }), { error: 'expected an object of CONFIG_* booleans' }).optional(),
  patches: z.record(z.string(), z.boolean({ error: 'expected true or false' }), { error: 'expected an object of patch names to booleans' }).optional(),
}, { error: 'expected an object' });

export const HeaderSchema = z.strictObject({
  /** Where an editor finds the JSON Schema (kernscope.schema.json); ignored by the simulator. */
  $schema: z.string({ error: 'expected a URL or path of the JSON Schema (string)' }).optional(),
  format: z.literal('kernscope/1', { error: 'expected "kernscope/1"' }),
  name: z.string({ error: 'expected a slug' }).regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected a slug like "slub-double-free" ([a-z0-9][a-z0-9-]*)' }),
  title: z.string({ error: 'expected a string' }).optional(),
  description: z.string({ error: 'expected a string (Markdown)' }).optional(),
  source: z.string({ error: 'expected a string' }).optional(),
  config: ConfigSchema.optional(),
  steps: z.array(z.unknown(), { error: 'expected an array of steps' }),
}, { error: 'expected a scenario object' });

export type ScenarioConfigInput = z.infer<typeof ConfigSchema>;
