// The circular doubly linked list, include/linux/list.h 5.19 / 6.8: INIT_LIST_HEAD(), list_add(),
// list_add_tail(), list_del(), list_del_init(), list_move(), list_move_tail(), list_empty() and the
// list_for_each() walk, each load and store through simulated memory at kernel virtual addresses.
// With CONFIG_DEBUG_LIST the adds and deletes ask lib/list_debug.c first and are skipped when it
// refuses; without it a double add or a second list_del goes through and corrupts the ring.
import { eventKind, type EventKind } from '../../../engine/recorder.ts';
import { hex64 } from '../../kernel/kallsyms.ts';
import { __list_add_valid, __list_del_entry_valid } from '../../lib/list_debug.ts';
import { listPoison1, listPoison2 } from './poison.ts';
import { LIST_NEXT, LIST_PREV, loadPtr, storePtr, type ListCtx } from './types.ts';

export { LIST_HEAD_SIZE, LIST_NEXT, LIST_PREV, type ListCtx, type ListDeps } from './types.ts';

export const EV_LIST_INIT = eventKind('list.init');
export const EV_LIST_ADD = eventKind('list.add');
export const EV_LIST_DEL = eventKind('list.del');
export const EV_LIST_WALK = eventKind('list.walk');

/** Entries a walk may pass beyond every entry ever added before kernscope calls it endless. */
export const WALK_MARGIN = 16;

const inline = { fn: null };
const a = (v: bigint): string => `0x${hex64(v)}`;

function emit(ctx: ListCtx, kind: EventKind, fn: string, entry: bigint, head: bigint | null): void {
  ctx.sys.k.rec.emit(kind, 0, 0, { fn, entry: a(entry), ...(head !== null ? { head: a(head) } : {}), caller: ctx.caller.fn });
}

// INIT_LIST_HEAD(), include/linux/list.h 6.8: WRITE_ONCE(list->next, list); list->prev = list
export function INIT_LIST_HEAD(ctx: ListCtx, head: bigint, writer = 'INIT_LIST_HEAD'): void {
  storePtr(ctx, head + LIST_NEXT, head, writer, inline);
  storePtr(ctx, head + LIST_PREV, head, writer, inline);
}

// __list_add(), include/linux/list.h 6.8: false when CONFIG_DEBUG_LIST refused and nothing was written
function __list_add(ctx: ListCtx, entry: bigint, prev: bigint, next: bigint, writer: string): boolean {
  if (!__list_add_valid(ctx, entry, prev, next)) return false;
  const site = { fn: null, regs: { di: entry, si: prev, dx: next } };
  storePtr(ctx, next + LIST_PREV, entry, writer, site);
  storePtr(ctx, entry + LIST_NEXT, next, writer, site);
  storePtr(ctx, entry + LIST_PREV, prev, writer, site);
  storePtr(ctx, prev + LIST_NEXT, entry, writer, site);
  ctx.sys.lists.added++;
  return true;
}

// list_add(), include/linux/list.h 6.8: after head (a stack)
export function list_add(ctx: ListCtx, entry: bigint, head: bigint, writer = 'list_add'): boolean {
  emit(ctx, EV_LIST_ADD, writer, entry, head);
  return __list_add(ctx, entry, head, loadPtr(ctx, head + LIST_NEXT, inline), writer);
}

// list_add_tail(), include/linux/list.h 6.8: before head (a queue)
export function list_add_tail(ctx: ListCtx, entry: bigint, head: bigint, writer = 'list_add_tail'): boolean {
  emit(ctx, EV_LIST_ADD, writer, entry, head);
  return __list_add(ctx, entry, loadPtr(ctx, head + LIST_PREV, inline), head, writer);
}

// __list_del(), include/linux/list.h 6.8: next->prev = prev; WRITE_ONCE(prev->next, next)
function __list_del(ctx: ListCtx, entry: bigint, prev: bigint, next: bigint, writer: string): void {
  const site = { fn: null, regs: { di: entry, ax: prev, dx: next } };
  storePtr(ctx, next + LIST_PREV, prev, writer, site);
  storePtr(ctx, prev + LIST_NEXT, next, writer, site);
}

// __list_del_entry(), include/linux/list.h 6.8: false when CONFIG_DEBUG_LIST refused
function __list_del_entry(ctx: ListCtx, entry: bigint, writer: string): boolean {
  if (!__list_del_entry_valid(ctx, entry)) return false;
  const prev = loadPtr(ctx, entry + LIST_PREV, inline);
  const next = loadPtr(ctx, entry + LIST_NEXT, inline);
  __list_del(ctx, entry, prev, next, writer);
  return true;
}

// list_del(), include/linux/list.h 6.8: unlinks, then poisons the entry whether or not the check passed
export function list_del(ctx: ListCtx, entry: bigint, writer = 'list_del'): boolean {
  emit(ctx, EV_LIST_DEL, writer, entry, null);
  const ok = __list_del_entry(ctx, entry, writer);
  const k = ctx.sys.k;
  storePtr(ctx, entry + LIST_NEXT, listPoison1(k), writer, inline);
  storePtr(ctx, entry + LIST_PREV, listPoison2(k), writer, inline);
  return ok;
}

// list_del_init(), include/linux/list.h 6.8
export function list_del_init(ctx: ListCtx, entry: bigint, writer = 'list_del_init'): boolean {
  emit(ctx, EV_LIST_DEL, writer, entry, null);
  const ok = __list_del_entry(ctx, entry, writer);
  INIT_LIST_HEAD(ctx, entry, writer);
  return ok;
}

// list_move(), include/linux/list.h 6.8: __list_del_entry() then list_add(), whatever the first did
export function list_move(ctx: ListCtx, entry: bigint, head: bigint, writer = 'list_move'): boolean {
  emit(ctx, EV_LIST_DEL, writer, entry, head);
  const del = __list_del_entry(ctx, entry, writer);
  return list_add(ctx, entry, head, writer) && del;
}

// list_move_tail(), include/linux/list.h 6.8
export function list_move_tail(ctx: ListCtx, entry: bigint, head: bigint, writer = 'list_move_tail'): boolean {
  emit(ctx, EV_LIST_DEL, writer, entry, head);
  const del = __list_del_entry(ctx, entry, writer);
  return list_add_tail(ctx, entry, head, writer) && del;
}

// list_empty(), include/linux/list.h 6.8: READ_ONCE(head->next) == head
export function list_empty(ctx: ListCtx, head: bigint): boolean {
  return loadPtr(ctx, head + LIST_NEXT, inline) === head;
}

/** What a walk found: the entries in order, and why it stopped when it never got back to the head. */
export interface ListWalk {
  entries: bigint[];
  /** null: back at the head. 'cycle': an entry came round again without the head; 'bound': longer than anything ever added. */
  endless: null | { reason: 'cycle' | 'bound'; at: bigint };
}

// list_for_each(pos, head), include/linux/list.h 6.8: for (pos = head->next; pos != head; pos = pos->next).
// The kernel would spin for ever in a ring broken into a cycle without the head: kernscope stops there.
export function list_for_each(ctx: ListCtx, head: bigint): ListWalk {
  const sys = ctx.sys;
  emit(ctx, EV_LIST_WALK, 'list_for_each', head, head);
  const bound = sys.lists.added + WALK_MARGIN;
  const seen = new Set<bigint>();
  const entries: bigint[] = [];
  for (let pos = loadPtr(ctx, head + LIST_NEXT, inline); pos !== head; pos = loadPtr(ctx, pos + LIST_NEXT, { fn: null, regs: { ax: pos, di: head } })) {
    if (seen.has(pos) || entries.length >= bound) {
      const reason = seen.has(pos) ? 'cycle' : 'bound';
      const title = `kernscope: list walk from ${a(head)} in ${ctx.caller.fn} never gets back to the head (${reason === 'cycle' ? `${a(pos)} comes round again` : `more than ${bound} entries`})`;
      sys.k.rec.finding('list.endless_walk', title, { head: a(head), at: a(pos), reason, entries: entries.length, caller: ctx.caller.fn });
      return { entries, endless: { reason, at: pos } };
    }
    seen.add(pos);
    entries.push(pos);
  }
  return { entries, endless: null };
}

// list_for_each_entry(pos, head, member): the containers, each `offset` bytes before its list_head
export function list_for_each_entry(ctx: ListCtx, head: bigint, offset: number): bigint[] {
  return list_for_each(ctx, head).entries.map((e) => e - BigInt(offset));
}

/** Names a head for the list view (a model's global list, a scenario's head). */
export function registerListHead(ctx: ListCtx, name: string, head: bigint): void {
  ctx.sys.lists.register(name, head);
}
