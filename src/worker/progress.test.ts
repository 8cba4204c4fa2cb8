import { describe, expect, it } from 'vitest';
import { findingsDelta, wholeFindings } from './progress.ts';
import type { Finding, OpenProgress, RunInfo } from './protocol.ts';
import { SlicedOpener } from './slicer.ts';
import { KernscopeCore } from './core.ts';
import { tickingClock } from './testing.ts';

/** A red zone overwritten `times` times: a finding at each kfree(). */
function overwrites(times: number): string {
  const steps = [{ op: 'kmalloc', size: 32, as: 'q' }, { op: 'write', ptr: 'q', offset: 32, hex: 'aa' }, { op: 'kfree', ptr: 'q' }];
  return JSON.stringify({ format: 'kernscope/1', name: 'overwrites', config: { cmdline: 'slub_debug=FZPU' }, steps: [{ op: 'repeat', times, steps }] });
}

const finding = (event: number) => ({ event, kind: 'slub.redzone_overwritten', title: `f${event}` }) as unknown as Finding;
const progress = (n: number): OpenProgress => ({ events: n, step: 0, steps: 1, partial: { run: 1, info: { total: n, findings: Array.from({ length: n }, (_, i) => finding(i)) } as unknown as RunInfo } });

describe('progress findings as deltas', () => {
  it('sends each finding once and gives the page the whole list each time', () => {
    const crossed: OpenProgress[] = [];
    const heard: OpenProgress[] = [];
    const page = wholeFindings((p) => heard.push(p));
    const worker = findingsDelta((p) => {
      const c = structuredClone(p);
      crossed.push(c);
      page(c);
    });
    for (const n of [0, 2, 2, 5]) worker(progress(n));
    worker({ events: 9, step: 1, steps: 1 });
    expect(crossed.map((p) => p.partial?.info.findings.map((f) => f.event))).toEqual([[], [0, 1], [], [2, 3, 4], undefined]);
    expect(crossed.map((p) => p.partial?.findingsFrom)).toEqual([0, 0, 2, 2, undefined]);
    expect(heard.map((p) => p.partial?.info.findings.length)).toEqual([0, 2, 2, 5, undefined]);
    expect(heard[3]!.partial).toEqual(progress(5).partial);
    // each progress has a list of its own: a later one does not change what an earlier one showed
    expect(heard[1]!.partial!.info.findings).not.toBe(heard[2]!.partial!.info.findings);
  });

  it('a run recorded in slices: each progress shows the findings of the events recorded so far', async () => {
    const core = new KernscopeCore();
    const opener = new SlicedOpener(core, tickingClock(), 2, 0);
    const heard: OpenProgress[] = [];
    const page = wholeFindings((q) => heard.push(q));
    const r = await opener.open(overwrites(30), {}, 1, findingsDelta((p) => page(structuredClone(p))));
    if (!r.ok) throw new Error('the run did not open');
    const withFindings = heard.filter((p) => (p.partial?.info.findings.length ?? 0) > 0);
    expect(withFindings.length).toBeGreaterThan(1);
    for (const p of heard) {
      const info = p.partial!.info;
      expect(info.findings).toEqual(r.info.findings.filter((f) => f.event < info.total));
    }
  });
});
