// The header's light/dark switch; until pressed the page follows the system's preference.
import { useEffect, useState } from 'react';
import { applyTheme, browserThemeEnv, chosenTheme, chooseTheme, currentTheme, type Theme } from '../theme.ts';

export function ThemeToggle() {
  const [env] = useState(browserThemeEnv);
  const [theme, setTheme] = useState<Theme>(() => currentTheme(env));
  useEffect(() => {
    applyTheme(theme);
    const mq = window.matchMedia?.('(prefers-color-scheme: light)');
    if (!mq) return;
    const follow = () => {
      if (chosenTheme(env) === null) setTheme(currentTheme(env));
    };
    mq.addEventListener('change', follow);
    return () => mq.removeEventListener('change', follow);
  }, [env, theme]);
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      className="theme-toggle"
      aria-pressed={theme === 'light'}
      aria-label="Light theme"
      title={`Switch to the ${next} theme`}
      onClick={() => {
        chooseTheme(env, next);
        setTheme(next);
      }}
    >
      {theme === 'dark' ? '☾ Dark' : '☀ Light'}
    </button>
  );
}
