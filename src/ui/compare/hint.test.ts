import { describe, expect, it } from 'vitest';
import { overridesLabel, parseHint } from './hint.ts';

describe('parseHint', () => {
  it('reads the flags the descriptions write', () => {
    expect(parseHint('--kconfig CONFIG_INIT_ON_FREE_DEFAULT_ON=n')).toEqual({ kconfig: { CONFIG_INIT_ON_FREE_DEFAULT_ON: false } });
    expect(parseHint('--cmdline slub_debug=P,poisoned_cache')).toEqual({ cmdline: 'slub_debug=P,poisoned_cache' });
    expect(parseHint('--cmdline "slub_debug=FPZ init_on_alloc=1 init_on_free=1"')).toEqual({ cmdline: 'slub_debug=FPZ init_on_alloc=1 init_on_free=1' });
    expect(parseHint('--cmdline ""')).toEqual({ cmdline: '' });
    expect(parseHint('--kconfig CONFIG_INIT_ON_FREE_DEFAULT_ON=n --cmdline slub_debug=FPZ')).toEqual({ kconfig: { CONFIG_INIT_ON_FREE_DEFAULT_ON: false }, cmdline: 'slub_debug=FPZ' });
    expect(parseHint('--patch text_poke_core_kernel_text')).toEqual({ patches: { text_poke_core_kernel_text: true } });
    expect(parseHint('--patch fix=off --seed 7')).toEqual({ patches: { fix: false }, seed: 7 });
    expect(parseHint('slub_debug=FPZ')).toEqual({ cmdline: 'slub_debug=FPZ' });
    expect(parseHint('init_on_alloc=1 slub_debug')).toEqual({ cmdline: 'init_on_alloc=1 slub_debug' });
  });

  it('is no hint for prose, code or a flag without its value', () => {
    for (const t of ['SLAB_RED_ZONE', 'local_irq_disable', '&tty->buf_lock', 'ttm_bo_move_memcpy()', '--kconfig FOO', '--cmdline', '--at 5', 'b', '']) expect(parseHint(t)).toBeNull();
  });

  it('labels overrides as flags', () => {
    expect(overridesLabel({ cmdline: 'a b', kconfig: { CONFIG_X: false }, patches: { p: true }, seed: 3 })).toBe('--cmdline "a b" --kconfig CONFIG_X=n --patch p=on --seed 3');
    expect(overridesLabel({})).toBe('the scenario as written');
  });
});
