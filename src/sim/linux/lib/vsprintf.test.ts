import { describe, expect, it } from 'vitest';
import { KallSyms } from '../kernel/kallsyms.ts';
import { LAYOUT_6_8 } from '../arch/x86/include/asm/pgtable_64_types.ts';
import { Sites } from './vsprintf.ts';

describe('Sites.codeBytes (a WARN\'s Code: line)', () => {
  it('cuts 42 bytes before the ud2 and 21 after from the function\'s text, the call before the trap included', () => {
    const syms = new KallSyms(LAYOUT_6_8, () => null);
    const sites = new Sites(syms);
    const code = sites.codeBytes('__might_resched', false, false).split(' ');
    expect(code).toHaveLength(64);
    expect(code[42]).toBe('<0f>');
    expect(code[43]).toBe('0b');
    // the return offset follows a call: e8 rel32 right before the trap
    expect(code[37]).toBe('e8');
    expect(sites.codeBytes('__might_resched', false, false)).toBe(code.join(' '));
  });
});
