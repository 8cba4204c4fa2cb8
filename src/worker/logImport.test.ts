import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importText } from '../import/importer.ts';
import type { ImportProgress } from './importProtocol.ts';
import { LogImporter } from './logImport.ts';
import { tickingClock } from './testing.ts';

const fixture = (name: string) => readFileSync(new URL(`../../e2e/fixtures/import/${name}`, import.meta.url), 'utf8');
const corpus = (name: string) => readFileSync(new URL(`../import/corpus/${name}`, import.meta.url), 'utf8');

const brief = (fs: { kind: string; title: string; lines: { first: number; last: number } }[]) => fs.map((f) => `${f.lines.first}-${f.lines.last} ${f.kind} ${f.title}`);

describe('LogImporter', () => {
  it('reads a Blob in chunks to the same findings as the whole text, with progress and each report’s lines', async () => {
    const text = `${fixture('seed003-lockdep.txt')}\n${fixture('slub-redzone.txt')}\n${corpus('syzkaller/177.txt')}`;
    const progress: ImportProgress[] = [];
    const clock = tickingClock();
    const log = await new LogImporter(clock, 997, 1).importLog(new Blob([text]), 'mixed.log', 1, (p) => progress.push(p));
    expect(brief(log.findings)).toEqual(brief(importText(text).findings));
    expect(log.findings.map((f) => f.kind).sort()).toEqual(['kasan.use_after_free', 'lockdep.circular', 'slub.redzone_overwritten']);
    expect(clock.yields).toBeGreaterThan(5);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.every((p, i) => i === 0 || p.bytes >= progress[i - 1]!.bytes)).toBe(true);
    expect(progress[progress.length - 1]).toMatchObject({ bytes: log.total, total: new Blob([text]).size, findings: 3 });
    expect(log.cancelled).toBe(false);
    expect(log.file).toBe('mixed.log');
    // the lines of the lockdep report, as read, numbered as in the input
    const at = log.findings.findIndex((f) => f.kind === 'lockdep.circular');
    const raw = log.raw[at]!;
    expect(raw[0]).toMatchObject({ n: log.findings[at]!.lines.first, ts: 68.295951 });
    expect(raw.some((l) => l.text.includes('WARNING: possible circular locking dependency detected'))).toBe(true);
    expect(raw.length).toBeLessThanOrEqual(log.findings[at]!.lines.last - log.findings[at]!.lines.first + 1);
    expect(structuredClone(log)).toEqual(log);
  });

  it('a cancel stops after the chunk being read, keeps what was recognised and says so', async () => {
    const report = fixture('slub-redzone.txt');
    const filler = 'systemd[1]: Started Session of user.\n'.repeat(20000);
    const text = `${report}\n${filler}${report}`;
    let importer!: LogImporter;
    const clock = tickingClock(() => {
      if (clock.yields === 20) importer.cancel(9);
    });
    importer = new LogImporter(clock, 4096, 1);
    const log = await importer.importLog(new Blob([text]), 'big.log', 9);
    expect(log.cancelled).toBe(true);
    expect(log.findings.map((f) => f.kind)).toEqual(['slub.redzone_overwritten']);
    expect(log.notices[0]).toMatchObject({ level: 'warning', message: expect.stringMatching(/^cancelled by the user after 81,920 of [\d,]+ bytes \(\d+%\): what was recognised so far is kept$/) });
    // the ticket is spent: the next import with it reads to the end
    const again = await importer.importLog(new Blob([text]), 'big.log', 9);
    expect(again.cancelled).toBe(false);
    expect(again.findings).toHaveLength(2);
  });

  it('says what binary garbage, an empty input and a log with no reports are, without failing', async () => {
    const imp = new LogImporter(tickingClock(), 1 << 16);
    const garbage = Uint8Array.from({ length: 300000 }, (_, i) => (i * 2654435761) >>> 24);
    const bin = await imp.importLog(new Blob([garbage]), 'core.bin', 1);
    expect(bin.findings).toEqual([]);
    expect(bin.notices[0]).toMatchObject({ level: 'error', message: expect.stringMatching(/^not a text log/) });
    const empty = await imp.importLog(new Blob([]), 'empty.txt', 2);
    expect(empty.notices).toEqual([{ level: 'info', message: 'empty input' }]);
    const plain = await imp.importLog(new Blob(['hello\nworld\n']), 'plain.txt', 3);
    expect(plain.notices[0]!.message).toMatch(/^no kernel report, trace or profile found in 2 lines/);
  });

  it('keeps a report found before a 10 MB line and an invalid UTF-8 sequence, saying what it cut and replaced', async () => {
    const report = new TextEncoder().encode(fixture('slub-redzone.txt'));
    const long = new Uint8Array(10 * 1024 * 1024).fill(0x41);
    const bad = Uint8Array.from([0x0a, 0xff, 0xfe, 0x0a]);
    const log = await new LogImporter(tickingClock(), 1 << 20).importLog(new Blob([report, long, bad, report]), 'odd.log', 1);
    expect(log.findings.map((f) => f.kind)).toEqual(['slub.redzone_overwritten', 'slub.redzone_overwritten']);
    expect(log.notices.map((n) => n.message)).toEqual(expect.arrayContaining([expect.stringMatching(/invalid UTF-8 sequences? (was|were) replaced/), expect.stringMatching(/line was longer than \d+ characters and cut there/)]));
  });

  it('builds the scenario of a lockdep finding and says there is none for other kinds', async () => {
    const imp = new LogImporter(tickingClock());
    const log = await imp.importLog(new Blob([fixture('seed003-lockdep.txt'), fixture('seed002-oops.txt')]), 'x', 1);
    const lockdep = log.findings.find((f) => f.kind === 'lockdep.circular')!;
    const oops = log.findings.find((f) => f.kind === 'mm.paging_request')!;
    const g = imp.scenario(lockdep);
    expect(g?.reproduces).toBe('lockdep.circular');
    expect(g?.scenario.format).toBe('kernscope/1');
    expect(g?.inferred.length).toBeGreaterThan(0);
    expect(imp.scenario(oops)).toBeNull();
  });
});
