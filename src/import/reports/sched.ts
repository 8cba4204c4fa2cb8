// Atomic-context checks of the scheduler: __might_resched() (kernel/sched/core.c, "BUG: sleeping
// function called from invalid context at file:line" with in_atomic()/preempt_count/RCU nest
// depth), __schedule_bug() ("BUG: scheduling while atomic: comm/pid/0x%08x") and
// check_preemption_disabled() (lib/smp_processor_id.c, "BUG: using smp_processor_id() in
// preemptible [%08x] code: comm/pid"). The blamed frame is the caller of whatever may sleep.
import { SLEEPERS } from '../trace/blame.ts';
import { findSymbol } from '../trace/frame.ts';
import type { FieldValue, ImportedFinding } from '../types.ts';
import type { Report } from './common.ts';
import { callTrace, firstMatch, makeFinding, traces, truncatedUnless } from './common.ts';
import { titleIn, type Titled } from './title.ts';

export function parseSched(r: Report): ImportedFinding {
  const t = r.t;
  const hi = Math.max(0, t.findIndex((s) => s.startsWith('BUG: ')));
  const header = t[hi]!;
  const all = traces(r, hi + 1);
  const ct = callTrace(all);
  const fields: Record<string, FieldValue> = {};
  let kind: ImportedFinding['kind'];
  let ti: Titled;
  if (header.startsWith('BUG: sleeping function')) {
    kind = 'sched.sleep_in_atomic';
    const at = /at (\S+:\d+)/.exec(header);
    if (at !== null) fields.at = at[1]!;
    for (const s of t) {
      const a = /in_atomic\(\): (\d+), irqs_disabled\(\): (\d+)(?:, non_block: (\d+))?, pid: (\d+), name: (\S+)/.exec(s);
      if (a !== null) Object.assign(fields, { in_atomic: Number(a[1]), irqs_disabled: Number(a[2]), pid: Number(a[4]), comm: a[5]!, ...(a[3] !== undefined ? { non_block: Number(a[3]) } : {}) });
      const p = /^preempt_count: ([0-9a-f]+), expected: (\d+)/.exec(s);
      if (p !== null) fields.preempt_count = `0x${p[1]!}`;
      const n = /^RCU nest depth: (-?\d+), expected: (-?\d+)/.exec(s);
      if (n !== null) fields.rcu_nest_depth = Number(n[1]);
    }
    const pd = t.findIndex((s) => s.startsWith('Preemption disabled at:'));
    if (pd >= 0) {
      const f = findSymbol(t[pd]!) ?? findSymbol(t[pd + 1] ?? '');
      if (f !== null) fields.preemption_disabled_at = f.fn;
    }
    ti = titleIn('BUG: sleeping function called from invalid context', ct, SLEEPERS);
  } else if (header.startsWith('BUG: scheduling while atomic')) {
    kind = 'sched.scheduling_while_atomic';
    const m = /scheduling while atomic: (.+)\/(\d+)\/0x([0-9a-f]+)/.exec(header);
    if (m !== null) Object.assign(fields, { comm: m[1]!, pid: Number(m[2]), preempt_count: `0x${m[3]!}` });
    ti = titleIn('BUG: scheduling while atomic', ct, SLEEPERS);
  } else {
    kind = 'sched.preemptible_access';
    const m = /BUG: using ([\w_]+)\(\) in preemptible \[([0-9a-f]+)\] code: (.+)\/(\d+)/.exec(header);
    if (m !== null) Object.assign(fields, { accessor: m[1]!, preempt_count: `0x${m[2]!}`, comm: m[3]!, pid: Number(m[4]) });
    const caller = firstMatch(t, /caller is (\S+)/)?.[1];
    if (caller !== undefined) fields.caller = caller;
    ti = titleIn(`BUG: using ${m?.[1] ?? 'smp_processor_id'}() in preemptible code`, ct, [/preemption/, /preempt/, /debug_/, /processor_id/, /this_cpu/]);
  }
  const f = makeFinding(r, kind, ti.title, header, ct, all, fields, ti.blame);
  truncatedUnless(f, ct.length > 0);
  return f;
}
