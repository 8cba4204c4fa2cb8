// User-space memory checker ops (docs/scenario-format.md, "User memory").
import { z } from 'zod';
import { exactlyOne, op, posInt } from './common.ts';

const pattern = z.string({ error: 'expected a 64-bit pattern like "0xff00aa00deadcc22"' }).regex(/^0x[0-9a-fA-F]{1,16}$/, { error: 'expected a 64-bit pattern like "0xff00aa00deadcc22"' });

export const USER_OPS = {
  user_fill: op('user_fill', {
    size: posInt.max(4096 * 1024 * 1024, { error: 'expected a size of at most 4 GiB' }).optional(),
    mib: posInt.max(4096, { error: 'expected at most 4096 MiB' }).optional(),
    partial: z.literal(true, { error: 'expected true' }).optional(),
    pattern: pattern.optional(),
  }).superRefine((s, ctx) => exactlyOne(s, ['size', 'mib'], ctx)),
  user_check: op('user_check', { pattern: pattern.optional() }),
} as const;
