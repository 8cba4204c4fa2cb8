import { describe, expect, it } from 'vitest';
import { nameHash, ownerCategory, ownerColor, ownerMark, ownerRgb, ownerTexture, sortLegend, textured } from './ownerColors.ts';

function hue([r, g, b]: [number, number, number]): number {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === min) return 0;
  const d = max - min;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

describe('owner colors', () => {
  it('are a function of the name: the same in every run, whatever id the worker interned', () => {
    expect(ownerColor('slab:dentry')).toBe(ownerColor('slab:dentry'));
    expect(ownerColor('module text: ath5k')).toMatch(/^#[0-9a-f]{6}$/);
    // pinned values: a change of palette is a visible change, made on purpose
    expect(ownerColor('kernel text')).toBe('#e5534b');
    expect(ownerColor('free')).toBe('#1b212a');
    expect(nameHash('slab:dentry')).toBe(nameHash('slab:dentry'));
    expect(nameHash('user: kmail')).not.toBe(nameHash('user: testf'));
  });

  it('sorts owners into categories by the names the model gives them', () => {
    expect(ownerCategory('free')).toBe('free');
    expect(ownerCategory('reserved (BIOS)')).toBe('reserved');
    expect(ownerCategory('kernel text')).toBe('kernel-text');
    expect(ownerCategory('kernel data')).toBe('kernel-data');
    expect(ownerCategory('kernel (early allocations)')).toBe('kernel');
    expect(ownerCategory('memmap')).toBe('kernel');
    expect(ownerCategory('dentry hash table')).toBe('kernel');
    expect(ownerCategory('module text: ath5k')).toBe('module');
    expect(ownerCategory('slab:dentry')).toBe('slab');
    expect(ownerCategory('kmalloc (large)')).toBe('slab');
    expect(ownerCategory('user: testf')).toBe('user');
    expect(ownerCategory('page tables (kmail)')).toBe('page-tables');
    expect(ownerCategory('pages (alloc_pages)')).toBe('pages');
    expect(ownerCategory('something new')).toBe('other');
  });

  it('keeps each category in its band of hues, and tells owners of one category apart', () => {
    for (const m of ['ath5k', 'usbcore', 'ipv6', 'mac80211']) {
      const h = hue(ownerRgb(`module text: ${m}`));
      expect(h).toBeGreaterThanOrEqual(278);
      expect(h).toBeLessThanOrEqual(352);
    }
    for (const c of ['dentry', 'kmalloc-64', 'TestSlub_RZ_alloc']) {
      const h = hue(ownerRgb(`slab:${c}`));
      expect(h).toBeGreaterThanOrEqual(186);
      expect(h).toBeLessThanOrEqual(247);
    }
    for (const u of ['kmail', 'testf', 'git-status']) {
      const h = hue(ownerRgb(`user: ${u}`));
      expect(h).toBeGreaterThanOrEqual(60);
      expect(h).toBeLessThanOrEqual(180);
    }
    expect(ownerColor('user: kmail')).not.toBe(ownerColor('user: testf'));
    expect(ownerColor('module text: ath5k')).not.toBe(ownerColor('module text: usbcore'));
  });

  it('orders the legend kernel first, free last, bigger owners first within a category', () => {
    const sorted = sortLegend([
      { name: 'free', frames: 30000 },
      { name: 'user: testf', frames: 16 },
      { name: 'user: kmail', frames: 21760 },
      { name: 'slab:dentry', frames: 400 },
      { name: 'module text: ath5k', frames: 27 },
      { name: 'kernel text', frames: 768 },
    ]);
    expect(sorted.map((e) => e.name)).toEqual(['kernel text', 'module text: ath5k', 'slab:dentry', 'user: kmail', 'user: testf', 'free']);
  });
});

describe('owner marks and textures', () => {
  it('gives each kind of owner a letter and free/reserved a texture, so color is not the only carrier', () => {
    expect(ownerMark('kernel text')).toBe('T');
    expect(ownerMark('slab: kmalloc-64')).toBe('S');
    expect(ownerMark('user: bash')).toBe('U');
    expect(ownerMark('free')).toBe('·');
    expect(ownerTexture('free')).toBe('checker');
    expect(ownerTexture('reserved (firmware)')).toBe('stripes');
    expect(ownerTexture('slab: x')).toBeNull();
    expect([0, 1, 2, 3].map((c) => textured('checker', c, 0))).toEqual([false, true, false, true]);
    expect([0, 1, 2, 3].map((c) => textured('stripes', c, 0))).toEqual([true, false, false, true]);
    expect(textured(null, 1, 0)).toBe(false);
  });
});
