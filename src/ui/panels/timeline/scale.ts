// The timeline's event → pixel map. d3-scale's scaleLinear would bring its interpolators, colors
// and number formats into the first page's chunk for what is one affine map and its inverse.

export interface LinearScale {
  (v: number): number;
  invert(px: number): number;
  range(): readonly [number, number];
  /** The same map, its outputs (and inverse inputs) held inside the range. */
  clamp(on: boolean): LinearScale;
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number], clamped = false): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const lo = Math.min(r0, r1);
  const hi = Math.max(r0, r1);
  const hold = (px: number) => (clamped ? Math.min(hi, Math.max(lo, px)) : px);
  const s = ((v: number) => hold(r0 + (v - d0) * k)) as LinearScale;
  s.invert = (px: number) => (k === 0 ? d0 : d0 + (hold(px) - r0) / k);
  s.range = () => [r0, r1];
  s.clamp = (on: boolean) => linearScale(domain, range, on);
  return s;
}
