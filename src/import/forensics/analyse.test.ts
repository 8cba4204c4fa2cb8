import { describe, expect, it } from 'vitest';
import type { ImportedFinding } from '../types.ts';
import { analyse } from './analyse.ts';
import { sharedPatterns } from './shared.ts';

function finding(fields: ImportedFinding['fields']): ImportedFinding {
  return { kind: 'mm.paging_request', title: 't', header: 'h', lines: { first: 1, last: 1 }, trace: [], traces: [], forensics: [], fields };
}

describe('analyse', () => {
  it('merges the places one value appears in, and names the stray byte', () => {
    const f = finding({ address: '0xffff81f02003f16c', registers: { RSI: '0xffff81f02003f16c', RBX: '0xffff81002003f0e0', CR2: '0xffff81f02003f16c' }, kernel: '2.6.25-rc8-mm2_64' });
    analyse(f, 'RBX: ffff81002003f0e0 RSI: ffff81f02003f16c');
    expect(f.forensics).toHaveLength(1);
    expect(f.forensics[0]).toMatchObject({ where: 'fault address, RSI, CR2', tag: 'byte:0xf0', likely: '0xffff81002003f16c' });
  });

  it('reads pointers out of dumps and names poison runs', () => {
    const f = finding({ dumps: [{ label: 'Object', addr: '0xffff888003a1c040', hex: `${'6b '.repeat(8)}6b 6b 6b 6b 6b 6b 6b 6b 00 01 00 00 00 00 ad de 6b 6b 6b 6b 6b 6b 6b a5` }] });
    analyse(f, '');
    expect(f.forensics.map((x) => [x.where, x.tag])).toEqual([
      ['Object +0x0', 'run:POISON_FREE'],
      ['Object +0x18', 'run:POISON_FREE'],
      ['Object +0x1f', 'run:POISON_END'],
      ['Object +0x10', 'list-poison'],
    ]);
  });

  it('marks the shadow byte of a KASAN report', () => {
    const f = finding({ shadow: [{ label: 'shadow', addr: '0xffff8801c5b1dd80', hex: 'fb fb fb fb', marked: 2 }] });
    analyse(f, '');
    expect(f.forensics).toEqual([{ where: 'shadow (marked)', value: '0xfb', tag: 'kasan-shadow', note: 'shadow byte of the bad access: KASAN_SLAB_FREE: freed slab object' }]);
  });
});

describe('sharedPatterns', () => {
  it('counts a report once, leaves quoted duplicates and private tags out', () => {
    const f = (tags: string[], dup?: number) => ({ forensics: tags.map((tag) => ({ where: '', value: '', tag, note: '' })), ...(dup !== undefined ? { duplicateOf: dup } : {}) });
    const p = sharedPatterns([f(['byte:0xf0', 'byte:0xf0']), f(['null+offset']), f(['byte:0xf0', 'null+offset']), f(['byte:0xf0'], 0)]);
    expect(p).toEqual([{ tag: 'byte:0xf0', findings: [0, 2], note: expect.stringMatching(/^2 reports share a stray byte 0xf0/) }]);
  });
});
