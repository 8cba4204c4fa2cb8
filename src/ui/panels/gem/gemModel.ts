// What the GEM view shows, as plain functions: whether a run has a GPU with GEM shmem objects, how an
// object's state reads, a ring's nodes as the arrows between them, and the lane's ticks.
import type { RunInfo } from '../../../worker/protocol.ts';
import type { GemList, GemObjectRow, ShrinkerScanRow } from './slice.ts';

export function hasGemShmemGpu(info: RunInfo): boolean {
  return info.config.gpu === 'Mali-T860' || info.config.gpu === 'virtio-gpu';
}

const MADV: Readonly<Record<number, string>> = { 0: 'WILLNEED', 1: 'DONTNEED', [-1]: 'purged' };

export function madvText(o: GemObjectRow): string {
  if (o.madv === null) return '—';
  return MADV[o.madv] ?? String(o.madv);
}

export function residencyText(o: GemObjectRow): string {
  if (o.state === 'freed') return 'freed';
  const parts = [`${o.resident}/${o.pages} resident`];
  if (o.cached > 0) parts.push(`${o.cached} in page cache`);
  if (o.swapped > 0) parts.push(o.slots ? `${o.swapped} swapped (slots ${o.slots})` : `${o.swapped} swapped`);
  if (o.evicted) parts.push('evicted');
  return parts.join(', ');
}

/** Tick heights on a lane: scans tallest, what they did to objects in between, reclaims shortest. */
export function tickHeight(kind: ShrinkerScanRow['kind'], full: number): number {
  return kind === 'scan' ? full : kind === 'reclaim' ? Math.max(2, full - 6) : Math.max(3, full - 3);
}

export interface RingStep {
  /** What the node is: an object's name, "head", or the address. */
  label: string;
  addr: string;
  /** The arrow after it is wrong: next->prev does not point back, or the walk stops there. */
  bad: boolean;
  why: string | null;
}

// the ring as the walk met it, head first, then each node; the break is marked on the last node reached
export function ringSteps(l: GemList): RingStep[] {
  const steps: RingStep[] = [{ label: l.name, addr: l.addr, bad: false, why: null }];
  l.nodes.forEach((n, i) => {
    const last = l.broken !== null && i === l.nodes.length - 1;
    steps.push({ label: n.object ?? n.addr, addr: n.addr, bad: !n.consistent || last, why: last ? l.broken!.why : !n.consistent ? `${n.next}->prev does not point back here` : null });
  });
  return steps;
}

/** Position of each scan on a lane of `width` pixels over a run of `total` events. */
export function laneTicks(scans: readonly ShrinkerScanRow[], total: number, width: number): { x: number; scan: ShrinkerScanRow }[] {
  if (total <= 0) return [];
  return scans.map((scan) => ({ x: Math.round((scan.event / total) * (width - 1)), scan }));
}
