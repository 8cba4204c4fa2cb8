// Every bundled scenario is a test: its expect steps must all hold.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openScenario as open } from './testing.ts';

const dir = __dirname;
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('bundled scenarios', () => {
  it('are all here', () => {
    expect(files).toEqual(expect.arrayContaining(['slub-redzone-overwrite.json', 'slub-use-after-free-poison.json', 'slub-double-free.json', 'slub-debug-vs-init-on-free.json']));
  });

  for (const f of files) {
    describe(f, () => {
      const text = readFileSync(join(dir, f), 'utf8');

      it('is named after its file and has a title and a description', () => {
        const json = JSON.parse(text) as { name: string; title?: string; description?: string };
        expect(`${json.name}.json`).toBe(f);
        expect(json.title?.length).toBeGreaterThan(10);
        expect(json.description?.length).toBeGreaterThan(100);
      });

      it('runs without errors and every expect step holds', () => {
        const s = open(text);
        const report = s.report();
        expect(report.errors).toBeUndefined();
        expect(report.expectations.length).toBeGreaterThan(0);
        for (const e of report.expectations) expect(e, e.message).toMatchObject({ pass: true });
        expect(report.ok).toBe(true);
      });

      it('is deterministic, and seeking reproduces the recorded state', () => {
        const a = open(text);
        const b = open(text);
        const ra = a.report();
        expect(b.report().stateHash).toBe(ra.stateHash);
        expect(b.report().dmesg).toBe(ra.dmesg);
        const mid = Math.floor(a.total / 2);
        const fresh = open(text);
        fresh.seek(mid);
        const h = fresh.runner.machine.stateHash();
        a.seek(0);
        a.seek(mid);
        expect(a.runner.machine.stateHash()).toBe(h);
        a.seek(a.total);
        expect(a.runner.machine.stateHash()).toBe(ra.stateHash);
      });
    });
  }
});
