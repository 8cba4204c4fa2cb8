import { describe, expect, it } from 'vitest';
import { TaskDied } from '../arch/x86/kernel/dumpstack.ts';
import { bootSys } from '../../machine/testing.ts';
import { DENTRY_2625, DENTRY_68, fullNameHash, kswapdShrinkFrames } from './dcache.ts';
import { pathWalk } from './namei.ts';

function dies(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof TaskDied) return e.title;
    throw e;
  }
  throw new Error('expected the task to die');
}

describe('the dentry cache (fs/dcache.c 2.6.25)', () => {
  it('hashes names like full_name_hash() and lays out struct dentry as on x86-64', () => {
    expect(fullNameHash('a')).toBe(((97 << 4) + (97 >> 4)) * 11);
    expect(fullNameHash('')).toBe(0);
    expect(DENTRY_2625).toMatchObject({ size: 208, d_hash_next: 24, d_name_name: 56, d_op: 136, d_iname: 172 });
  });

  it('computes full_name_hash() and d_hash() as the 64-bit kernel arithmetic does', () => {
    const M64 = (1n << 64n) - 1n;
    const fullNameHash64 = (name: string): number => {
      let h = 0n;
      for (const ch of name) {
        const c = BigInt(ch.charCodeAt(0) & 0xff);
        h = ((h + (c << 4n) + (c >> 4n)) * 11n) & M64;
      }
      return Number(h & 0xffffffffn);
    };
    for (const name of ['Makefile', 'linux-2.6', 'a-rather-long-file-name-that-overflows-64-bits.c', '\u00ff\u00fe', 'x']) expect(fullNameHash(name)).toBe(fullNameHash64(name));
    const dc = bootSys().sys.dcache;
    for (let shift = 1; shift <= 30; shift++) {
      dc.shift = shift;
      for (let i = 0; i < 50; i++) {
        const parent = (i * 0x9e3779b1 * 208) % 2 ** 34;
        const hash = ((Math.imul(i + 1, 0x85ebca6b) >>> 0) ^ (i << 7)) >>> 0;
        expect(dc.dHash(parent, hash)).toBe(dc.dHash2625Big(parent, hash));
      }
    }
  });

  it('creates dentries on a miss and finds them in their hash chain the next time', () => {
    const t = bootSys();
    const dc = t.sys.dcache;
    t.rec.ctx.task = 'git-status';
    const a = pathWalk(t.sys, '/usr/src/linux/Makefile');
    expect(a.created).toBe(4);
    const b = pathWalk(t.sys, '/usr/src/linux/Makefile');
    expect(b).toEqual({ dentry: a.dentry, created: 0 });
    const mem = t.sys.k.mem;
    const d = a.dentry;
    const [nameLo, nameHi] = mem.readU64(d + 56);
    expect((BigInt(nameHi) << 32n) | BigInt(nameLo)).toBe(dc.va(d) + 172n);
    expect(mem.readU64(d + 48)[0]).toBe(fullNameHash('Makefile'));
    const name = new Uint8Array(9);
    mem.read(d + 172, name);
    expect(new TextDecoder().decode(name)).toBe('Makefile\0');
    // the bucket of (parent, hash) points at d_hash of the dentry
    const parent = Number(((BigInt(mem.readU64(d + 40)[1]) << 32n) | BigInt(mem.readU64(d + 40)[0])) - t.sys.k.layout.pageOffset);
    const bucket = dc.dHash(parent, fullNameHash('Makefile'));
    const [lo, hi] = mem.readU64(bucket);
    expect((BigInt(hi) << 32n) | BigInt(lo)).toBe(dc.va(d) + 24n);
    // an unused leaf waits on dentry_unused
    expect(dc.lru).toContain(d);
  });

  it('oopses like Jiri Slaby when d_name.name has a 0xf0 in its fifth byte', () => {
    const t = bootSys();
    t.rec.ctx.task = 'git-status';
    const d = pathWalk(t.sys, '/home/jirka/linux-2.6/include/linux/irq.h').dentry;
    t.sys.k.memWrite(d + 56 + 4, new Uint8Array([0xf0]), 'test');
    const from = t.mark();
    const title = dies(() => pathWalk(t.sys, '/home/jirka/linux-2.6/include/linux/irq.h'));
    const bad = (t.sys.dcache.va(d) + 172n) | 0xf000000000n;
    expect(title).toBe(`BUG: unable to handle kernel paging request at ${bad.toString(16)}`);
    const log = t.log(from);
    expect(log.slice(0, 6)).toEqual([
      `BUG: unable to handle kernel paging request at ${bad.toString(16)}`,
      'IP: [<ffffffff802a7b0d>] __d_lookup+0xc2/0x117',
      'PGD 0 ',
      'Oops: 0000 [1] SMP',
      'CPU 0 ',
      'Modules linked in:',
    ]);
    expect(log[6]).toMatch(/^Pid: \d+, comm: git-status Not tainted 2\.6\.25 #401$/);
    expect(log[7]).toBe('RIP: 0010:[<ffffffff802a7b0d>]  [<ffffffff802a7b0d>] __d_lookup+0xc2/0x117');
    // memcmp()'s repz cmpsb: the bad name pointer in RSI, the faulting byte the f3 of "f3 a6"
    expect(log.find((l) => l.includes(`RSI: ${bad.toString(16)}`))).toBeDefined();
    expect(log).toContainEqual(expect.stringMatching(/^Code: .* 44 89 f9 fc 48 39 c9 <f3> a6 75 11 f6 43 04 10 /));
    expect(log).toContain('Call Trace:');
    expect(log).toContain('  [<ffffffff802a1e85>] do_lookup+0x35/0x220');
    expect(log).toContainEqual(expect.stringMatching(/__link_path_walk\+0x/));
    expect(log).toContainEqual(expect.stringMatching(/^---\[ end trace [0-9a-f]{16} \]---$/));
    const f = t.rec.findings[0]!;
    expect(f).toMatchObject({ kind: 'mm.paging_request', fields: { field: 'd_name.name', ip: '__d_lookup+0xc2/0x117', task: 'git-status' } });
  });

  it('oopses like Rafael J. Wysocki on a d_hash.next of -1 (PGD 203067 PUD 204067 PMD 0)', () => {
    const t = bootSys();
    const d = pathWalk(t.sys, '/home/rafael/.kde/share/config/kmailrc').dentry;
    t.sys.k.memWrite(d + 24, new Uint8Array(8).fill(0xff), 'test');
    // a different hash in the dentry: the lookup walks past it to the -1
    t.sys.k.memWrite(d + 48, new Uint8Array([0x01, 0x02, 0x03, 0x04]), 'test');
    const from = t.mark();
    dies(() => pathWalk(t.sys, '/home/rafael/.kde/share/config/kmailrc'));
    const log = t.log(from);
    expect(log.slice(0, 3)).toEqual(['BUG: unable to handle kernel paging request at ffffffffffffffff', 'IP: [<ffffffff802a7b3c>] __d_lookup+0xf1/0x117', 'PGD 203067 PUD 204067 PMD 0 ']);
    expect(log).toContainEqual(expect.stringMatching(/^RAX: ffffffffffffffff RBX: [0-9a-f]{16} RCX: 0000000000000012$/));
    expect(log).toContain('Code: f6 43 04 10 75 06 f0 ff 03 48 89 d8 fe 43 08 eb 31 fe 43 08 48 8b 45 d0 48 8b 00 48 89 45 d0 48 8b 45 d0 48 85 c0 74 18 48 89 c2 <48> 8b 00 48 8d 5a e8 44 39 73 30 0f 18 08 75 d9 e9 6a ff ff ff');
  });

  it('takes a general protection fault on a pointer that is no longer canonical', () => {
    const t = bootSys();
    const d = pathWalk(t.sys, '/a/b').dentry;
    t.sys.k.memWrite(d + 56 + 6, new Uint8Array([0xf0]), 'test');
    const from = t.mark();
    expect(dies(() => pathWalk(t.sys, '/a/b'))).toBe('general protection fault: 0000 [1] SMP');
    expect(t.log(from)[0]).toBe('general protection fault: 0000 [1] SMP');
    expect(t.rec.findings[0]).toMatchObject({ kind: 'mm.paging_request', fields: { fault: 'general protection' } });
  });

  it('oopses like Zdenek Kabelac in d_free() when d_op became 0xf0: NULL pointer dereference at 0x110', () => {
    const t = bootSys();
    const d = pathWalk(t.sys, '/tmp/x').dentry;
    t.sys.k.memWrite(d + 136, new Uint8Array([0xf0]), 'test');
    t.rec.ctx.task = 'kswapd0';
    const from = t.mark();
    dies(() => t.sys.dcache.pruneDcache(10));
    const log = t.log(from);
    expect(log.slice(0, 3)).toEqual(['BUG: unable to handle kernel NULL pointer dereference at 0000000000000110', 'IP: [<ffffffff802a6b98>] d_free+0x18/0x80', 'PGD 0 ']);
    expect(log).toContainEqual(expect.stringMatching(/^RAX: 00000000000000f0 /));
    expect(t.rec.findings[0]).toMatchObject({ kind: 'mm.null_deref', fields: { field: 'd_op', addr: '0x0000000000000110' } });
  });

  it('prints the 6.8 oops layout on a 6.8 machine', () => {
    const t = bootSys({ kernel: '6.8' });
    const d = pathWalk(t.sys, '/etc/passwd').dentry;
    t.sys.k.memWrite(d + 40 + 4, new Uint8Array([0xf0]), 'test');
    const from = t.mark();
    dies(() => pathWalk(t.sys, '/etc/passwd'));
    const log = t.log(from);
    expect(log[0]).toMatch(/^BUG: unable to handle page fault for address: ffff88f0[0-9a-f]{8}$/);
    expect(log.slice(1, 3)).toEqual(['#PF: supervisor read access in kernel mode', '#PF: error_code(0x0000) - not-present page']);
    // the direct map's PGD is there; nothing backs 0xf0 << 32 beyond the end of RAM
    expect(log[3]).toBe('PGD 2a01067 P4D 2a01067 PUD 0 ');
    expect(log[4]).toBe('Oops: 0000 [#1] PREEMPT SMP NOPTI');
    expect(log[5]).toMatch(/^CPU: 0 PID: 0 Comm: swapper\/0 Not tainted 6\.8\.12-amd64 #1$/);
    expect(log).toContainEqual(expect.stringMatching(/^RIP: 0010:__d_lookup\+0x8a\/0x[0-9a-f]+$/));
    expect(log).toContain(' <TASK>');
    expect(log).toContainEqual(expect.stringMatching(/^ lookup_fast\+0x7a\//));
  });
});

describe('the dentry cache of 6.8 (struct dentry with d_sib/d_children, __d_alloc())', () => {
  it('initialises what __d_alloc() initialises: shrinking a poisoned cache frees without a report', () => {
    const t = bootSys({ kernel: '6.8', cmdline: 'slub_debug=FZPU' });
    t.rec.ctx.task = 'git';
    for (let i = 0; i < 20; i++) pathWalk(t.sys, `/usr/src/linux/kernel/file${i}.c`);
    const before = t.sys.dcache.nr;
    t.rec.ctx.task = 'kswapd0';
    const from = t.mark();
    // the 20 files, then their directories as they become unused: kernel, linux, src, usr
    expect(t.sys.traps.call(kswapdShrinkFrames(true), () => t.sys.dcache.pruneDcache(30))).toBe(24);
    expect(t.log(from)).toEqual([]);
    expect(t.rec.findings).toEqual([]);
    expect(t.sys.dcache.nr).toBe(before - 24);
    expect(t.sys.slub.slabErrors).toBe(0);
  });

  it('lays out the 6.8 dentry: 192 bytes, 40-byte inline names, children on hlists', () => {
    expect(DENTRY_68).toMatchObject({ size: 192, d_iname: 56, inlineLen: 40, d_count: 100, d_op: 104, d_sb: 112, d_child: 152, d_subdirs: 168, childrenHlist: true });
    const t = bootSys({ kernel: '6.8' });
    const dc = t.sys.dcache;
    const dir = pathWalk(t.sys, '/etc').dentry;
    const a = pathWalk(t.sys, '/etc/a').dentry;
    const b = pathWalk(t.sys, '/etc/b').dentry;
    const u64 = (phys: number): bigint => {
      const [lo, hi] = t.sys.k.mem.readU64(phys);
      return (BigInt(hi) << 32n) | BigInt(lo);
    };
    // hlist_add_head(): the newest child first; d_sib.pprev points at whoever points at it
    expect(u64(dir + 168)).toBe(dc.va(b) + 152n);
    expect(u64(b + 152)).toBe(dc.va(a) + 152n);
    expect(u64(b + 160)).toBe(dc.va(dir) + 168n);
    expect(u64(a + 160)).toBe(dc.va(b) + 152n);
    expect(u64(a + 104)).toBe(0n); // d_op = NULL
  });

  it('unlinks a pruned dentry from its parent like 2.6.25 d_kill(): list_del() poisons d_child', () => {
    const t = bootSys();
    const dc = t.sys.dcache;
    const dir = pathWalk(t.sys, '/tmp').dentry;
    const a = pathWalk(t.sys, '/tmp/a').dentry;
    dc.lru = [a];
    dc.pruneDcache(1);
    const [lo, hi] = t.sys.k.mem.readU64(dir + 96);
    expect((BigInt(hi) << 32n) | BigInt(lo)).toBe(dc.va(dir) + 96n); // the parent's d_subdirs is empty again
    expect(t.rec.findings).toEqual([]);
  });

  it('puts an unused dentry on dentry_unused once, across checkpoints too', () => {
    const t = bootSys();
    const dc = t.sys.dcache;
    const a = pathWalk(t.sys, '/tmp/a').dentry;
    const before = dc.lru.length;
    dc.dput(a);
    dc.dput(a);
    expect(dc.lru.length).toBe(before);
    const snap = dc.snapshot();
    const b = pathWalk(t.sys, '/tmp/b').dentry;
    expect(dc.lru.slice(before)).toEqual([b]);
    dc.restore(snap);
    expect(dc.lru.length).toBe(before);
    dc.dput(a);
    dc.dput(b);
    dc.dput(b);
    expect(dc.lru.filter((x) => x === b)).toEqual([b]);
    // pruned, they leave the list (their parent, unused now, takes their place)
    dc.pruneDcache(dc.lru.length);
    expect(dc.lru).not.toContain(a);
    expect(dc.lru).not.toContain(b);
  });
});
