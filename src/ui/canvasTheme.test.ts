// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { cssVar, rgbOf, shownTheme, terminalTheme } from './canvasTheme.ts';
import { ownerRgb } from './panels/map/ownerColors.ts';

describe('colors of what the page draws itself', () => {
  it('reads the theme shown and its custom properties at draw time', () => {
    const root = document.documentElement;
    root.dataset.theme = 'dark';
    root.style.setProperty('--term', '#0b0e13');
    root.style.setProperty('--text', '#c9d1d9');
    expect(shownTheme()).toBe('dark');
    expect(terminalTheme('dark')).toMatchObject({ background: '#0b0e13', foreground: '#c9d1d9', cursor: '#0b0e13', yellow: '#d29922' });
    root.dataset.theme = 'light';
    root.style.setProperty('--term', '#ffffff');
    root.style.setProperty('--text', '#1f2328');
    expect(shownTheme()).toBe('light');
    // dark text and an ANSI palette readable on white
    const t = terminalTheme('light');
    expect(t).toMatchObject({ background: '#ffffff', foreground: '#1f2328', brightYellow: '#7d4e00' });
    expect(cssVar('--canvas-nothing', '#123456')).toBe('#123456');
    expect(rgbOf('#0969da')).toEqual([9, 105, 218]);
  });

  it('draws free and reserved frames quiet on either background, the other owners alike', () => {
    expect(ownerRgb('free')).toEqual([0x1b, 0x21, 0x2a]);
    expect(ownerRgb('free', true)).toEqual([0xe4, 0xe8, 0xed]);
    expect(ownerRgb('reserved (firmware)', true)).not.toEqual(ownerRgb('reserved (firmware)'));
    expect(ownerRgb('slab: kmalloc-64', true)).toEqual(ownerRgb('slab: kmalloc-64'));
  });
});
