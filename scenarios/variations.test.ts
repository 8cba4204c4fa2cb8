// Each bundled scenario under other seeds and RAM sizes: the bug still reproduces (or stays fixed)
// where its mechanism does not depend on where memory lands; where it does (text_poke() hitting
// whatever owns the wrong frame), the stray writes still happen and every victim comes after them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session, type Report } from '../src/sim/scenario/session.ts';

const dir = __dirname;
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

interface Variant {
  seed?: number;
  ramMiB?: number;
}
const VARIANTS: Variant[] = [{ seed: 5 }, { ramMiB: 512 }];

/** Scenarios whose victims depend on which frame text_poke()'s wrong virt_to_page() lands in. */
const PLACEMENT_DEPENDENT = new Set(['text-poke-0xf0.json', 'cpu-hotplug-offline-online.json']);
/** What a stray LOCK prefix can break, downstream of the poke. */
const VICTIM_KINDS = /^(slub\.|mm\.user_corruption|mm\.paging_request|mm\.null_deref)/;

function run(text: string, v: Variant): Report {
  const s = JSON.parse(text) as { config?: { seed?: number; machine?: { ramMiB?: number } } };
  s.config ??= {};
  if (v.seed !== undefined) s.config.seed = v.seed;
  if (v.ramMiB !== undefined) s.config.machine = { ...(s.config.machine ?? {}), ramMiB: v.ramMiB };
  const r = Session.open(JSON.stringify(s));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session.report();
}

describe('bundled scenarios under other seeds and RAM sizes', () => {
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const v of VARIANTS) {
      it(`${f} with ${JSON.stringify(v)}`, () => {
        const r = run(text, v);
        expect(r.errors).toBeUndefined();
        if (!PLACEMENT_DEPENDENT.has(f)) {
          for (const e of r.expectations) expect(e, e.message).toMatchObject({ pass: true });
          return;
        }
        const strays = r.findings.filter((x) => x.kind === 'mm.stray_write');
        expect(strays.length).toBeGreaterThan(0);
        expect(r.dmesg).toContain('SMP alternatives: switching to UP code');
        const first = Math.min(...strays.map((x) => x.event));
        for (const x of r.findings.filter((y) => VICTIM_KINDS.test(y.kind))) expect(x.event, `${x.kind} before any stray write`).toBeGreaterThan(first);
      }, 120_000);
    }
  }
});
