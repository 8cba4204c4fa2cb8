import { describe, expect, it } from 'vitest';
import { kstrtobool, splitCmdline } from './cmdline.ts';

describe('kernel command line', () => {
  it('splits like next_arg(), with quotes and dashes-to-underscores in names', () => {
    const p = splitCmdline('  slub_debug=FZ;P,kmalloc-* init-on-free=1 nosmp foo="a b" ');
    expect(p.map((x) => [x.name, x.value])).toEqual([
      ['slub_debug', 'FZ;P,kmalloc-*'],
      ['init_on_free', '1'],
      ['nosmp', null],
      ['foo', 'a b'],
    ]);
  });

  it('reads booleans like kstrtobool()', () => {
    expect(['1', 'y', 'Y', 'on', 'true'].map(kstrtobool)).toEqual([true, true, true, true, true]);
    expect(['0', 'n', 'off', 'false'].map(kstrtobool)).toEqual([false, false, false, false]);
    expect(kstrtobool('maybe')).toBe(null);
    expect(kstrtobool(null)).toBe(null);
  });
});
