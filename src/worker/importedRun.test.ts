import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importText } from '../import/importer.ts';
import { KernscopeCore } from './core.ts';
import { importedRun } from './importedRun.ts';

const fixture = (name: string) => readFileSync(new URL(`../../e2e/fixtures/import/${name}`, import.meta.url), 'utf8');
const corpus = (name: string) => readFileSync(new URL(`../import/corpus/${name}`, import.meta.url), 'utf8');
const imported = (text: string, file: string) => importText(text, { file, maxLogLines: 10000 });

describe('an imported log as a run', () => {
  it('lays dmesg lines with their printk times and the finding at its report', () => {
    const r = importedRun(imported(fixture('seed002-oops.txt'), 'oops.txt'));
    expect(r.rec.dmesg[0]!.text).toBe('BUG: unable to handle kernel paging request at ffffffffffffffff');
    expect(r.rec.dmesg[0]!.ns).toBe(12844066757000);
    expect(r.info.imported?.timed).toBe(true);
    expect(r.rec.findings).toHaveLength(1);
    const f = r.rec.findings[0]!;
    expect(r.rec.dmesg.find((l) => l.event === f.event)?.text).toContain('BUG: unable to handle kernel paging request');
    expect(r.info.lockClasses).toBe(0);
    // the mail around the oops is not the kernel's log
    expect(r.rec.dmesg.some((l) => l.text.startsWith('From: '))).toBe(false);
    expect(r.info.imported?.untimed).toBeGreaterThan(0);
  });

  it('puts a finding whose first line was not kept at the last event read before it', () => {
    const before = Array.from({ length: 5 }, (_, i) => `[12844.00000${i}] usb 1-1: line ${i}`).join('\n');
    const r = importedRun(importText(`${before}\n${fixture('seed002-oops.txt')}`, { file: 'capped.txt', maxLogLines: 3 }));
    expect(r.rec.dmesg).toHaveLength(3);
    expect(r.rec.findings[0]!.event).toBe(2);
  });

  it('turns function_graph lines into entry and exit events the function_graph views read', () => {
    const core = new KernscopeCore();
    const res = core.openLog(imported(fixture('funcgraph.txt'), 'nanosleep.txt'));
    const trace = core.view(res.run, 'functionTrace', { range: 'run' }, res.info.total);
    expect(trace.lines.map((l) => l.text)).toContain(' 0)   0.198 us    |          _raw_spin_lock_irqsave();');
    expect(trace.profile[0]!.fn).toBe('hrtimer_start_range_ns');
    expect(trace.stack).toEqual(['do_nanosleep', 'schedule', '__schedule']);
    expect(core.view(res.run, 'tracedFunctions', {}, 0)).toContain('ktime_get');
    // untimed calls are laid out by their durations: the run spans do_nanosleep's own time
    expect(res.info.endNs).toBeGreaterThan(0);
    const lanes = core.view(res.run, 'timelineLanes', { buckets: 10 }, 0);
    expect(lanes.lanes.map((l) => l.id)).toContain('cpu:0');
  });

  it('keeps a trace-cmd report on the trace seconds and its tasks as lanes', () => {
    const core = new KernscopeCore();
    const res = core.openLog(imported(corpus('ftrace/trace-cmd-gether.txt'), 'gether.txt'));
    const first = core.view(res.run, 'moment', {}, 1);
    expect(first.stamp).toBe('[  514.575337]');
    const lanes = core.view(res.run, 'timelineLanes', { buckets: 4 }, 0);
    expect(lanes.lanes.map((l) => l.label)).toContain('irq/68-dwc3-946');
  });

  it('answers views of a machine with an error naming the imported log', () => {
    const core = new KernscopeCore();
    const res = core.openLog(imported(fixture('seed002-oops.txt'), 'oops.txt'));
    expect(() => core.view(res.run, 'hexView', { target: '0x0', len: 16 }, 0)).toThrow(/oops.txt is an imported log/);
    expect(core.view(res.run, 'dmesg', { from: 0, to: 2 }, res.info.total)[0]!.line).toBe('[12844.066757] BUG: unable to handle kernel paging request at ffffffffffffffff');
  });

  it('compares two imported traces with the diff of simulated runs', () => {
    const core = new KernscopeCore();
    const a = core.openLog(imported(fixture('funcgraph.txt'), 'nanosleep.txt'));
    const b = core.openLog(imported(corpus('ftrace/funcgraph-xfs-dir-open.txt'), 'xfs.txt'));
    const c = core.compare(a.run, b.run);
    expect(c.profile?.onlyA).toContain('hrtimer_start_range_ns');
    expect(c.profile?.onlyB).toContain('xfs_file_open');
    expect(c.profile?.divergence?.index).toBe(0);
  });

  it('compares trace_stat tables when neither log has function_graph lines', () => {
    const core = new KernscopeCore();
    const a = core.openLog(imported(fixture('trace-stat.txt'), 'a.txt'));
    const b = core.openLog(imported(fixture('trace-stat.txt').replace('tcp_poll                            966848', 'tcp_poll                            966850'), 'b.txt'));
    const c = core.compare(a.run, b.run);
    expect(c.profile?.rows.find((r) => r.fn === 'tcp_poll')?.dHits).toBe(2);
    expect(core.view(a.run, 'functionTrace', { range: 'run' }, a.info.total).profile[0]!.fn).toBe('tcp_sendmsg');
  });

  it('compares an imported log with a simulated run by dmesg and findings', () => {
    const core = new KernscopeCore();
    const a = core.openLog(imported(fixture('seed002-oops.txt'), 'oops.txt'));
    const text = readFileSync(new URL('../../scenarios/slub-double-free.json', import.meta.url), 'utf8');
    const b = core.open(text);
    if (!b.ok) throw new Error('scenario did not open');
    const c = core.compare(a.run, b.run);
    expect(c.onlyA.map((f) => f.kind)).toEqual(a.info.findings.map((f) => f.kind));
    expect(c.dmesg.a.lines.length).toBe(a.info.imported!.logLines);
  });
});
