// Bytes that differ between the two runs at the same moment: the same target (a pointer name or an
// address) shown in both, compared offset by offset.
import type { HexAnswer } from '../../worker/protocol.ts';

/** Offsets whose byte differs, or that only one view holds; empty when either view shows nothing. */
export function differingBytes(a: HexAnswer | null, b: HexAnswer | null): Set<number> {
  const out = new Set<number>();
  if (!a || !b || a.error || b.error || a.len === 0 || b.len === 0) return out;
  const n = Math.max(a.len, b.len);
  for (let i = 0; i < n; i++) if (i >= a.len || i >= b.len || a.bytes[i] !== b.bytes[i]) out.add(i);
  return out;
}
