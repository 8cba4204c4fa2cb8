// The corpus of real reports (README.md here says where each came from) imports with the kinds and
// titles of expected.json; for syzkaller's reports that title is syzbot's own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importText } from '../importer.ts';

interface Expected {
  file: string;
  source: string;
  syzbot?: string;
  findings: { kind: string; title: string }[];
  profiles?: { entries: number; first: string }[];
  events?: number;
}

const dir = import.meta.dirname;
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected[];
// syzbot writes ADDR and NUM where a title would carry numbers
const syzbotForm = (s: string) => s.replace(/ADDR|NUM/g, '');

describe('corpus', () => {
  it('has a source for every file', () => {
    for (const e of expected) expect(e.source.length, e.file).toBeGreaterThan(10);
    expect(expected.length).toBeGreaterThanOrEqual(100);
  });

  it.each(expected.map((e) => [e.file, e] as const))('%s', (_file, e) => {
    const r = importText(readFileSync(join(dir, e.file), 'utf8'), { file: e.file });
    const got = r.findings.filter((f) => f.duplicateOf === undefined).map((f) => ({ kind: f.kind, title: f.title }));
    expect(got).toEqual(e.findings);
    if (e.syzbot !== undefined) expect(syzbotForm(got[0]!.title)).toBe(syzbotForm(e.syzbot));
    expect(r.profiles.map((p) => ({ entries: p.entries.length, first: p.entries[0]?.fn }))).toEqual(e.profiles ?? []);
    expect(r.stats.events).toBe(e.events ?? 0);
  });
});
