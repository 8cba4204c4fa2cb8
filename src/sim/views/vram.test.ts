import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from '../scenario/session.ts';
import { vramBytes, vramView } from './vram.ts';

describe('VRAM view', () => {
  it('lists the buffers with their placement and the BAR window, and names who wrote VRAM bytes', () => {
    const r = Session.open(readFileSync(join(__dirname, '../../../scenarios/nouveau-suspend-eviction.json'), 'utf8'));
    if (!r.ok) throw new Error('bad scenario');
    const s = r.session;
    const m = s.runner.machine;
    const v = vramView(m);
    expect(v).toMatchObject({ vramBytes: 512 << 20, barBytes: 256 << 20 });
    const tex5 = v.bos.find((b) => b.name === 'ff-tex5')!;
    expect(tex5).toMatchObject({ mem: 'VRAM', beyondBar: true, owner: 'firefox-esr' });
    expect(v.bos.find((b) => b.name === 'ff-tex4')).toMatchObject({ mem: 'TT', beyondBar: false });
    const front = v.bos.find((b) => b.name === 'xorg-front')!;
    expect(front).toMatchObject({ mem: 'VRAM', pinned: true, lru: null });
    const bytes = vramBytes(m, s.rec, s.total, front.offset, 64)!;
    expect(bytes.bo).toBe('xorg-front');
    expect(bytes.writers).toEqual(['VRAM lost in S3 (power-on garbage)']);
    expect(bytes.pattern[0]).toBe('VRAM lost in S3');
    // before suspend the same bytes were Xorg's picture
    const mark = s.rec.log.length > 0 ? [...s.rec.log.withPayload()].find((e) => e.kind === 'mark' && e.payload!.label === 'suspend')!.index : 0;
    s.seek(mark);
    const before = vramBytes(m, s.rec, mark, front.offset, 64)!;
    expect(before.writers).toEqual(['Xorg (rendering)']);
  });
});
