import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from '../scenario/session.ts';
import { diffRuns } from './run_diff.ts';

function open(text: string, cmdline?: string): Session {
  const r = Session.open(text, cmdline === undefined ? {} : { cmdline });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.session;
}

describe('diffRuns', () => {
  const text = readFileSync(join(__dirname, '../../../scenarios/slub-double-free.json'), 'utf8');

  it('a run against itself: no divergence, no finding of its own', () => {
    expect(diffRuns(open(text), open(text))).toEqual({ divergence: null, onlyA: [], onlyB: [] });
  });

  it('slub_debug on and off: the first event they part at, and the report only the debug run has', () => {
    const d = diffRuns(open(text), open(text, 'slub_debug=-'));
    expect(d.divergence).not.toBeNull();
    expect(d.divergence!.a).not.toEqual(d.divergence!.b);
    expect(d.onlyA.map((f) => f.kind)).toContain('slub.double_free');
    expect(d.onlyB.map((f) => f.kind)).not.toContain('slub.double_free');
  });
});
