// A run's state hash depends on its scenario alone: each bundled scenario run first in a fresh
// process (the CLI) and after all the others in this one gives the same hash, dmesg and findings.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/sim/scenario/session.ts';
import { openScenario } from './testing.ts';

const dir = __dirname;
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const cli = join(dir, '..', 'bin', 'kernscope.mjs');

function reportOf(text: string): Report {
  return openScenario(text).report();
}

function alone(file: string): Report {
  const out = execFileSync(process.execPath, [cli, 'run', join(dir, file), '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out) as Report;
}

describe('runs do not depend on what ran before them in the process', () => {
  it('every bundled scenario, after all the others, matches its run alone', () => {
    const texts = files.map((f) => readFileSync(join(dir, f), 'utf8'));
    // the first pass leaves whatever a run could leave behind; the second runs each after all the others
    for (const t of texts) reportOf(t);
    files.forEach((f, i) => {
      const after = reportOf(texts[i]!);
      const first = alone(f);
      expect(after.stateHash, f).toBe(first.stateHash);
      expect(after.dmesg, f).toBe(first.dmesg);
      expect(after.findings, f).toEqual(first.findings);
    });
  }, 300_000);
});
