// expect, expect_dmesg, expect_bytes, mark. Expectations read the recorded outputs;
// replays skip the counting, since expectations never change state.
import { eventKind } from '../../engine/recorder.ts';
import { hex } from '../../linux/arch/x86/include/asm/pgtable_64_types.ts';
import type { ScenarioRunner } from '../runner.ts';
import { parseHexBytes } from '../schema/common.ts';
import { hexString } from './memory.ts';
import type { OpsOf } from '../../machine/modules.ts';
import type { CONTROL_OPS } from '../schema/control.ts';

export const EV_MARK = eventKind('mark');
export const EV_EXPECT = eventKind('expect');

export function settle(r: ScenarioRunner, pass: boolean, found: number, message: string): void {
  const ev = r.rec.emit(EV_EXPECT, pass ? 1 : 0, found, { pass, message });
  if (!r.rec.replaying) r.expectations.push({ step: r.rec.ctx.step, event: ev, pass, message });
}

/** A count/none/at-least-one assertion over `found` matches of `what`. */
function judge(r: ScenarioRunner, what: string, found: number, count: number | undefined, none: true | undefined): void {
  if (none) settle(r, found === 0, found, `expected no ${what}, found ${found}`);
  else if (count !== undefined) settle(r, found === count, found, `expected ${count} × ${what}, found ${found}`);
  else settle(r, found > 0, found, `expected at least one ${what}, found ${found}`);
}

const short = (b: ArrayLike<number>): string => (b.length > 24 ? `${hexString(Array.from(b).slice(0, 24))} ...` : hexString(b));

export const controlOps: OpsOf<typeof CONTROL_OPS> = {
  mark(r, step) {
    r.rec.emit(EV_MARK, 0, 0, { label: step.label });
  },
  expect(r, step) {
    const found = r.rec.replaying ? 0 : r.rec.findings.filter((f) => f.kind === step.finding).length;
    judge(r, `${step.finding} finding`, found, step.count, step.none);
  },
  expect_dmesg(r, step) {
    const found = r.rec.replaying ? 0 : r.rec.dmesg.filter((l) => l.stdout === undefined && l.text.includes(step.text)).length;
    judge(r, `dmesg line containing ${JSON.stringify(step.text)}`, found, step.count, step.none);
  },
  expect_stdout(r, step) {
    const found = r.rec.replaying ? 0 : r.rec.dmesg.filter((l) => l.stdout !== undefined && l.text.includes(step.text)).length;
    judge(r, `line of user-space output containing ${JSON.stringify(step.text)}`, found, step.count, step.none);
  },
  expect_bytes(r, step, path) {
    const k = r.kernel;
    const t = r.target(step, path);
    const want = step.hex ? parseHexBytes(step.hex) : step.bytes ? step.bytes : new Array<number>(step.len!).fill(step.fill!);
    const got = new Uint8Array(want.length);
    const mapped = t.phys !== null && t.phys + want.length <= k.ramBytes;
    if (mapped) k.mem.read(t.phys!, got);
    const bad = want.findIndex((b, i) => got[i] !== b);
    const where = `${want.length} bytes at ${hex(t.va)}`;
    if (!mapped) settle(r, false, 0, `${where}: not in the direct map`);
    else if (bad < 0) settle(r, true, 0, `${where} are ${short(want)}`);
    else settle(r, false, 0, `${where}: expected ${short(want)}, found ${short(got)} (first difference at +${bad})`);
  },
};
