import { describe, expect, it } from 'vitest';
import { hex } from '../linux/arch/x86/include/asm/pgtable_64_types.ts';
import { PAGE_SIZE } from '../linux/include/linux/mm_types.ts';
import { Session } from '../scenario/session.ts';
import { hexView } from './hexview.ts';
import { nonCanonical, translate } from './translate.ts';

function open(scenario: object): Session {
  const r = Session.open(JSON.stringify({ format: 'kernscope/1', ...scenario }));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  r.session.seek(r.session.total);
  return r.session;
}

function read(s: Session, phys: number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  s.runner.machine.k.mem.read(phys, out);
  return out;
}

/** 2.6.25 with a module loaded and a user program's buffer filled (text-poke-0xf0 in small). */
function old(): Session {
  return open({
    name: 'translate-2-6-25',
    config: { seed: 11, machine: { kernel: '2.6.25', cpus: 2, ramMiB: 256 } },
    steps: [
      { op: 'module_load', name: 'usbcore' },
      { op: 'user_fill', task: 'testf', size: 65536 },
    ],
  });
}

describe('hex view of addresses outside the direct map', () => {
  it('explains a non-canonical address by the byte that breaks it (mm.paging_request 0xf0ff81000806d478)', () => {
    const s = old();
    const m = s.runner.machine;
    const nc = nonCanonical(0xf0ff81000806d478n)!;
    expect(nc.why).toContain('byte 7 (bits 63..56, the top byte) is 0xf0 where 0xff belongs');
    expect(nc.canonical).toBe(0xffff81000806d478n);
    const v = hexView(m, s.rec, s.total, 0xf0ff81000806d470n, 256);
    expect(v.len).toBe(0);
    expect(v.error).toContain('0xf0ff81000806d470 is not a canonical x86-64 address');
    expect(v.error).toContain('0xf0 where 0xff belongs');
    expect(v.error).toContain('it would be 0xffff81000806d470, which is mapped: physical 0x806d470 through the direct map');
    expect(v.error).not.toContain('direct map (0x');
    expect(v.canonical).toBe('0xffff81000806d470');
    // a user address with a stray high byte, and bit 47 alone
    expect(nonCanonical(0x00f07f02b3c167b8n)!.why).toContain('byte 6 (bits 55..48) is 0xf0 where 0x00 belongs');
    expect(nonCanonical(0xffff7f0000000000n)!.why).toContain('bit 47 (the top bit of byte 5, 0x7f) is 0');
    expect(nonCanonical(0xffff810000000000n)).toBeNull();
    expect(nonCanonical(0x00007f0000000000n)).toBeNull();
  });

  it('shows module text through the module area (DEBUG_VIRTUAL\'s module address)', () => {
    const s = old();
    const m = s.runner.machine;
    const area = m.vmalloc.list().find((a) => a.owner.includes('usbcore'))!;
    expect(area).toBeDefined();
    const va = area.addr + 0x7b0n;
    const v = hexView(m, s.rec, s.total, va, 256);
    expect(v.error).toBeNull();
    expect(v.phys).toBe(area.pages[0]! * PAGE_SIZE + 0x7b0);
    expect(v.via).toContain('module area');
    expect(v.via).toContain('usbcore');
    expect(v.owner).toContain('usbcore');
    expect([...v.bytes]).toEqual([...read(s, v.phys!, 256)]);
    expect(v.addr).toBe(hex(va));
  });

  it('shows a 2.6.25 user address through the task\'s mapping, page by page', () => {
    const s = old();
    const m = s.runner.machine;
    const map = m.user.mapping('testf')!;
    expect(map.pages.length).toBeGreaterThan(1);
    // 16 bytes before the end of the first page: the view goes on in the frame of the second page
    const va = map.start + BigInt(PAGE_SIZE - 16);
    const v = hexView(m, s.rec, s.total, va, 64);
    expect(v.error).toBeNull();
    expect(v.len).toBe(64);
    expect(v.phys).toBe(map.pages[0]! * PAGE_SIZE + PAGE_SIZE - 16);
    expect(v.via).toContain('user: testf, anonymous mapping at');
    expect([...v.bytes.subarray(0, 16)]).toEqual([...read(s, map.pages[0]! * PAGE_SIZE + PAGE_SIZE - 16, 16)]);
    expect([...v.bytes.subarray(16)]).toEqual([...read(s, map.pages[1]! * PAGE_SIZE, 48)]);
    expect(v.owner).toBe('user: testf');
    // written by the program's stores: provenance comes through too
    expect(v.writers.some((w) => w.includes('testf'))).toBe(true);
    // past the mapping: the view stops there and says why
    const end = map.start + BigInt(map.pages.length * PAGE_SIZE) - 32n;
    const tail = hexView(m, s.rec, s.total, end, 64);
    expect(tail.len).toBe(32);
    expect(tail.note).toContain('no address space maps it');
    // nobody's address
    expect(hexView(m, s.rec, s.total, 0x1000n, 16).error).toContain('is a user address, and no address space maps it');
  });

  it('shows a 6.8 user address through the page tables in simulated frames, and says when it is swapped out (madvise\'s buf)', () => {
    const s = open({
      name: 'translate-6-8',
      config: { seed: 1, machine: { cpus: 2 } },
      steps: [
        { op: 'mmap', as: 'buf', size: 65536, folio_order: 0, task: 'singlethread' },
        { op: 'madvise', ptr: 'buf', offset: 4096, len: 4096, advice: 'pageout', task: 'singlethread' },
      ],
    });
    const m = s.runner.machine;
    const mm = m.usermm.mmOf('singlethread')!;
    const vma = mm.vmas[0]!;
    const start = BigInt(vma.start);
    const t = translate(m, start);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.via).toContain('user: singlethread');
    expect(t.via).toContain('mapping "buf"');
    const v = hexView(m, s.rec, s.total, start, 64);
    expect(v.error).toBeNull();
    expect(v.phys).toBe(t.phys);
    expect(v.owner).toContain('singlethread');
    // the page MADV_PAGEOUT swapped out
    const out = hexView(m, s.rec, s.total, start + 4096n, 64);
    expect(out.error).toMatch(/swapped out|PTE is empty/);
    expect(out.error).toContain('singlethread');
  });

  it('leaves the direct map as it was', () => {
    const s = old();
    const m = s.runner.machine;
    const va = m.k.layout.pageOffset + 0x100000n;
    const v = hexView(m, s.rec, s.total, va, 128);
    expect(v.error).toBeNull();
    expect(v.phys).toBe(0x100000);
    expect(v.via).toBeUndefined();
    expect(v.note).toBeUndefined();
    // past the end of RAM
    expect(hexView(m, s.rec, s.total, m.k.layout.pageOffset + (1n << 40n), 16).error).toContain('past the end of RAM');
  });

  it('follows arm64\'s layout: the linear map at ffff000000000000, the image at KIMAGE_VADDR, the hole between the ranges', () => {
    const s = open({ name: 'translate-arm64', config: { machine: { arch: 'arm64' } }, steps: [{ op: 'kmalloc', size: 64, as: 'p' }] });
    const m = s.runner.machine;
    expect(translate(m, 0xffff000000300000n)).toEqual({ ok: true, phys: 0x300000, via: null });
    const img = translate(m, 0xffff80000c14b820n);
    expect(img).toMatchObject({ ok: true, phys: 0x02200000 + 0x414b820 });
    const hole = translate(m, 0xdead000000000108n);
    expect(hole.ok).toBe(false);
    if (!hole.ok) expect(hole.why).toContain('between the user and kernel address ranges');
  });
});
