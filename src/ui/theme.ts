// Light or dark: the user's choice kept in this browser, else the system's (prefers-color-scheme)
// until one is chosen. The page's colors are CSS custom properties keyed on <html data-theme>.
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'kernscope.theme';

/** The storage and media query the choice is read from (window's in the browser). */
export interface ThemeEnv {
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  prefersLight: () => boolean;
}

export function browserThemeEnv(): ThemeEnv {
  let storage: Storage | null = null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null;
  }
  return { storage, prefersLight: () => window.matchMedia?.('(prefers-color-scheme: light)').matches ?? false };
}

export function chosenTheme(env: ThemeEnv): Theme | null {
  let v: string | null = null;
  try {
    v = env.storage?.getItem(THEME_KEY) ?? null;
  } catch {
    v = null;
  }
  return v === 'light' || v === 'dark' ? v : null;
}

export function currentTheme(env: ThemeEnv): Theme {
  return chosenTheme(env) ?? (env.prefersLight() ? 'light' : 'dark');
}

export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = theme;
}

export function chooseTheme(env: ThemeEnv, theme: Theme): void {
  try {
    env.storage?.setItem(THEME_KEY, theme);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyTheme(theme);
}
