import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cmdImport, type ImportIo } from './import.ts';

const enc = new TextEncoder();
const KASAN = [
  '[   70.363639] ==================================================================',
  '[   70.371158] BUG: KASAN: use-after-free in do_raw_spin_lock+0x1aa/0x1e0',
  '[   70.377908] Read of size 4 at addr ffff8801c5b1ddec by task syz-executor6/3887',
  '[   70.403464] Call Trace:',
  '[   70.406045]  dump_stack+0x194/0x257',
  '[   70.449994]  _raw_spin_lock+0x32/0x40',
  '[   70.459044]  selinux_inode_free_security+0x12a/0x410',
  '[   70.459045] ==================================================================',
].join('\n');

function io(files: Record<string, string | Uint8Array | Error>): ImportIo & { stdout: string; stderr: string } {
  const o = {
    stdout: '',
    stderr: '',
    out(s: string) {
      o.stdout += s;
    },
    err(s: string) {
      o.stderr += s;
    },
    async *open(path: string): AsyncIterable<Uint8Array> {
      const f = files[path];
      if (f === undefined || f instanceof Error) throw f ?? new Error('ENOENT: no such file or directory');
      const bytes = typeof f === 'string' ? enc.encode(f) : f;
      // in small chunks, as a stream would give them
      for (let i = 0; i < bytes.length; i += 97) yield bytes.subarray(i, i + 97);
    },
  };
  return o;
}

describe('kernscope import', () => {
  it('prints each report with its kind, title, trace and forensics', async () => {
    const x = io({ 'a.log': KASAN });
    expect(await cmdImport(x, ['a.log'], { json: false })).toBe(0);
    expect(x.stdout).toContain('#0 lines 1-8  kasan.use_after_free  KASAN: use-after-free Read in selinux_inode_free_security');
    expect(x.stdout).toContain('trace: selinux_inode_free_security+0x12a/0x410');
    expect(x.stderr).toBe('kernscope: a.log: 1 findings, 0 profiles, 0 trace events, 8 lines\n');
  });

  it('writes one kernscope-import/1 line per input with --json, standard input included', async () => {
    const x = io({ '-': KASAN, 'b.log': '[ 1.0] nothing to see\n' });
    expect(await cmdImport(x, ['-', 'b.log'], { json: true })).toBe(0);
    const lines = x.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { format: string; file: string; findings: { kind: string }[]; notices: { message: string }[] });
    expect(lines.map((l) => [l.format, l.file, l.findings.map((f) => f.kind)])).toEqual([
      ['kernscope-import/1', '-', ['kasan.use_after_free']],
      ['kernscope-import/1', 'b.log', []],
    ]);
    expect(lines[1]!.notices[0]!.message).toMatch(/^no kernel report/);
  });

  it('diffs the profiles of two traces given together', async () => {
    const stat = (hits: number) => `  Function                               Hit    Time            Avg             s^2\n  --------                               ---    ----            ---             ---\n  ttm_mem_evict_first                  ${hits}    11435990310 us  1143599031 us   0 us\n`;
    const x = io({ 'fail.txt': stat(10), 'ok.txt': stat(119) });
    expect(await cmdImport(x, ['fail.txt', 'ok.txt'], { json: false })).toBe(0);
    expect(x.stdout).toMatch(/ttm_mem_evict_first\s+10\s+119/);
    const j = io({ 'fail.txt': stat(10), 'ok.txt': stat(119) });
    await cmdImport(j, ['fail.txt', 'ok.txt'], { json: true });
    const second = JSON.parse(j.stdout.trimEnd().split('\n')[1]!) as { profileDiffWith: { file: string; diff: { rows: { fn: string; dHits: number }[] } } };
    expect(second.profileDiffWith.file).toBe('fail.txt');
    expect(second.profileDiffWith.diff.rows[0]).toMatchObject({ fn: 'ttm_mem_evict_first', dHits: 109 });
  });

  it('exits 2 for a file it cannot read or that is not text, and still reads the others', async () => {
    const x = io({ 'ok.log': KASAN, 'bin.dat': Uint8Array.from({ length: 8192 }, (_, i) => (i * 131) % 251) });
    expect(await cmdImport(x, ['missing.log', 'bin.dat', 'ok.log'], { json: true })).toBe(2);
    const lines = x.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { file: string; findings: unknown[]; notices: { level: string; message: string }[] });
    expect(lines.map((l) => [l.file, l.findings.length, l.notices[0]?.level])).toEqual([
      ['missing.log', 0, 'error'],
      ['bin.dat', 0, 'error'],
      ['ok.log', 1, undefined],
    ]);
    expect(x.stderr).toMatch(/missing\.log: error: cannot read missing\.log: ENOENT/);
    expect(await cmdImport(x, [], { json: false })).toBe(2);
  });

  it('reads real files through Node streams by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kernscope-import-test-'));
    writeFileSync(join(dir, 'k.log'), KASAN);
    let out = '';
    const code = await cmdImport({ out: (s) => (out += s), err: () => {} }, [join(dir, 'k.log')], { json: true });
    expect(code).toBe(0);
    expect((JSON.parse(out) as { findings: { kind: string }[] }).findings[0]!.kind).toBe('kasan.use_after_free');
  });
});
