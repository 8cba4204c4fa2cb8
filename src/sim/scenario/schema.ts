// The kernscope/1 scenario schema (docs/scenario-format.md), validated with zod.
// Each machine module declares its ops' schemas (machine/modules/); this file joins them.
import { z } from 'zod';
import { common, nonNegInt, posInt } from './schema/common.ts';
import { MODULES } from '../machine/modules/index.ts';
import { CONTROL_OPS } from './schema/control.ts';
import { MEMORY_OPS } from './schema/memory.ts';

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
      arch: z.literal('x86_64', { error: 'expected "x86_64"' }).optional(),
      kernel: z.enum(['6.8', '5.15', '5.14-rc1', '5.10', '2.6.25'], { error: 'expected "6.8", "5.15", "5.14-rc1", "5.10" or "2.6.25"' }).optional(),
      cpus: posInt.max(64, { error: 'expected 1..64 CPUs' }).optional(),
      ramMiB: z.number({ error: 'expected an integer number of MiB' }).int({ error: 'expected an integer number of MiB' }).min(32, { error: 'expected at least 32 MiB of RAM' }).max(4096, { error: 'expected at most 4096 MiB of RAM (the simulator limit)' }).optional(),
      vramMiB: nonNegInt.max(4096, { error: 'expected at most 4096 MiB of VRAM (the simulator limit)' }).optional(),
      barMiB: posInt.max(4096, { error: 'expected at most 4096 MiB of BAR1 aperture' }).optional(),
      gpu: z.literal('NV96', { error: 'expected "NV96" (GeForce 9600M GT, the only GPU modeled)' }).optional(),
    }, { error: 'expected an object' })
    .superRefine((m, ctx) => {
      if (m.barMiB !== undefined && m.barMiB > (m.vramMiB ?? 0)) ctx.addIssue({ code: 'custom', path: ['barMiB'], message: `expected a BAR1 aperture no larger than VRAM (${m.vramMiB ?? 0} MiB), got ${m.barMiB}` });
      if (m.gpu !== undefined && !m.vramMiB) ctx.addIssue({ code: 'custom', path: ['gpu'], message: 'a GPU needs VRAM: set machine.vramMiB' });
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
