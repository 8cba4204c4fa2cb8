import { describe, expect, it } from 'vitest';
import { pngName } from './exportPng.ts';

describe('pngName', () => {
  it('names the view and the cursor in safe characters', () => {
    expect(pngName('Memory map', 17)).toBe('kernscope-memory-map-17.png');
    expect(pngName('page_pool', null)).toBe('kernscope-page-pool.png');
    expect(pngName('///', 3)).toBe('kernscope-view-3.png');
  });
});
