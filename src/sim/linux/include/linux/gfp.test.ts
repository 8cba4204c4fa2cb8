// __free_pages() of a page nobody holds with CONFIG_DEBUG_VM: dump_page()'s "page:" is the struct page.
import { describe, expect, it } from 'vitest';
import { Session } from '../../../scenario/session.ts';

function pageLine(machine: Record<string, unknown>): string {
  const steps = [
    { op: 'alloc_pages', order: 0, as: 'p' },
    { op: 'free_pages', ptr: 'p' },
    { op: 'free_pages', ptr: 'p' },
  ];
  const r = Session.open(JSON.stringify({ format: 'kernscope/1', name: 't', config: { machine, kconfig: { CONFIG_DEBUG_VM: true } }, steps }));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  const line = r.session.report().dmesg.split('\n').find((l) => / page:[0-9a-f]{16} refcount:0 /.test(l));
  if (line === undefined) throw new Error('no dump_page() line');
  return line.replace(/^\[[\s\d.]+\] /, '');
}

describe('dump_page() on a refcount underflow prints the struct page address', () => {
  it('x86-64 6.8: in the vmemmap at ffffea0000000000, 64 bytes per frame', () => {
    const l = pageLine({});
    const m = /^page:([0-9a-f]{16}) refcount:0 .* pfn:0x([0-9a-f]+)$/.exec(l)!;
    expect(BigInt('0x' + m[1]!)).toBe(0xffffea0000000000n + BigInt(parseInt(m[2]!, 16)) * 64n);
  });

  it('2.6.25: in its mem_map at ffffe20000000000, 56 bytes per frame', () => {
    const m = /^page:([0-9a-f]{16}) refcount:0 .* pfn:0x([0-9a-f]+)$/.exec(pageLine({ kernel: '2.6.25' }))!;
    expect(BigInt('0x' + m[1]!)).toBe(0xffffe20000000000n + BigInt(parseInt(m[2]!, 16)) * 56n);
  });

  it('arm64 6.9-rc2: the vmemmap projection of the linear map, with the pfn counted from RAM at 1 GiB', () => {
    const m = /^page:([0-9a-f]{16}) refcount:0 .* pfn:0x([0-9a-f]+)$/.exec(pageLine({ arch: 'arm64', kernel: '6.9-rc2' }))!;
    const pfn = parseInt(m[2]!, 16);
    expect(pfn).toBeGreaterThanOrEqual(0x40000);
    expect(BigInt('0x' + m[1]!)).toBe(0xfffffdffc0000000n + BigInt(pfn - 0x40000) * 64n);
  });
});
