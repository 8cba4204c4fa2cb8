// Scrubbing never changes a run: seeking into the middle of a step (a replay stopped mid-way, then
// restored from a checkpoint) and back to the end gives the state the run recorded.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Session } from '../src/sim/scenario/session.ts';
import { openScenario as open } from './testing.ts';

const dir = __dirname;
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

function scrubbed(s: Session): { end: string; after: string } {
  const end = s.runner.machine.stateHash();
  s.seek(Math.floor(s.total / 3));
  s.seek(Math.floor((2 * s.total) / 3));
  s.seek(s.total);
  return { end, after: s.runner.machine.stateHash() };
}

describe('scrubbing back and forth keeps the recorded state', () => {
  it.each(files)('%s', (f) => {
    const { end, after } = scrubbed(open(readFileSync(join(dir, f), 'utf8')));
    expect(after).toBe(end);
  }, 60_000);

  it('a second round of memory pressure after restoring a checkpoint taken before the driver registered its shrinker', () => {
    const sc = JSON.parse(readFileSync(join(dir, 'shmem-shrinker-vmap.json'), 'utf8')) as { steps: unknown[] };
    sc.steps.push({ op: 'user_fault', task: 'cc1', pressure: true, pages: 64 });
    const { end, after } = scrubbed(open(JSON.stringify(sc)));
    expect(after).toBe(end);
  }, 60_000);
});
