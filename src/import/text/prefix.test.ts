import { describe, expect, it } from 'vitest';
import { parsePrefixes, printkTextStart } from './prefix.ts';

const p = (s: string) => parsePrefixes(s, 1, false);

describe('parsePrefixes', () => {
  it('removes the printk time, with or without the caller id', () => {
    expect(p('[   50.444954] WARNING: bad unlock balance detected!')).toMatchObject({ text: 'WARNING: bad unlock balance detected!', ts: 50.444954, prefixed: true });
    expect(p('[ 1078.043153][ T3316] ntfs3: loop5')).toMatchObject({ text: 'ntfs3: loop5', caller: 'T3316' });
    expect(p('[  669.483353][    C1] [ BUG: Invalid wait context ]')).toMatchObject({ text: '[ BUG: Invalid wait context ]', caller: 'C1' });
    // seed 003: the mail client turned the padding into no-break spaces
    expect(p('[\u00a0\u00a0 68.295986] ffff000008d7f1a0')).toMatchObject({ text: 'ffff000008d7f1a0', ts: 68.295986 });
  });

  it('removes journalctl and syslog prefixes in any locale, marking other programs as foreign', () => {
    expect(p('gen 24 17:37:22 debian kernel: Linux version 5.10.87-dbg-timeout ')).toMatchObject({ text: 'Linux version 5.10.87-dbg-timeout ', prefixed: true, foreign: false });
    expect(p('  gen 24 18:45:30 debian kernel: [TTM] Buffer eviction failed ')).toMatchObject({ text: '[TTM] Buffer eviction failed ' });
    expect(p('  gen 24 18:42:27 debian systemd-sleep[2228]: Suspending system...')).toMatchObject({ foreign: true });
    expect(p('Aug 26 16:32:32 irati-vm-leo-1 kernel: [  180.141022] BUG kmalloc-32 (Tainted: G    B        ): Redzone overwritten')).toMatchObject({ text: 'BUG kmalloc-32 (Tainted: G    B        ): Redzone overwritten', ts: 180.141022 });
    expect(p('2016-03-26T20:52:22.526854+00:00 mira108 kernel: #012but task is already holding lock:')).toMatchObject({ text: 'but task is already holding lock:' });
    expect(p('kern  :warn  : [  1.0] x')).toMatchObject({ text: 'x' });
  });

  it('counts mail quoting in its forms', () => {
    expect(p('> [   50.444066] x')).toMatchObject({ quote: 1, text: 'x' });
    expect(p('>> x')).toMatchObject({ quote: 2, text: 'x' });
    expect(p('> > [   68.295956] WARNING: possible circular locking dependency detected')).toMatchObject({ quote: 2, text: 'WARNING: possible circular locking dependency detected' });
    expect(p('>>gen 24 18:45:30 debian kernel: [TTM] Buffer eviction failed')).toMatchObject({ quote: 2, text: '[TTM] Buffer eviction failed' });
    // KASAN's marked shadow row is not a quote, even inside one
    expect(p('>ffff888012acfc00: fb fb fb fb')).toMatchObject({ quote: 0, text: '>ffff888012acfc00: fb fb fb fb' });
    expect(p('> >ffff888012acfc00: fb fb')).toMatchObject({ quote: 1, text: '>ffff888012acfc00: fb fb' });
  });

  it('drops serial-console escapes and noise in front of the time', () => {
    expect(p('\x1b[0;31m[    1.000000] BUG: x\x1b[0m')).toMatchObject({ text: 'BUG: x' });
    expect(p('syzkaller login: [   59.806466][ T6792] BUG: using smp_processor_id() in preemptible')).toMatchObject({ text: 'BUG: using smp_processor_id() in preemptible', caller: 'T6792' });
    expect(p('<4>[    2.000000] WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1/0x2')).toMatchObject({ text: 'WARNING: CPU: 0 PID: 1 at x.c:1 f+0x1/0x2' });
  });

  it('leaves lines without a prefix alone', () => {
    expect(p('  Modules linked in: usb_storage')).toMatchObject({ text: '  Modules linked in: usb_storage', prefixed: false });
    expect(p('Pid: 13078, comm: kio_file Tainted: G   M     2.6.25 #401')).toMatchObject({ prefixed: false });
  });

  it('printkTextStart finds the text like parsePrefixes does', () => {
    for (const s of ['[   50.444954] WARNING: x', '[ 1078.043153][ T3316] ntfs3', '[    0.1]    spaced']) expect(s.slice(printkTextStart(s))).toBe(p(s).text.trimStart());
    expect(printkTextStart('gen 24 17:37:22 debian kernel: x')).toBe(-1);
  });
});
