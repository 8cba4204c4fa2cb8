import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Session } from '../scenario/session.ts';
import { VIEWS } from './registry.ts';

const here = dirname(fileURLToPath(import.meta.url));

function open(name: string): Session {
  const r = Session.open(readFileSync(join(here, '../../../scenarios', `${name}.json`), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.session;
}

/** The byte at a virtual address at cursor `at`, read through the hex view. */
function byteAt(s: Session, addr: string, at: number): number {
  s.seek(at);
  return VIEWS.hexView.answer(s, { target: addr, len: 1 }, at).bytes[0]!;
}

function dmesgBefore(s: Session, at: number): string {
  return VIEWS.dmesg.answer(s, { from: 0, to: 1e9 }, at).map((l) => l.line).join('\n');
}

describe('finding landing', () => {
  it('lands before SLUB restores the red zone: the corrupt byte is still there, no FIX printed', () => {
    const s = open('slub-redzone-overwrite');
    const n = s.rec.findings.findIndex((f) => f.kind === 'slub.redzone_overwritten');
    const f = s.rec.findings[n]!;
    const l = VIEWS.findingLanding.answer(s, { finding: n }, s.total)!;
    expect(l.range).toEqual({ start: f.fields.start, end: f.fields.end });
    expect(l.fixupEvent).toBe(f.event);
    expect(l.cursor).toBe(f.event);
    const addr = String(f.fields.addr);
    expect(byteAt(s, addr, l.cursor)).toBe(0x12);
    expect(dmesgBefore(s, l.cursor)).not.toContain('FIX TestSlub_RZ_alloc');
    // one event later the report has restored it
    expect(byteAt(s, addr, l.cursor + 1)).toBe(0xcc);
    expect(dmesgBefore(s, l.cursor + 1)).toContain('FIX TestSlub_RZ_alloc: Restoring Right Redzone');
    // the cursor of the session is where it was
    expect(structuredClone(l)).toEqual(l);
  });

  it('lands just after a report that restores nothing', () => {
    const s = open('slub-double-free');
    const n = s.rec.findings.findIndex((f) => f.kind === 'slub.double_free');
    const l = VIEWS.findingLanding.answer(s, { finding: n }, 0)!;
    expect(l.fixupEvent).toBe(-1);
    expect(l.cursor).toBe(s.rec.findings[n]!.event + 1);
    expect(VIEWS.findingLanding.answer(s, { finding: 9999 }, 0)).toBeNull();
  });

  it('steps to the next and previous finding by their landings', () => {
    const s = open('slub-redzone-overwrite');
    const [a, b] = [0, 1].map((i) => VIEWS.findingLanding.answer(s, { finding: i }, 0)!);
    expect(a!.cursor).toBeLessThan(b!.cursor);
    expect(VIEWS.findingStep.answer(s, { dir: 1 }, 0)!.cursor).toBe(a!.cursor);
    expect(VIEWS.findingStep.answer(s, { dir: 1 }, a!.cursor)!.cursor).toBe(b!.cursor);
    expect(VIEWS.findingStep.answer(s, { dir: 1 }, b!.cursor)).toBeNull();
    expect(VIEWS.findingStep.answer(s, { dir: -1 }, b!.cursor)!.cursor).toBe(a!.cursor);
    expect(VIEWS.findingStep.answer(s, { dir: -1 }, a!.cursor)).toBeNull();
  });
});

describe('writes to a byte', () => {
  it('goes to the next and previous write of the red-zone byte, like a watchpoint', () => {
    const s = open('slub-redzone-overwrite');
    const f = s.rec.findings.find((x) => x.kind === 'slub.redzone_overwritten')!;
    const addr = String(f.fields.addr);
    s.seek(0);
    const first = VIEWS.byteWrite.answer(s, { addr, dir: 1 }, 0);
    // before the slab existed the byte was unmapped or untouched; its first write is the red zone fill
    expect(first).not.toBeNull();
    let at = first!.cursor;
    const seen: number[] = [byteAt(s, addr, at)];
    for (;;) {
      s.seek(at);
      const w = VIEWS.byteWrite.answer(s, { addr, dir: 1 }, at);
      if (!w) break;
      expect(w.cursor).toBeGreaterThan(at);
      at = w.cursor;
      seen.push(byteAt(s, addr, at));
    }
    // 0xcc red zone, the scenario's 0x12, SLUB's restore to 0xcc
    expect(seen.slice(-3)).toEqual([0xcc, 0x12, 0xcc]);
    s.seek(at);
    const back = VIEWS.byteWrite.answer(s, { addr, dir: -1 }, at)!;
    expect(byteAt(s, addr, back.cursor)).toBe(0x12);
    expect(back.writer).not.toMatch(/^FIX/);
    s.seek(0);
    expect(VIEWS.byteWrite.answer(s, { addr, dir: -1 }, 0)).toBeNull();
    expect(VIEWS.byteWrite.answer(s, { addr: 'nonsense', dir: 1 }, 0)).toBeNull();
  });
});

describe('step boundaries', () => {
  it('goes over a whole scenario step forward and back', () => {
    const s = open('slub-redzone-overwrite');
    const log = s.rec.log;
    const start = s.scenario.steps.findIndex((st) => st.op === 'write');
    let first = 0;
    while (log.stepAt(first) !== start) first++;
    let end = first;
    while (end < log.length && log.stepAt(end) === start) end++;
    expect(VIEWS.stepBoundary.answer(s, { dir: 1 }, first)).toBe(end);
    expect(VIEWS.stepBoundary.answer(s, { dir: -1 }, end)).toBe(first);
    expect(VIEWS.stepBoundary.answer(s, { dir: -1 }, 0)).toBe(0);
    expect(VIEWS.stepBoundary.answer(s, { dir: 1 }, s.total)).toBe(s.total);
    // from the middle of a step: back to its start
    if (end - first > 1) expect(VIEWS.stepBoundary.answer(s, { dir: -1 }, first + 1)).toBe(first);
  });
});
