import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Importer, importText } from './importer.ts';

const corpus = (f: string) => readFileSync(join(import.meta.dirname, 'corpus', f), 'utf8');
const summary = (fs: { kind: string; title: string; lines: { first: number; last: number } }[]) => fs.map((f) => `${f.lines.first}-${f.lines.last} ${f.kind} ${f.title}`);

describe('Importer', () => {
  it('gives the same findings whatever the chunks, strings or bytes split across characters', () => {
    const text = `${corpus('syzkaller/177.txt')}\n${corpus('github/irati-stack-367-slub-redzone-interleaved.txt')}\n\u00e4 ${corpus('syzkaller/250.txt')}`;
    const whole = summary(importText(text).findings);
    expect(whole.length).toBeGreaterThanOrEqual(3);
    const bytes = new TextEncoder().encode(text);
    for (const size of [1, 7, 64, 4093]) {
      const imp = new Importer();
      const streamed: ReturnType<typeof summary> = [];
      for (let i = 0; i < bytes.length; i += size) streamed.push(...summary(imp.push(bytes.subarray(i, i + size))));
      streamed.push(...summary(imp.end().findings.slice(streamed.length)));
      expect(streamed, `chunks of ${size} bytes`).toEqual(whole);
    }
  });

  it('hands each finding over as soon as its report ends', () => {
    const seen: string[] = [];
    const imp = new Importer({ onFinding: (f) => seen.push(f.title) });
    imp.push(`${corpus('syzkaller/177.txt')}\n`);
    expect(seen).toEqual(['KASAN: use-after-free Read in selinux_inode_free_security']);
    imp.end();
  });

  it('says binary garbage is not a text log and imports nothing', () => {
    const garbage = Uint8Array.from({ length: 200000 }, (_, i) => (i * 2654435761) >>> 24);
    const imp = new Importer();
    imp.push(garbage);
    const r = imp.end();
    expect(r.findings).toEqual([]);
    expect(r.notices).toEqual([{ level: 'error', message: expect.stringMatching(/^not a text log: \d+% of the first 4096 characters/) }]);
  });

  it('keeps what it recognised in text with invalid UTF-8, and says how much was replaced', () => {
    const text = new TextEncoder().encode(corpus('syzkaller/177.txt'));
    const bad = new Uint8Array(text.length + 3);
    bad.set([0xff, 0xfe, 0x0a]);
    bad.set(text, 3);
    const imp = new Importer();
    imp.push(bad);
    const r = imp.end();
    expect(r.findings.map((f) => f.kind)).toEqual(['kasan.use_after_free']);
    expect(r.notices).toContainEqual({ level: 'warning', message: '2 invalid UTF-8 sequences were replaced by U+FFFD' });
  });

  it('marks a report the log cuts short, and one it starts inside', () => {
    const lines = corpus('syzkaller/177.txt').split('\n');
    const head = importText(lines.slice(0, 12).join('\n'));
    expect(head.findings[0]!.truncated).toContain('end');
    const tail = importText(lines.slice(30, 90).join('\n'));
    expect(tail.findings[0]).toMatchObject({ truncated: ['start'], header: '' });
  });

  it('cuts a 10 MB line and a report with too many lines, and goes on', () => {
    const long = `[    1.000000] BUG: unable to handle page fault for address: ffff888000000000 ${'x'.repeat(10 * 1024 * 1024)}\n`;
    const frames = Array.from({ length: 5000 }, (_, i) => `[    1.000001]  fn_${i}+0x1/0x10`).join('\n');
    const r = importText(`${long}[    1.000001] Call Trace:\n${frames}\n[    2.000000] ---[ end trace 0000000000000000 ]---\n`, { maxReportLines: 100 });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.truncated).toEqual(['lines', 'line-length']);
    expect(r.notices).toContainEqual({ level: 'warning', message: '1 line was longer than 16384 characters and cut there' });
  });

  it('separates reports of several callers printed line by line into each other', () => {
    const a = ['BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580', 'Call Trace:', ' __might_sleep+0x1/0x2', ' mutex_lock+0x1/0x2', ' foo_ioctl+0x10/0x20'];
    const b = ['BUG: scheduling while atomic: bar/7/0x00000002', 'Call Trace:', ' __schedule_bug+0x1/0x2', ' schedule+0x1/0x2', ' bar_poll+0x10/0x20'];
    const mixed = a.flatMap((l, i) => [`[  1.0${i}][ T100] ${l}`, `[  1.0${i}][ T200] ${b[i]}`]).join('\n');
    expect(importText(mixed).findings.map((f) => f.title)).toEqual(['BUG: sleeping function called from invalid context in foo_ioctl', 'BUG: scheduling while atomic in bar_poll']);
  });

  it('says when there is nothing to import', () => {
    expect(importText('').notices).toEqual([{ level: 'info', message: 'empty input' }]);
    expect(importText('[    0.000000] Linux version 6.8.0\n[    0.1] ok\n').notices).toEqual([{ level: 'info', message: 'no kernel report, trace or profile found in 2 lines' }]);
  });

  it('refuses input after the end', () => {
    const imp = new Importer();
    imp.end();
    expect(() => imp.push('x')).toThrow(/after end/);
  });
});

describe('Importer fast path', () => {
  it('keeps the line right after a report’s first line in the report', () => {
    const r = importText(['[   70.363639] BUG: KASAN: use-after-free in do_raw_spin_lock+0x1aa/0x1e0', '[   70.377908] Read of size 4 at addr ffff8801c5b1ddec by task syz-executor6/3887', '[   70.403464] Call Trace:', '[   70.459044]  selinux_inode_free_security+0x12a/0x410', '[   70.459045] =================================================================='].join('\n'));
    expect(r.findings[0]!.fields).toMatchObject({ access: 'Read', size: 4, address: '0xffff8801c5b1ddec' });
    expect(r.findings[0]!.lines).toEqual({ first: 1, last: 5 });
  });
});
