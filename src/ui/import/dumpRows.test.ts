import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importText } from '../../import/importer.ts';
import { dumpBlocks, dumpPatterns } from './dumpRows.ts';

const slub = readFileSync(new URL('../../../e2e/fixtures/import/slub-redzone.txt', import.meta.url), 'utf8');

describe('dumpBlocks', () => {
  it('names the poison and red zone bytes of a SLUB report and marks the overwritten one', () => {
    const f = importText(slub).findings[0]!;
    const blocks = dumpBlocks(f);
    expect(blocks.map((b) => b.label)).toEqual(['Object', 'Redzone', 'Padding']);
    const red = blocks[1]!.rows[0]!.bytes;
    expect(red.map((b) => [b.value, b.name, b.bad])).toEqual([
      [0x00, '', true],
      [0xcc, 'SLUB_RED_ACTIVE', false],
      [0xcc, 'SLUB_RED_ACTIVE', false],
      [0xcc, 'SLUB_RED_ACTIVE', false],
    ]);
    expect(blocks[2]!.rows[0]!.bytes.every((b) => b.name === 'POISON_INUSE')).toBe(true);
    // the object's data ("1019.005") is data
    expect(blocks[0]!.rows[0]!.bytes.every((b) => b.name === '')).toBe(true);
    expect(dumpPatterns(blocks).map((p) => p.name)).toEqual(['SLUB_RED_ACTIVE', 'POISON_INUSE']);
  });

  it('reads KASAN shadow bytes as shadow states with the marked byte', () => {
    const f = importText(slub).findings[0]!;
    const k = { ...f, kind: 'kasan.use_after_free' as const, fields: { shadow: [{ label: 'Memory state around the buggy address', addr: '0xffff888012345600', hex: 'fb fb fb fc 00 04', marked: 1 }] } };
    const b = dumpBlocks(k)[0]!;
    expect(b.shadow).toBe(true);
    expect(b.rows[0]!.bytes.map((x) => [x.name.split(':')[0], x.bad])).toEqual([
      ['KASAN_SLAB_FREE', false],
      ['KASAN_SLAB_FREE', true],
      ['KASAN_SLAB_FREE', false],
      ['KASAN_SLAB_REDZONE', false],
      ['accessible', false],
      ['first 4 of 8 bytes accessible', false],
    ]);
  });
});
