// Where the List view draws a ring: nodes on a circle clockwise from the head at the top, next
// arrows bowed outward, prev arrows inward, and the arrow that breaks the ring to where it points
// (a node again for a cycle, a marker outside the ring for poison, NULL or nothing mapped).
import type { ListRingView } from '../../../worker/protocol.ts';

export const NODE_W = 132;
export const NODE_H = 46;

export interface RingNode {
  i: number;
  x: number;
  y: number;
}

export interface RingArrow {
  from: number;
  /** A node index, or -1 for the break marker. */
  to: number;
  kind: 'next' | 'prev';
  /** The arrow that breaks the ring (next into a cycle, poison, NULL, nothing). */
  broken: boolean;
  /** next->prev does not come back (drawn dashed red). */
  mismatch: boolean;
  d: string;
}

export interface RingLayout {
  width: number;
  height: number;
  nodes: RingNode[];
  arrows: RingArrow[];
  /** Where the break's target is drawn when it is not a node. */
  marker: { x: number; y: number; label: string } | null;
}

/** A quadratic curve from a to b bowed by `bow` (positive: to the left of a->b). */
function curve(ax: number, ay: number, bx: number, by: number, bow: number): string {
  const mx = (ax + bx) / 2;
  const my = (ay + by) / 2;
  const dx = bx - ax;
  const dy = by - ay;
  const len = Math.hypot(dx, dy) || 1;
  const cx = mx - (dy / len) * bow;
  const cy = my + (dx / len) * bow;
  return `M${ax.toFixed(1)},${ay.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${bx.toFixed(1)},${by.toFixed(1)}`;
}

/** The point where the segment from the centre of a box towards (tx, ty) leaves the box. */
function edge(x: number, y: number, tx: number, ty: number, pad = 4): [number, number] {
  const dx = tx - x;
  const dy = ty - y;
  const sx = dx === 0 ? Infinity : (NODE_W / 2 + pad) / Math.abs(dx);
  const sy = dy === 0 ? Infinity : (NODE_H / 2 + pad) / Math.abs(dy);
  const s = Math.min(sx, sy, 1);
  return [x + dx * s, y + dy * s];
}

/** A loop on the outer side of a node pointing to itself. */
function selfLoop(n: RingNode, cx: number, cy: number): string {
  const ang = Math.atan2(n.y - cy, n.x - cx);
  const ox = Math.cos(ang);
  const oy = Math.sin(ang);
  const [ax, ay] = [n.x + ox * (NODE_W / 2) - oy * 10, n.y + oy * (NODE_H / 2) + ox * 10];
  const [bx, by] = [n.x + ox * (NODE_W / 2) + oy * 10, n.y + oy * (NODE_H / 2) - ox * 10];
  const far = 70;
  return `M${ax.toFixed(1)},${ay.toFixed(1)} C${(ax + ox * far - oy * 30).toFixed(1)},${(ay + oy * far + ox * 30).toFixed(1)} ${(bx + ox * far + oy * 30).toFixed(1)},${(by + oy * far - ox * 30).toFixed(1)} ${bx.toFixed(1)},${by.toFixed(1)}`;
}

export function ringLayout(ring: ListRingView): RingLayout {
  const n = ring.nodes.length;
  const r = n <= 1 ? 0 : Math.max(n <= 3 ? 118 : 130, (n * (NODE_W + 30)) / (2 * Math.PI));
  // room for a self-loop or a break marker outside the ring
  const margin = 70;
  const width = 2 * r + NODE_W + 2 * margin;
  const height = 2 * r + NODE_H + 2 * margin;
  const cx = width / 2;
  const cy = height / 2;
  const nodes: RingNode[] = ring.nodes.map((_, i) => {
    const t = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, n);
    return { i, x: cx + r * Math.cos(t), y: cy + r * Math.sin(t) };
  });
  const arrows: RingArrow[] = [];
  const brk = ring.break;
  const link = (from: number, to: number, kind: 'next' | 'prev', broken: boolean, mismatch: boolean): void => {
    const a = nodes[from]!;
    const b = nodes[to]!;
    if (from === to) {
      arrows.push({ from, to, kind, broken, mismatch, d: selfLoop(a, cx, cy) });
      return;
    }
    const [ax, ay] = edge(a.x, a.y, b.x, b.y);
    const [bx, by] = edge(b.x, b.y, a.x, a.y);
    // the same bow on the reversed direction: next arrows (clockwise) outside, prev arrows inside
    const bow = -Math.min(40, Math.hypot(bx - ax, by - ay) / 4);
    arrows.push({ from, to, kind, broken, mismatch, d: curve(ax, ay, bx, by, n === 2 ? bow * 1.5 : bow) });
  };
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    if (last && !ring.complete) continue;
    const to = last ? 0 : i + 1;
    link(i, to, 'next', false, !ring.nodes[i]!.backOk);
    // prev of the node it points to, drawn back when it does point back
    if (ring.nodes[i]!.backOk && n > 1) link(to, i, 'prev', false, false);
  }
  let marker: RingLayout['marker'] = null;
  if (brk) {
    const a = nodes[brk.from]!;
    if (brk.kind === 'cycle' && brk.to !== null) link(brk.from, brk.to, 'next', true, false);
    else {
      const ang = n <= 1 ? 0 : Math.atan2(a.y - cy, a.x - cx);
      const mx = a.x + Math.cos(ang) * (n <= 1 ? 120 : 95);
      const my = a.y + Math.sin(ang) * 75;
      marker = { x: mx, y: my, label: brk.kind === 'poison' ? (brk.target.endsWith('100') ? 'LIST_POISON1' : 'LIST_POISON2') : brk.kind === 'null' ? 'NULL' : brk.kind === 'bound' ? '…' : 'unmapped' };
      const [ax, ay] = edge(a.x, a.y, mx, my);
      arrows.push({ from: brk.from, to: -1, kind: 'next', broken: true, mismatch: false, d: curve(ax, ay, mx, my, 0) });
    }
  }
  return { width, height, nodes, arrows, marker };
}
