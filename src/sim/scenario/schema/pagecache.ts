// Page cache ops (docs/scenario-format.md, "Page cache").
import { z } from 'zod';
import { name, op } from './common.ts';

const path = z.string({ error: 'expected an absolute path like "/usr/src/linux/Makefile"' }).regex(/^\/[^\0]{0,4095}$/, { error: 'expected an absolute path like "/usr/src/linux/Makefile"' });
const text = z.string({ error: 'expected the file\'s text' }).max(262144, { error: 'expected at most 262144 characters of text' }).refine((t) => /^[\x00-\xff]*$/.test(t), { error: 'expected characters U+0000..U+00FF only (one byte each)' });

export const PAGECACHE_OPS = {
  read_file: op('read_file', {
    path,
    text: text.optional(),
    as: name.optional(),
    offset: z.number({ error: 'expected a byte offset' }).int({ error: 'expected a byte offset' }).nonnegative({ error: 'expected a byte offset' }).optional(),
  }).superRefine((s, ctx) => {
    if (s.offset !== undefined && s.as === undefined) ctx.addIssue({ code: 'custom', message: 'offset goes with as', path: ['offset'] });
  }),
  drop_caches: op('drop_caches', {}),
} as const;
