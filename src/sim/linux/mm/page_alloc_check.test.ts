// check_new_page() and bad_page(), mm/page_alloc.c 5.14, with __dump_page(), mm/debug.c 5.14.
import { describe, expect, it } from 'vitest';
import { Session } from '../../scenario/session.ts';

function run(kconfig: Record<string, boolean>, steps: object[]): Session {
  const r = Session.open(JSON.stringify({ format: 'kernscope/1', name: 'bad-page-test', config: { machine: { kernel: '5.14-rc1' }, kconfig }, steps }));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session;
}

// a page freed, then put once more: without CONFIG_DEBUG_VM its _refcount silently goes to -1 on the free lists
const UNDERFLOW = [
  { op: 'alloc_pages', order: 0, as: 'p' },
  { op: 'free_pages', ptr: 'p' },
  { op: 'free_pages', ptr: 'p' },
];

describe('check_new_page()', () => {
  it('reports the page with a nonzero _refcount when it leaves the free lists, and never hands it out', () => {
    const s = run({}, [...UNDERFLOW, { op: 'alloc_pages', order: 0, as: 'q', task: 'kworker/0:2' }]);
    const rep = s.report();
    const p = s.runner.ptrs.get('p')!.phys! / 4096;
    const q = s.runner.ptrs.get('q')!.phys! / 4096;
    expect(q).not.toBe(p);
    const pfn = p.toString(16);
    expect(rep.dmesg).toContain(`BUG: Bad page state in process kworker/0:2  pfn:${pfn.padStart(5, '0')}`);
    expect(rep.dmesg).toMatch(new RegExp(`page:ffffea[0-9a-f]{10} refcount:-1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x${pfn}\\n`));
    expect(rep.dmesg).toContain('flags: 0xfffffc0000000(node=0|zone=1|lastcpupid=0x1fffff)');
    expect(rep.dmesg).toContain('raw: 000fffffc0000000 dead000000000100 dead000000000122 0000000000000000');
    expect(rep.dmesg).toContain('raw: 0000000000000000 0000000000000000 ffffffffffffffff 0000000000000000');
    expect(rep.dmesg).toContain('page dumped because: nonzero _refcount');
    // the report's own stack line is printed before bad_page() taints
    expect(rep.dmesg).toMatch(/Comm: kworker\/0:2 Not tainted/);
    expect(s.runner.machine.k.panic.printTainted()).toContain('B');
    expect(rep.findings.map((f) => [f.kind, f.refcount, f.reason])).toEqual([['mm.bad_page', -1, 'nonzero _refcount']]);
  });

  it('a clean free page passes', () => {
    const rep = run({}, [{ op: 'alloc_pages', order: 0, as: 'p' }, { op: 'free_pages', ptr: 'p' }, { op: 'alloc_pages', order: 0, as: 'q' }]).report();
    expect(rep.findings).toEqual([]);
    expect(rep.dmesg).not.toContain('Bad page state');
  });
});

describe('bad_page() on the arm64 6.9-rc2 machine (QEMU virt)', () => {
  it('prints arm64\'s dump_stack() frames, and the same pfn (RAM from 1 GiB) in the title and the page line', () => {
    const r = Session.open(JSON.stringify({ format: 'kernscope/1', name: 'bad-page-arm64', config: { machine: { arch: 'arm64', kernel: '6.9-rc2' } }, steps: [...UNDERFLOW, { op: 'alloc_pages', order: 0, as: 'q' }] }));
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    const lines = r.session.report().dmesg.split('\n').map((l) => l.replace(/^\[[\s\d.]+\] /, ''));
    const t = lines.findIndex((l) => l.startsWith('BUG: Bad page state in process '));
    const titlePfn = /pfn:([0-9a-f]+)$/.exec(lines[t]!)![1]!;
    expect(parseInt(titlePfn, 16)).toBeGreaterThanOrEqual(0x40000);
    expect(lines[t + 1]).toMatch(new RegExp(`^page:fffffdffc[0-9a-f]{7} refcount:-1 .* pfn:0x${titlePfn}$`));
    const c = lines.indexOf('Call trace:', t);
    expect(lines.slice(c + 1, c + 6).map((l) => l.trim().replace(/\+.*/, ''))).toEqual(['dump_backtrace', 'show_stack', 'dump_stack_lvl', 'dump_stack', 'bad_page']);
  });
});
