// Field types shared by every op's schema, with the contract's "expected ..." wording.
import { z } from 'zod';
import { parseGfp } from '../../linux/include/linux/gfp_types.ts';

export const name = z.string({ error: 'expected a name (string)' }).regex(/^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/, { error: 'expected a name of letters, digits, _ . : -' });
export const posInt = z.number({ error: 'expected a positive integer' }).int({ error: 'expected a positive integer' }).positive({ error: 'expected a positive integer' });
export const nonNegInt = z.number({ error: 'expected a non-negative integer' }).int({ error: 'expected a non-negative integer' }).nonnegative({ error: 'expected a non-negative integer' });
export const hexAddr = z.string({ error: 'expected a hex address string like "0xffff888003a1c040"' }).regex(/^0x[0-9a-fA-F]{1,16}$/, { error: 'expected a hex address string like "0xffff888003a1c040"' });
export const byte = z.number({ error: 'expected a byte (0..255)' }).int({ error: 'expected a byte (0..255)' }).min(0, { error: 'expected a byte (0..255)' }).max(255, { error: 'expected a byte (0..255)' });
export const hexBytes = z.string({ error: 'expected hex bytes like "f0 3e"' }).regex(/^\s*([0-9a-fA-F]{2}\s*)+$/, { error: 'expected hex bytes like "f0 3e"' });
export const byteArray = z.array(byte).min(1, { error: 'expected at least one byte' }).max(65536, { error: 'expected at most 65536 bytes' });

/** A kernel function as kallsyms prints it: "my_probe" or "my_probe [mydrv]". */
export const callerName = z
  .string({ error: 'expected a function name like "my_probe" or "my_probe [mydrv]"' })
  .regex(/^[A-Za-z_][A-Za-z0-9_.]{0,127}( \[[A-Za-z0-9_]{1,55}\])?$/, { error: 'expected a function name like "my_probe" or "my_probe [mydrv]"' });

/** A gfp mask: GFP_* and __GFP_* names joined by "|". */
export const gfpMask = z.string({ error: 'expected a gfp mask like "GFP_KERNEL" or "GFP_NOFS|__GFP_NOWARN"' }).refine((s) => parseGfp(s) !== null, { error: 'expected a gfp mask of GFP_* and __GFP_* names joined by "|", like "GFP_KERNEL"' });

/** Fields any step may carry. */
export const common = {
  /** The function the step's code runs as (what SLUB records as the caller, lockdep as the site). */
  caller: callerName.optional(),
  cpu: nonNegInt.optional(),
  task: z.string({ error: 'expected a task name (string)' }).min(1, { error: 'expected a non-empty task name' }).max(15, { error: 'expected a task name of at most 15 characters (TASK_COMM_LEN)' }).optional(),
  note: z.string({ error: 'expected a string' }).optional(),
};

/** Where a memory op points: a named pointer or an address, plus an offset. */
export const target = {
  ptr: name.optional(),
  addr: hexAddr.optional(),
  offset: z.union([nonNegInt, z.literal('freeptr')], { error: 'expected a non-negative integer or "freeptr"' }).optional(),
};

export function op<T extends string, S extends z.ZodRawShape>(o: T, shape: S) {
  return z.strictObject({ op: z.literal(o), ...common, ...shape });
}

/** "exactly one of" rules, reported on the step itself. */
export function exactlyOne(step: Record<string, unknown>, keys: readonly string[], ctx: z.RefinementCtx): void {
  const n = keys.filter((k) => step[k] !== undefined).length;
  if (n !== 1) ctx.addIssue({ code: 'custom', message: `expected exactly one of ${keys.join(', ')}; got ${n}`, path: [] });
}

/** Parses "f0 3e" / "f03e" into bytes. */
export function parseHexBytes(s: string): number[] {
  return s
    .trim()
    .split(/\s+/)
    .flatMap((h) => h.match(/../g) ?? [])
    .map((h) => parseInt(h, 16));
}
