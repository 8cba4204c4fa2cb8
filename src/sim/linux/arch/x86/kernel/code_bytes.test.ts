import { describe, expect, it } from 'vitest';
import { codeWindow, D_LOOKUP_2625_SITES, functionText, movThrough, SEED_D_LOOKUP_F1, type FunctionTextQuery } from './code_bytes.ts';

const D_LOOKUP: FunctionTextQuery = { fn: '__d_lookup', size: 0x117, callOffset: 0x7f, v2625: true, frame: true };

/** The bytes of a window by their offset in the function, to compare two windows where they overlap. */
function byOffset(w: { bytes: readonly number[]; at: number }, off: number): Map<number, number> {
  return new Map(w.bytes.map((b, i) => [off - w.at + i, b]));
}

describe('code bytes of modeled functions (Code: lines)', () => {
  it('2.6.25 __d_lookup+0xf1 is the seed oops\'s own Code: line, 43 bytes before the faulting mov', () => {
    const w = codeWindow(D_LOOKUP, 0xf1);
    expect(w.at).toBe(43);
    expect(w.bytes).toEqual(SEED_D_LOOKUP_F1);
    // mov (%rax),%rax: pos->next through the pointer in RAX
    expect(w.bytes.slice(43, 46)).toEqual([0x48, 0x8b, 0x00]);
  });

  it('windows at the other sites of __d_lookup overlap the same bytes and start on their instructions', () => {
    const text = functionText(D_LOOKUP);
    expect(text.length).toBe(0x117);
    const at = (off: number, n: number): number[] => text.slice(off, off + n);
    expect(at(D_LOOKUP_2625_SITES.head, 3)).toEqual([0x48, 0x8b, 0x00]); // mov (%rax),%rax: head->first
    expect(at(D_LOOKUP_2625_SITES.hash, 4)).toEqual([0x44, 0x39, 0x73, 0x30]); // cmp %r14d,0x30(%rbx)
    expect(at(D_LOOKUP_2625_SITES.name, 2)).toEqual([0xf3, 0xa6]); // repz cmpsb: memcmp through RSI
    // the epilogue ends the function at its size, and the seed's jumps land on instructions
    expect(at(0x115, 2)).toEqual([0xc9, 0xc3]);
    expect(at(0x70, 4)).toEqual([0x4c, 0x39, 0x63, 0x28]); // jmp -0x96 from 0x101: cmp %r12,0x28(%rbx)
    expect(at(0x108, 4)).toEqual([0x48, 0x83, 0xc4, 0x28]); // jmp +0x31 from 0xd5: the return
    const a = byOffset(codeWindow(D_LOOKUP, 0xf1), 0xf1);
    const b = byOffset(codeWindow(D_LOOKUP, D_LOOKUP_2625_SITES.name), D_LOOKUP_2625_SITES.name);
    let shared = 0;
    for (const [off, v] of b) {
      if (!a.has(off)) continue;
      shared++;
      expect(a.get(off), `+0x${off.toString(16)}`).toBe(v);
    }
    expect(shared).toBe(0xd6 - 0xc6 + 1);
  });

  it('6.8 windows are 42 bytes before and 21 after; two sites of one stand-in text agree where they overlap', () => {
    const q: FunctionTextQuery = { fn: 'prune_one_dentry', size: 0x240, callOffset: 0x99, v2625: false, frame: false };
    const s1 = { off: 0x3d, insn: movThrough({ base: 'bx', disp: 0x18 }, false) };
    const w1 = codeWindow(q, 0x3d, s1);
    expect(w1.at).toBe(42);
    expect(w1.bytes.length).toBe(64);
    expect(w1.bytes.slice(42, 46)).toEqual([0x48, 0x8b, 0x43, 0x18]);
    const w2 = codeWindow(q, 0x50, { off: 0x50, insn: [0x0f, 0x0b] });
    // away from the two sites (each may refill the instruction it displaced) the stand-in is the same stream
    const a = byOffset(w1, 0x3d);
    let same = 0;
    for (const [off, v] of byOffset(w2, 0x50)) {
      if (!a.has(off) || (off >= 0x3d - 8 && off < 0x3d + 12) || off >= 0x50 - 8) continue;
      expect(a.get(off), `+0x${off.toString(16)}`).toBe(v);
      same++;
    }
    expect(same).toBeGreaterThan(10);
    // a return address into the function follows a call: e8 rel32 ends at the call offset
    expect(functionText(q)[0x99 - 5]).toBe(0xe8);
    // 6.8 functions start with endbr64
    expect(functionText(q).slice(0, 4)).toEqual([0xf3, 0x0f, 0x1e, 0xfa]);
  });

  it('encodes the mov through the register that holds the address', () => {
    expect(movThrough({ base: 'ax', disp: 0 }, false)).toEqual([0x48, 0x8b, 0x00]);
    expect(movThrough({ base: 'bx', disp: 0x30 }, false)).toEqual([0x48, 0x8b, 0x43, 0x30]);
    expect(movThrough({ base: 'r12', disp: 8 }, false)).toEqual([0x49, 0x8b, 0x44, 0x24, 0x08]);
    expect(movThrough({ base: 'bp', disp: 0 }, false)).toEqual([0x48, 0x8b, 0x45, 0x00]);
    expect(movThrough({ base: 'ax', disp: 8 }, true)).toEqual([0x48, 0x89, 0x50, 0x08]);
    expect(movThrough({ base: 'si', disp: 0x110 }, false)).toEqual([0x48, 0x8b, 0x86, 0x10, 0x01, 0x00, 0x00]);
  });
});
