// Where the hex view goes by itself, and the slice change that shows a chosen byte.
import type { Moment, RunInfo } from '../../../worker/protocol.ts';
import { findingFocus, type HexFocus } from '../../findingTarget.ts';
import type { HexSlice } from './slice.ts';

/** What to show when the user has not chosen: the latest finding's object, else a pointer. */
export function autoHexFocus(info: RunInfo, m: Moment, len: number): HexFocus | null {
  for (let i = info.findings.length - 1; i >= 0; i--) {
    const f = info.findings[i]!;
    const focus = f.event < m.cursor ? findingFocus(f, len) : null;
    if (focus) return focus;
  }
  const p = m.pointers[0];
  return p ? { target: p.name, pin: null, len } : null;
}

/** The hex view on a focus (a finding's object, a frame's byte); the user's choice from now on. */
export function focusPatch(f: HexFocus): Partial<HexSlice> {
  return { target: f.target, len: f.len, pinned: f.pin, range: null, hover: null, auto: false };
}
