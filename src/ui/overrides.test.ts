import { describe, expect, it } from 'vitest';
import { describePatch, effectiveKconfig, fileConfig, kconfigKeys, normalizeOverrides, patchKeys, withCmdline, withKconfig, type KnownOptions } from './overrides.ts';

/** What a run says its kernel offers (the options its models read, their defaults on its machine). */
const KNOWN: KnownOptions = {
  kconfigOptions: ['CONFIG_SLUB_DEBUG', 'CONFIG_SLUB_DEBUG_ON', 'CONFIG_INIT_ON_ALLOC_DEFAULT_ON', 'CONFIG_INIT_ON_FREE_DEFAULT_ON', 'CONFIG_DEBUG_VM', 'CONFIG_PROVE_LOCKING', 'CONFIG_SMP'],
  kconfigDefaults: { CONFIG_SLUB_DEBUG: true, CONFIG_PROVE_LOCKING: true, CONFIG_SMP: true },
  patches: [{ name: 'fix-a', description: 'the fix' }],
};

const text = JSON.stringify({ format: 'kernscope/1', name: 'x', config: { cmdline: 'slub_debug=FZ', kconfig: { CONFIG_SLUB_DEBUG_ON: true, CONFIG_FOO: false } }, steps: [] });

describe('overrides', () => {
  it('reads the file config tolerantly', () => {
    expect(fileConfig(text)).toEqual({ cmdline: 'slub_debug=FZ', kconfig: { CONFIG_SLUB_DEBUG_ON: true, CONFIG_FOO: false }, patches: {} });
    expect(fileConfig('{')).toEqual({ cmdline: '', kconfig: {}, patches: {} });
    expect(fileConfig(null).cmdline).toBe('');
  });

  it('takes the override, then the file, then the contract defaults', () => {
    const f = fileConfig(text);
    expect(effectiveKconfig(KNOWN, f, {}, 'CONFIG_SLUB_DEBUG_ON')).toBe(true);
    expect(effectiveKconfig(KNOWN, f, { kconfig: { CONFIG_SLUB_DEBUG_ON: false } }, 'CONFIG_SLUB_DEBUG_ON')).toBe(false);
    expect(effectiveKconfig(KNOWN, f, {}, 'CONFIG_SLUB_DEBUG')).toBe(true);
    expect(effectiveKconfig(KNOWN, f, {}, 'CONFIG_INIT_ON_FREE_DEFAULT_ON')).toBe(false);
  });

  it('keeps only what differs from the file, so flipping back clears the override', () => {
    const f = fileConfig(text);
    const on = withKconfig(KNOWN, f, {}, 'CONFIG_INIT_ON_FREE_DEFAULT_ON', true);
    expect(on).toEqual({ kconfig: { CONFIG_INIT_ON_FREE_DEFAULT_ON: true } });
    expect(withKconfig(KNOWN, f, on, 'CONFIG_INIT_ON_FREE_DEFAULT_ON', false)).toEqual({});
    expect(withCmdline(KNOWN, f, {}, 'slub_debug=FZ')).toEqual({});
    expect(withCmdline(KNOWN, f, {}, 'init_on_free=1')).toEqual({ cmdline: 'init_on_free=1' });
    expect(normalizeOverrides(KNOWN, f, { seed: 3, patches: { p: false } })).toEqual({ seed: 3 });
  });

  it('lists the switches the run offers, then the scenario own', () => {
    const keys = kconfigKeys(KNOWN, fileConfig(text), { kconfig: { CONFIG_ZZZ: true } });
    expect(keys.slice(0, 4)).toEqual(['CONFIG_SLUB_DEBUG', 'CONFIG_SLUB_DEBUG_ON', 'CONFIG_INIT_ON_ALLOC_DEFAULT_ON', 'CONFIG_INIT_ON_FREE_DEFAULT_ON']);
    expect(keys).toContain('CONFIG_DEBUG_VM');
    expect(keys.slice(-2)).toEqual(['CONFIG_FOO', 'CONFIG_ZZZ']);
    expect(kconfigKeys(KNOWN, fileConfig(text), {})).toContain('CONFIG_SMP');
    expect(effectiveKconfig(KNOWN, fileConfig(text), {}, 'CONFIG_SMP')).toBe(true);
  });

  it('lists the patches the run knows and the scenario names, with their descriptions', () => {
    expect(patchKeys(KNOWN, { cmdline: '', kconfig: {}, patches: { 'fix-b': true } }, {})).toEqual(['fix-a', 'fix-b']);
    expect(describePatch(KNOWN, 'fix-a')).toBe('the fix');
    expect(describePatch(KNOWN, 'fix-b')).toBe('');
  });
});
