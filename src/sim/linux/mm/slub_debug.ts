// The slub_debug= / slab_debug= command line: which debug flags a cache gets.
import {
  DEBUG_DEFAULT_FLAGS,
  SLAB_CONSISTENCY_CHECKS,
  SLAB_FAILSLAB,
  SLAB_NO_USER_FLAGS,
  SLAB_NOLEAKTRACE,
  SLAB_POISON,
  SLAB_RED_ZONE,
  SLAB_STORE_USER,
  SLAB_TRACE,
} from './slab.ts';

/** The globals setup_slub_debug() leaves behind. */
export interface SlubDebugSettings {
  /** slub_debug: flags for every cache not named in a cache list. */
  flags: number;
  /** slub_debug_string: the option text kept for per-cache matching, or null. */
  debugString: string | null;
  /** disable_higher_order_debug (the O flag). */
  disableHigherOrderDebug: boolean;
}

export interface SlubDebugBlock {
  flags: number;
  /** Index of the cache list in the string, or -1 when the block has none. */
  slabs: number;
  /** Index of the next block, or -1. */
  next: number;
  higherOrderDisable: boolean;
}

const at = (s: string, i: number): string => (i < s.length ? s[i]! : '\0');

// parse_slub_debug_flags(), mm/slub.c 6.8
export function parseSlubDebugFlags(str: string, start: number, init: boolean, unknown: (c: string) => void): SlubDebugBlock {
  let i = start;
  let higherOrderDisable = false;
  let flags = 0;
  // skip completely empty blocks
  while (at(str, i) === ';') i++;
  if (at(str, i) === ',') {
    // no options but a cache list: full debugging for those caches
    flags = DEBUG_DEFAULT_FLAGS;
  } else {
    for (; at(str, i) !== '\0' && at(str, i) !== ',' && at(str, i) !== ';'; i++) {
      switch (at(str, i).toLowerCase()) {
        case '-':
          flags = 0;
          break;
        case 'f':
          flags |= SLAB_CONSISTENCY_CHECKS;
          break;
        case 'z':
          flags |= SLAB_RED_ZONE;
          break;
        case 'p':
          flags |= SLAB_POISON;
          break;
        case 'u':
          flags |= SLAB_STORE_USER;
          break;
        case 't':
          flags |= SLAB_TRACE;
          break;
        case 'a':
          flags |= SLAB_FAILSLAB;
          break;
        case 'o':
          // avoid debugging caches whose minimum order it would raise
          higherOrderDisable = true;
          break;
        default:
          if (init) unknown(at(str, i));
      }
    }
  }
  let slabs = -1;
  if (at(str, i) === ',') slabs = ++i;
  while (at(str, i) !== '\0' && at(str, i) !== ';') i++;
  while (at(str, i) === ';') i++;
  return { flags, slabs, next: at(str, i) !== '\0' ? i : -1, higherOrderDisable };
}

/**
 * setup_slub_debug(), mm/slub.c 6.8. `value` is what follows "slub_debug=" (null for a bare
 * "slub_debug"); `initial` is slub_debug before parsing (DEBUG_DEFAULT_FLAGS with CONFIG_SLUB_DEBUG_ON).
 */
export function setupSlubDebug(value: string | null, initial: number, unknown: (c: string) => void): SlubDebugSettings {
  let globalFlags = DEBUG_DEFAULT_FLAGS;
  let disableHigherOrderDebug = false;
  let debugString: string | null = null;
  // "slub_debug" and "slub_debug=" alone switch on full debugging
  if (value !== null && value.length > 0) {
    let globalChanged = false;
    let listSpecified = false;
    let pos = 0;
    while (pos >= 0) {
      const b = parseSlubDebugFlags(value, pos, true, unknown);
      if (b.higherOrderDisable) disableHigherOrderDebug = true;
      if (b.slabs < 0) {
        globalFlags = b.flags;
        globalChanged = true;
      } else listSpecified = true;
      pos = b.next;
    }
    // a cache list alone leaves the global flags as they were
    if (listSpecified) {
      if (!globalChanged) globalFlags = initial;
      debugString = value;
    }
  }
  return { flags: globalFlags, debugString, disableHigherOrderDebug };
}

/** kmem_cache_flags(), mm/slub.c 6.8: the debug flags a cache of this name gets. */
export function kmemCacheFlags(flags: number, name: string, d: SlubDebugSettings): number {
  if ((flags & SLAB_NO_USER_FLAGS) !== 0) return flags;
  let local = d.flags;
  if ((flags & SLAB_NOLEAKTRACE) !== 0) local &= ~SLAB_STORE_USER;
  const str = d.debugString;
  if (str !== null) {
    const len = name.length;
    let next = 0;
    while (next >= 0) {
      const b = parseSlubDebugFlags(str, next, false, () => {});
      next = b.next;
      if (b.slabs < 0) continue;
      let iter = b.slabs;
      while (at(str, iter) !== '\0') {
        let end = str.indexOf(',', iter);
        if (end < 0) end = str.length;
        if (next >= 0 && next < end) end = next - 1;
        const glob = str.slice(iter, end).indexOf('*');
        const cmplen = glob >= 0 ? glob : Math.max(len, end - iter);
        // strncmp(name, iter, cmplen): both strings end in a NUL
        let eq = true;
        for (let j = 0; j < cmplen; j++) {
          const a = at(name, j);
          const c = at(str, iter + j);
          if (a !== c) {
            eq = false;
            break;
          }
          if (a === '\0') break;
        }
        if (eq) return flags | b.flags;
        if (at(str, end) === '\0' || at(str, end) === ';') break;
        iter = end + 1;
      }
    }
  }
  return flags | local;
}

/** setup_slub_debug(), mm/slub.c 2.6.25: one flag list and an optional cache-name prefix. */
export function setupSlubDebug2625(value: string | null, unknown: (c: string) => void): SlubDebugSettings {
  const d: SlubDebugSettings = { flags: DEBUG_DEFAULT_FLAGS, debugString: null, disableHigherOrderDebug: false };
  if (value === null || value.length === 0) return d;
  let i = 0;
  if (value[0] !== ',') {
    d.flags = 0;
    if (value[0] === '-') return d;
    for (; i < value.length && value[i] !== ','; i++) {
      switch (value[i]!.toLowerCase()) {
        case 'f':
          d.flags |= SLAB_CONSISTENCY_CHECKS;
          break;
        case 'z':
          d.flags |= SLAB_RED_ZONE;
          break;
        case 'p':
          d.flags |= SLAB_POISON;
          break;
        case 'u':
          d.flags |= SLAB_STORE_USER;
          break;
        case 't':
          d.flags |= SLAB_TRACE;
          break;
        default:
          unknown(value[i]!);
      }
    }
  }
  if (value[i] === ',') d.debugString = value.slice(i + 1);
  return d;
}

/** kmem_cache_flags(), mm/slub.c 2.6.25: the slab list is one name prefix. */
export function kmemCacheFlags2625(flags: number, name: string, d: SlubDebugSettings): number {
  if (d.flags !== 0 && (d.debugString === null || name.startsWith(d.debugString))) return flags | d.flags;
  return flags;
}
