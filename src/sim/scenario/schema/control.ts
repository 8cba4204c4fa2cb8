// Control ops: assertions, bookmarks (repeat is handled by the parser itself).
import { z } from 'zod';
import { FINDING_KINDS } from '../kinds.ts';
import { byte, byteArray, exactlyOne, hexBytes, nonNegInt, op, posInt, target } from './common.ts';

const countOrNone = (s: { count?: number | undefined; none?: true | undefined }, ctx: z.RefinementCtx): void => {
  if (s.none && s.count !== undefined) ctx.addIssue({ code: 'custom', message: 'expected either count or none, not both', path: [] });
};

export const CONTROL_OPS = {
  expect: op('expect', {
    finding: z.enum(FINDING_KINDS, { error: 'expected a finding kind of docs/scenario-format.md' }),
    count: nonNegInt.optional(),
    none: z.literal(true, { error: 'expected true' }).optional(),
  }).superRefine(countOrNone),
  expect_dmesg: op('expect_dmesg', {
    text: z.string({ error: 'expected the text to look for (string)' }).min(1, { error: 'expected a non-empty text' }),
    count: nonNegInt.optional(),
    none: z.literal(true, { error: 'expected true' }).optional(),
  }).superRefine(countOrNone),
  expect_stdout: op('expect_stdout', {
    text: z.string({ error: 'expected the text to look for (string)' }).min(1, { error: 'expected a non-empty text' }),
    count: nonNegInt.optional(),
    none: z.literal(true, { error: 'expected true' }).optional(),
  }).superRefine(countOrNone),
  expect_bytes: op('expect_bytes', {
    ...target,
    hex: hexBytes.optional(),
    bytes: byteArray.optional(),
    fill: byte.optional(),
    len: posInt.max(65536, { error: 'expected a length of at most 65536' }).optional(),
  }).superRefine((s, ctx) => {
    exactlyOne(s, ['hex', 'bytes', 'fill'], ctx);
    exactlyOne(s, ['ptr', 'addr'], ctx);
    if (s.fill !== undefined && s.len === undefined) ctx.addIssue({ code: 'custom', message: 'expected a length with fill, but it is missing', path: ['len'] });
    if (s.fill === undefined && s.len !== undefined) ctx.addIssue({ code: 'custom', message: 'len goes with fill only', path: ['len'] });
  }),
  mark: op('mark', { label: z.string({ error: 'expected a label (string)' }).min(1, { error: 'expected a non-empty label' }) }),
} as const;
