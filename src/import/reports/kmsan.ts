// KMSAN reports, mm/kmsan/report.c kmsan_report(): "BUG: KMSAN: uninit-value in <fn>" (or
// kernel-infoleak, kernel-usb-infoleak), the stack right after it, then the origin chain
// ("Uninit was stored to memory at:", "Uninit was created at:", "Local variable x created at:")
// and "Bytes 0-3 of 4 are uninitialized".
import type { FindingKind } from '../../sim/scenario/kinds.ts';
import { findSymbol } from '../trace/frame.ts';
import type { FieldValue, ImportedFinding } from '../types.ts';
import type { Report } from './common.ts';
import { makeFinding, traces, truncatedUnless } from './common.ts';
import { titleIn } from './title.ts';

function kmsanKind(bug: string): FindingKind {
  if (bug === 'uninit-value') return 'kmsan.uninit_value';
  if (/infoleak/.test(bug)) return 'kmsan.infoleak';
  return 'kmsan.report';
}

export function parseKmsan(r: Report): ImportedFinding {
  const t = r.t;
  const hi = Math.max(0, t.findIndex((s) => s.startsWith('BUG: KMSAN: ')));
  const header = t[hi]!;
  const m = /^BUG: KMSAN: ([a-z-]+)(?: in (\S+))?/.exec(header);
  const bug = m?.[1] ?? 'unknown';
  const fields: Record<string, FieldValue> = { bug };
  for (const s of t) {
    const b = /^Bytes (\d+)-(\d+) of (\d+) are uninitialized/.exec(s);
    if (b !== null) fields.uninit_bytes = [Number(b[1]), Number(b[2]), Number(b[3])];
    const a = /^Memory access of size (\d+) starts at ([0-9a-f]+)/.exec(s);
    if (a !== null) Object.assign(fields, { size: Number(a[1]), address: `0x${a[2]!}` });
    const v = /^Local variable (\S+) created at:/.exec(s);
    if (v !== null) fields.variable = v[1]!;
  }
  const all = traces(r, hi + 1);
  const first = all[0]?.frames ?? [];
  const hf = m?.[2] !== undefined ? findSymbol(m[2]) ?? { fn: m[2] } : null;
  const skip = bug === 'kernel-usb-infoleak'
    ? [/alloc_skb/, /usb_submit_urb/, /usb_start_wait_urb/, /usb_bulk_msg/, /usb_interrupt_msg/, /usb_control_msg/]
    : [/alloc_skb/, /netlink_ack/, /netlink_rcv_skb/, /_encrypt$/, /^(?:crypto|cipher|drbg|rng)_/];
  const ti = titleIn(`KMSAN: ${bug}`, hf !== null ? [hf, ...first] : first, skip);
  const f = makeFinding(r, kmsanKind(bug), ti.title, header, first, all, fields, ti.blame);
  truncatedUnless(f, first.length > 0);
  return f;
}
