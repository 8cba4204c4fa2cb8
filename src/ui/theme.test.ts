// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { chooseTheme, currentTheme, THEME_KEY, type ThemeEnv } from './theme.ts';

function env(prefersLight: boolean, stored: Record<string, string> = {}): ThemeEnv & { stored: Record<string, string> } {
  return {
    stored,
    storage: { getItem: (k) => stored[k] ?? null, setItem: (k, v) => void (stored[k] = v) },
    prefersLight: () => prefersLight,
  };
}

describe('theme', () => {
  it('follows the system until chosen, then keeps the choice', () => {
    const e = env(true);
    expect(currentTheme(e)).toBe('light');
    expect(currentTheme(env(false))).toBe('dark');
    chooseTheme(e, 'dark');
    expect(e.stored[THEME_KEY]).toBe('dark');
    expect(currentTheme(e)).toBe('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('ignores a stored value that is not a theme, and storage that throws', () => {
    expect(currentTheme(env(false, { [THEME_KEY]: 'purple' }))).toBe('dark');
    const broken: ThemeEnv = {
      storage: {
        getItem: () => {
          throw new Error('denied');
        },
        setItem: () => {
          throw new Error('denied');
        },
      },
      prefersLight: () => true,
    };
    expect(currentTheme(broken)).toBe('light');
    expect(() => chooseTheme(broken, 'dark')).not.toThrow();
  });
});
