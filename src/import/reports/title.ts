// syzbot-style titles: "<what> in <function>", the function being the frame a maintainer blames.
import { blameFrame, titleName } from '../trace/blame.ts';
import type { Frame } from '../types.ts';

export interface Titled {
  title: string;
  blame?: Frame;
}

/** `<what> in <fn>` from the first frame of `candidates` that survives the skip rules; `<what>` alone if none does. */
export function titleIn(what: string, candidates: readonly Frame[], extra: readonly RegExp[] = []): Titled {
  const b = blameFrame(candidates, extra);
  return b === undefined ? { title: what } : { title: `${what} in ${titleName(b.fn)}`, blame: b };
}

/** Replaces addresses and numbers that differ between runs of the same bug. */
export function stableText(s: string): string {
  return s
    .replace(/\b(?:0x)?[0-9a-f]{8,16}\b/g, 'ADDR')
    .replace(/\b\d+\b/g, 'NUM')
    .trim();
}
