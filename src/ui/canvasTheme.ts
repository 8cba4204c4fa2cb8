// The colors of what the page draws itself (canvases, the dmesg terminal) in the theme shown: CSS
// custom properties read at draw time (styles.css defines them per theme), and a hook whose value
// changes with the theme so drawings redo themselves.
import { useSyncExternalStore } from 'react';
import type { ITheme } from '@xterm/xterm';
import type { Theme } from './theme.ts';

/** The theme the page shows (<html data-theme>). */
export function shownTheme(root: HTMLElement = document.documentElement): Theme {
  return root.dataset.theme === 'light' ? 'light' : 'dark';
}

function subscribe(onChange: () => void): () => void {
  const mo = new MutationObserver(onChange);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => mo.disconnect();
}

/** The theme shown, rerendering the caller when it changes. */
export function useShownTheme(): Theme {
  return useSyncExternalStore(subscribe, () => shownTheme(), () => 'dark');
}

/** A custom property of the theme shown (e.g. "--canvas"), or `fallback` where it is not set. */
export function cssVar(name: string, fallback: string, el: Element = document.documentElement): string {
  const v = getComputedStyle(el).getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

/** A #rrggbb color as [r, g, b] (black for anything else). */
export function rgbOf(color: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return [0, 0, 0];
  const v = parseInt(m[1]!, 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** ANSI colors the terminal's lines use (levels, timestamps, programs), readable on each background. */
const ANSI: Record<Theme, ITheme> = {
  dark: {
    selectionBackground: '#264f78',
    black: '#0b0e13',
    red: '#ff7b72',
    green: '#3fb950',
    yellow: '#d29922',
    blue: '#58a6ff',
    magenta: '#bc8cff',
    cyan: '#39c5cf',
    white: '#b1bac4',
    brightBlack: '#6e7681',
    brightRed: '#ff5f5f',
    brightGreen: '#56d364',
    brightYellow: '#e3b341',
    brightBlue: '#79c0ff',
    brightMagenta: '#d2a8ff',
    brightCyan: '#56d4dd',
    brightWhite: '#ffffff',
  },
  light: {
    selectionBackground: '#b6d7ff',
    black: '#1f2328',
    red: '#cf222e',
    green: '#116329',
    yellow: '#7d4e00',
    blue: '#0969da',
    magenta: '#8250df',
    cyan: '#0a6c74',
    white: '#59636e',
    brightBlack: '#59636e',
    brightRed: '#a40e26',
    brightGreen: '#1a7f37',
    brightYellow: '#7d4e00',
    brightBlue: '#0550ae',
    brightMagenta: '#6639ba',
    brightCyan: '#0a6c74',
    // only KERN_EMERG uses it, on red
    brightWhite: '#ffffff',
  },
};

/** The dmesg terminal's colors in `theme`: its background and text from the page's, its ANSI palette for that background. */
export function terminalTheme(theme: Theme): ITheme {
  const background = cssVar('--term', theme === 'light' ? '#ffffff' : '#0b0e13');
  return { ...ANSI[theme], background, foreground: cssVar('--text', theme === 'light' ? '#1f2328' : '#c9d1d9'), cursor: background };
}
