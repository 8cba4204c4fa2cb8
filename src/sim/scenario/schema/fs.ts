// Dentry cache ops (docs/scenario-format.md, "Dentry cache").
import { z } from 'zod';
import { name, op, posInt } from './common.ts';

const path = z.string({ error: 'expected an absolute path like "/usr/src/linux/Makefile"' }).regex(/^\/[^\0]{0,4095}$/, { error: 'expected an absolute path like "/usr/src/linux/Makefile"' });
const prefix = z.string({ error: 'expected a file name prefix' }).regex(/^[A-Za-z0-9_.-]{1,20}$/, { error: 'expected a file name prefix of letters, digits, _ . -' });
const count = posInt.max(200000, { error: 'expected a count of at most 200000' });

export const FS_OPS = {
  d_alloc: op('d_alloc', { path, count: count.optional(), prefix: prefix.optional(), as: name.optional() }),
  d_lookup: op('d_lookup', { path, count: count.optional(), all: z.literal(true, { error: 'expected true' }).optional(), prefix: prefix.optional() }).superRefine((s, ctx) => {
    if (s.count !== undefined && s.all) ctx.addIssue({ code: 'custom', message: 'expected either count or all, not both', path: [] });
  }),
  shrink_dcache: op('shrink_dcache', { count }),
} as const;
