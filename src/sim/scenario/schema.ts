// The kernscope/1 scenario schema (docs/scenario-format.md), validated with zod.
import { z } from 'zod';
import { FINDING_KINDS } from './kinds.ts';

const name = z.string({ error: 'expected a name (string)' }).regex(/^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/, { error: 'expected a name of letters, digits, _ . : -' });
const posInt = z.number({ error: 'expected a positive integer' }).int({ error: 'expected a positive integer' }).positive({ error: 'expected a positive integer' });
const nonNegInt = z.number({ error: 'expected a non-negative integer' }).int({ error: 'expected a non-negative integer' }).nonnegative({ error: 'expected a non-negative integer' });
const hexAddr = z.string({ error: 'expected a hex address string like "0xffff888003a1c040"' }).regex(/^0x[0-9a-fA-F]{1,16}$/, { error: 'expected a hex address string like "0xffff888003a1c040"' });
const byte = z.number({ error: 'expected a byte (0..255)' }).int({ error: 'expected a byte (0..255)' }).min(0, { error: 'expected a byte (0..255)' }).max(255, { error: 'expected a byte (0..255)' });

export const SLAB_FLAG_NAMES = [
  'SLAB_RED_ZONE',
  'SLAB_POISON',
  'SLAB_STORE_USER',
  'SLAB_KMALLOC',
  'SLAB_HWCACHE_ALIGN',
  'SLAB_TYPESAFE_BY_RCU',
  'SLAB_NO_MERGE',
  'SLAB_CONSISTENCY_CHECKS',
] as const;

const common = {
  cpu: nonNegInt.optional(),
  task: z.string({ error: 'expected a task name (string)' }).min(1, { error: 'expected a non-empty task name' }).max(15, { error: 'expected a task name of at most 15 characters (TASK_COMM_LEN)' }).optional(),
  note: z.string({ error: 'expected a string' }).optional(),
};

const target = {
  ptr: name.optional(),
  addr: hexAddr.optional(),
  offset: z.union([nonNegInt, z.literal('freeptr')], { error: 'expected a non-negative integer or "freeptr"' }).optional(),
};

function op<T extends string, S extends z.ZodRawShape>(o: T, shape: S) {
  return z.strictObject({ op: z.literal(o), ...common, ...shape });
}

export const OP_SCHEMAS = {
  kmem_cache_create: op('kmem_cache_create', {
    cache: name,
    size: posInt.max(4 * 1024 * 1024, { error: 'expected an object size of at most 4194304 bytes' }),
    align: posInt.refine((v) => (v & (v - 1)) === 0, { error: 'expected a power of two' }).optional(),
    flags: z.array(z.enum(SLAB_FLAG_NAMES, { error: `expected one of ${SLAB_FLAG_NAMES.join(', ')}` })).optional(),
  }),
  kmem_cache_alloc: op('kmem_cache_alloc', { cache: name, as: name }),
  kmalloc: op('kmalloc', { size: posInt.max(4 * 1024 * 1024, { error: 'expected a size of at most 4194304 bytes' }), as: name, cache: name.optional() }),
  kmem_cache_free: op('kmem_cache_free', { ptr: name, cache: name.optional() }),
  kfree: op('kfree', { ptr: name }),
  validate_slab_cache: op('validate_slab_cache', { cache: name }),
  kmem_cache_destroy: op('kmem_cache_destroy', { cache: name }),
  alloc_pages: op('alloc_pages', { order: nonNegInt.max(10, { error: 'expected an order of 0..10 (MAX_PAGE_ORDER)' }), as: name }),
  free_pages: op('free_pages', { ptr: name }),
  write: op('write', {
    ...target,
    bytes: z.array(byte).min(1, { error: 'expected at least one byte' }).max(65536, { error: 'expected at most 65536 bytes' }).optional(),
    hex: z.string({ error: 'expected hex bytes like "f0 3e"' }).regex(/^\s*([0-9a-fA-F]{2}\s*)+$/, { error: 'expected hex bytes like "f0 3e"' }).optional(),
    u64: z.string({ error: 'expected a 64-bit value like "0xdeadbeef"' }).regex(/^0x[0-9a-fA-F]{1,16}$/, { error: 'expected a 64-bit value like "0xdeadbeef"' }).optional(),
    xor: byte.optional(),
  }),
  read: op('read', { ...target, len: posInt.max(65536, { error: 'expected a length of at most 65536' }), as: name.optional() }),
  expect: op('expect', {
    finding: z.enum(FINDING_KINDS, { error: 'expected a finding kind of docs/scenario-format.md' }),
    count: nonNegInt.optional(),
    none: z.literal(true, { error: 'expected true' }).optional(),
  }),
  expect_bytes: op('expect_bytes', {
    ...target,
    hex: z.string({ error: 'expected hex bytes like "6b 6b a5"' }).regex(/^\s*([0-9a-fA-F]{2}\s*)+$/, { error: 'expected hex bytes like "6b 6b a5"' }).optional(),
    bytes: z.array(byte).min(1, { error: 'expected at least one byte' }).max(65536, { error: 'expected at most 65536 bytes' }).optional(),
    fill: byte.optional(),
    len: posInt.max(65536, { error: 'expected a length of at most 65536' }).optional(),
  }),
  expect_dmesg: op('expect_dmesg', {
    text: z.string({ error: 'expected the text to look for (string)' }).min(1, { error: 'expected a non-empty text' }),
    count: nonNegInt.optional(),
    none: z.literal(true, { error: 'expected true' }).optional(),
  }),
  mark: op('mark', { label: z.string({ error: 'expected a label (string)' }).min(1, { error: 'expected a non-empty label' }) }),
} as const;

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
      kernel: z.enum(['6.8', '2.6.25'], { error: 'expected "6.8" or "2.6.25"' }).optional(),
      cpus: posInt.max(64, { error: 'expected 1..64 CPUs' }).optional(),
      ramMiB: z.number({ error: 'expected an integer number of MiB' }).int({ error: 'expected an integer number of MiB' }).min(32, { error: 'expected at least 32 MiB of RAM' }).max(4096, { error: 'expected at most 4096 MiB of RAM (the simulator limit)' }).optional(),
      vramMiB: nonNegInt.max(16384, { error: 'expected at most 16384 MiB of VRAM' }).optional(),
    }, { error: 'expected an object' })
    .optional(),
  cmdline: z.string({ error: 'expected a kernel command line (string)' }).max(4096, { error: 'expected a command line of at most 4096 characters' }).optional(),
  kconfig: z.record(z.string().regex(/^CONFIG_[A-Z0-9_]+$/, { error: 'expected a CONFIG_* name' }), z.boolean({ error: 'expected true or false' }), { error: 'expected an object of CONFIG_* booleans' }).optional(),
  patches: z.record(z.string(), z.boolean({ error: 'expected true or false' }), { error: 'expected an object of patch names to booleans' }).optional(),
}, { error: 'expected an object' });

export const HeaderSchema = z.strictObject({
  format: z.literal('kernscope/1', { error: 'expected "kernscope/1"' }),
  name: z.string({ error: 'expected a slug' }).regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected a slug like "slub-double-free" ([a-z0-9][a-z0-9-]*)' }),
  title: z.string({ error: 'expected a string' }).optional(),
  description: z.string({ error: 'expected a string (Markdown)' }).optional(),
  source: z.string({ error: 'expected a string' }).optional(),
  config: ConfigSchema.optional(),
  steps: z.array(z.unknown(), { error: 'expected an array of steps' }),
}, { error: 'expected a scenario object' });

export type ScenarioConfigInput = z.infer<typeof ConfigSchema>;
