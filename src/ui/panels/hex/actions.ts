// What the hex view's controls do.
import type { Controller } from '../../controller/controller.ts';

const LEN_MIN = 16;
const LEN_MAX = 4096;

export function setHexTarget(c: Controller, target: string, len?: number): void {
  const t = target.trim();
  const hexLen = len === undefined ? c.panel('hex').len : Math.max(LEN_MIN, Math.min(LEN_MAX, Math.floor(len)));
  c.patchPanel('hex', { target: t, len: hexLen, pinned: null, range: null, hover: null, auto: false, ...(t === '' ? { answer: null } : {}) });
}

export function hoverByte(c: Controller, i: number | null): void {
  if (c.panel('hex').hover !== i) c.patchPanel('hex', { hover: i });
}

/** Keeps the inspector on a byte; the same byte again lets it go. */
export function pinByte(c: Controller, i: number | null): void {
  c.patchPanel('hex', { pinned: c.panel('hex').pinned === i ? null : i });
}
