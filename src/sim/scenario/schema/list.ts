// Kernel list ops (include/linux/list.h on simulated memory, lib/list_debug.c): heads bound by
// name, entries that are fields of allocated objects (ptr + offset).
import { name, nonNegInt, op } from './common.ts';

/** An entry: the struct list_head at `offset` in the object `ptr` points to. */
const entry = { ptr: name, offset: nonNegInt.optional() };
const head = { head: name };

export const LIST_OPS = {
  list_head_init: op('list_head_init', { as: name, ptr: name.optional(), offset: nonNegInt.optional() }).superRefine((s, ctx) => {
    if (s.offset !== undefined && s.ptr === undefined) ctx.addIssue({ code: 'custom', message: 'offset needs a ptr (without one the head gets its own allocation)', path: ['offset'] });
  }),
  list_add: op('list_add', { ...entry, ...head }),
  list_add_tail: op('list_add_tail', { ...entry, ...head }),
  list_del: op('list_del', entry),
  list_del_init: op('list_del_init', entry),
  list_move: op('list_move', { ...entry, ...head }),
  list_move_tail: op('list_move_tail', { ...entry, ...head }),
  list_walk: op('list_walk', { ...head, count: nonNegInt.optional() }),
} as const;

/** Ops whose `head` must name a head bound by an earlier list_head_init. */
export const LIST_HEAD_OPS: readonly string[] = ['list_add', 'list_add_tail', 'list_move', 'list_move_tail', 'list_walk'];
