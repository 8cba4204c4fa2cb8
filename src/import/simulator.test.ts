// The importer reads the simulator's own dmesg like a real log: for the bundled scenarios of the
// seed stories, the reports it finds are the findings the simulator recorded (bar those kernscope
// detects without the kernel printing anything: stray writes, a user program's checker, GPU state).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from '../sim/scenario/session.ts';
import { importText } from './importer.ts';

const SCENARIOS = ['lockdep-abba', 'lockdep-irq-inversion', 'madvise-pageout-ptl', 'slub-double-free', 'slub-redzone-overwrite', 'slub-use-after-free-poison', 'text-poke-0xf0', 'text-poke-0xf0-debug-virtual', 'text-poke-0xf0-fixed', 'text-poke-reserved-check'];
const SILENT = /^(?:mm\.stray_write|mm\.user_corruption|gpu\.)/;
const dir = join(import.meta.dirname, '../../scenarios');

function counts(kinds: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of kinds.sort()) out[k] = (out[k] ?? 0) + 1;
  return out;
}

describe('the simulator’s dmesg, imported', () => {
  it.each(SCENARIOS.filter((s) => existsSync(join(dir, `${s}.json`))))('%s', (name) => {
    const r = Session.open(readFileSync(join(dir, `${name}.json`), 'utf8'));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const report = r.session.report();
    // the simulator files a general protection fault under mm.paging_request with fault: "general protection"
    const simulated = report.findings.filter((f) => !SILENT.test(f.kind)).map((f) => (f.kind === 'mm.paging_request' && f.fault === 'general protection' ? 'mm.general_protection_fault' : f.kind));
    const imported = importText(report.dmesg).findings.map((f) => f.kind);
    expect(counts(imported)).toEqual(counts(simulated));
  });
});
