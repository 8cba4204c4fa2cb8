// Scenarios built from imported lockdep and SLUB reports are valid kernscope/1 (parseScenario) and,
// run by the simulator (Session.open), report the finding they were built from.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/parse.ts';
import { Session } from '../../sim/scenario/session.ts';
import { importText } from '../importer.ts';
import type { ImportedFinding } from '../types.ts';
import { scenarioFor } from './index.ts';
import { slabGeometry } from './slab_geometry.ts';

// the seed threads live in shared/ beside the repository (as CI lays them out); CI must have them
const SEEDS = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'seeds');
const SEEDS_REQUIRED = process.env.CI !== undefined;
const corpus = join(import.meta.dirname, '../corpus');

function findings(text: string): ImportedFinding[] {
  return importText(text).findings.filter((f) => f.duplicateOf === undefined && (f.kind.startsWith('lockdep.') || f.kind.startsWith('slub.')));
}

function reproduces(f: ImportedFinding): void {
  const g = scenarioFor(f);
  expect(g, `${f.kind}: ${f.title}`).not.toBeNull();
  const text = JSON.stringify(g!.scenario);
  const parsed = parseScenario(text);
  expect(parsed.ok, JSON.stringify(parsed.ok ? null : parsed.errors)).toBe(true);
  const r = Session.open(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const report = r.session.report();
  expect(report.errors, f.title).toBeUndefined();
  expect(report.findings.map((x) => x.kind), f.title).toContain(f.kind);
  expect(report.ok, f.title).toBe(true);
  // what the report did not say is said in the description and on the steps it shaped
  if (g!.inferred.length > 0) {
    expect(g!.scenario.description).toContain('**Inferred**');
    expect(g!.scenario.steps.some((s) => typeof s.note === 'string' && s.note.startsWith('inferred:')) || g!.scenario.description.includes(g!.inferred[0]!)).toBe(true);
  }
}

describe.skipIf(!existsSync(SEEDS) && !SEEDS_REQUIRED)('scenarios from the seed threads', () => {
  const seed = (p: string) => readFileSync(join(SEEDS, readdirSync(SEEDS).find((f) => f.startsWith(p))!), 'utf8');

  it('003: the circular dependency of fs_reclaim and reservation_ww_class_mutex', () => {
    const f = findings(seed('003'))[0]!;
    const g = scenarioFor(f)!;
    const locks = g.scenario.steps.filter((s) => s.op === 'lock_init').map((s) => [s.lock, s.type]);
    expect(locks).toEqual([
      ['reservation_ww_class_mutex', 'ww_mutex'],
      ['fs_reclaim', 'mutex'],
    ]);
    // the two orders: dep-1 takes fs_reclaim under the reservation lock, cc1 the other way round
    const orders = g.scenario.steps.filter((s) => s.op === 'lock').map((s) => `${String(s.task)}:${String(s.lock)}`);
    expect(orders).toEqual(['dep-1:reservation_ww_class_mutex', 'dep-1:fs_reclaim', 'cc1:fs_reclaim', 'cc1:reservation_ww_class_mutex']);
    expect(g.inferred).toEqual(expect.arrayContaining([expect.stringMatching(/^lock type of fs_reclaim: fs_reclaim is a lockdep map/)]));
    reproduces(f);
  });

  it('001: the unlock of the page-table lock nobody holds', () => reproduces(findings(seed('001'))[0]!));

  it('002: the padding SLUB found overwritten', () => {
    for (const f of findings(seed('002'))) reproduces(f);
  });
});

describe('scenarios from the corpus', () => {
  const files = ['syzkaller/26.txt', 'syzkaller/250.txt', 'syzkaller/116.txt', 'syzkaller/117.txt', 'syzkaller/396.txt', 'syzkaller/546.txt', 'syzkaller/655.txt', 'syzkaller/667.txt', 'github/lkrg-47-lockdep-module-mutex.txt', 'github/openbmc-158-lockdep-jffs2-arm.txt', 'github/ceph-teuthology-829-lockdep-old-syslog.txt', 'github/irati-stack-306-slub-poison.txt', 'github/raspberrypi-linux-2015-slub-redzone.txt', 'github/natflow-5-slub-poison-hashed.txt', 'docs/slub-right-redzone-kmalloc-8.txt'];
  it.each(files)('%s', (file) => {
    const fs = findings(readFileSync(join(corpus, file), 'utf8'));
    expect(fs.length).toBeGreaterThan(0);
    for (const f of fs) reproduces(f);
  });
});

describe('slabGeometry', () => {
  it('lays out a 64-byte cache with red zones, poison and tracking as SLUB 6.8 does', () => {
    // 64 object + 8 right red zone + 8 free pointer + 2 * 32 tracks + 8 + 8 left red zone = 160
    expect(slabGeometry(64, { redZone: true, poison: true, storeUser: true, hwcacheAlign: false })).toEqual({ size: 160, redLeftPad: 8, order: 0, objects: 25, padding: 96 });
  });
});
