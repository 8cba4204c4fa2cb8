// From an imported SLUB report to a scenario with that cache's geometry and the corrupted bytes:
// a cache of the report's object size with the debug flags its dumps show (red zones, poison,
// tracking), an object, the store the report found (the bytes of its dumps that break their
// pattern), and the check that finds it (validate_slab_cache(), a second kfree()).
import { dumpsOf } from '../reports/dumps.ts';
import type { FieldValue, ImportedFinding } from '../types.ts';
import { slabGeometry } from './slab_geometry.ts';
import { type GeneratedScenario, type ScenarioStep, slug, type StepValue } from './types.ts';

interface Overwrite {
  region: string;
  offset: number;
  hex: string;
}

function overwrites(f: ImportedFinding): Overwrite[] {
  const v = f.fields.overwritten;
  if (!Array.isArray(v)) return [];
  return (v as readonly FieldValue[]).flatMap((x) => {
    const o = x as { region?: unknown; offset?: unknown; hex?: unknown };
    return typeof o.region === 'string' && typeof o.offset === 'number' && typeof o.hex === 'string' ? [{ region: o.region, offset: o.offset, hex: o.hex }] : [];
  });
}

export function slubScenario(f: ImportedFinding): GeneratedScenario | null {
  const inferred: string[] = [];
  const steps: ScenarioStep[] = [];
  const step = (op: string, fields: Record<string, StepValue>) => steps.push({ ...fields, op });
  const reportCache = typeof f.fields.cache === 'string' ? f.fields.cache : null;
  const kmalloc = reportCache !== null ? /^kmalloc-(?:cg-|rcl-|dma-)?(\d+)$/.exec(reportCache) : null;
  let size = typeof f.fields.object_size === 'number' ? f.fields.object_size : kmalloc !== null ? Number(kmalloc[1]) : 0;
  if (size <= 0) {
    size = 64;
    inferred.push('object size: the report has no Object dump and no kmalloc-<size> cache name; 64 bytes');
  }
  // the scenario's own cache, so that its flags are the report's whatever slub_debug was
  const cache = `imported-${(reportCache ?? 'cache').replace(/[^A-Za-z0-9_.:-]/g, '_')}`.slice(0, 60);
  const dumps = dumpsOf(f.fields.dumps);
  const flags = ['SLAB_RED_ZONE', 'SLAB_POISON', 'SLAB_STORE_USER'];
  if (!dumps.some((d) => /Redzone/.test(d.label))) inferred.push('debug flags: the dumps show no red zone; SLAB_RED_ZONE, SLAB_POISON and SLAB_STORE_USER (slub_debug=FZPU) as a report with dumps has');
  const geo = slabGeometry(size, { redZone: true, poison: true, storeUser: true, hwcacheAlign: false });
  if (geo === null) return null;
  step('kmem_cache_create', { cache, size, flags, note: `the report's cache ${reportCache ?? '(unnamed)'}: object size ${size}, ${geo.objects} objects per order-${geo.order} slab` });
  step('kmem_cache_alloc', { cache, as: 'p' });
  const ow = overwrites(f);
  const bytesOf = (hex: string) => hex.split(' ').map((b) => parseInt(b, 16));
  const pick = (re: RegExp): Overwrite | undefined => ow.find((o) => re.test(o.region));
  switch (f.kind) {
    case 'slub.redzone_overwritten': {
      const o = pick(/Redzone/);
      if (o === undefined) inferred.push('overwritten bytes: not in the report; one 0x00 byte right after the object');
      // a right red zone begins right after the object; Left Redzone reports are aimed there too
      step('write', { ptr: 'p', offset: size + (o !== undefined && /Right|^Redzone$/.test(o.region) ? Math.min(o.offset, 7) : 0), bytes: o !== undefined ? bytesOf(o.hex).slice(0, 8) : [0], note: 'the store past the object the report caught' });
      step('validate_slab_cache', { cache });
      break;
    }
    case 'slub.poison_overwritten': {
      const o = pick(/^Object$/);
      const range = Array.isArray(f.fields.range) ? String((f.fields.range as readonly FieldValue[])[0]) : null;
      const object = typeof f.fields.object === 'string' ? f.fields.object : null;
      const offset = o !== undefined ? o.offset : range !== null && object !== null ? Number(BigInt(range) - BigInt(object)) : 0;
      if (o === undefined) inferred.push('overwritten bytes: the Object dump is not in the report; one 0x00 byte');
      step('kmem_cache_free', { ptr: 'p' });
      step('write', { ptr: 'p', offset: Math.max(0, Math.min(offset, size - 1)), bytes: o !== undefined ? bytesOf(o.hex).slice(0, Math.max(1, size - offset - 1)) : [0], note: 'the store into the freed object (use after free)' });
      step('validate_slab_cache', { cache });
      break;
    }
    case 'slub.padding_overwritten': {
      const o = pick(/^Padding$/);
      if (geo.padding === 0) return null;
      // p is the first slot of a fresh slab: its object starts red_left_pad bytes in, the padding ends the slab
      const end = 4096 * 2 ** geo.order - geo.redLeftPad;
      const bytes = o !== undefined ? bytesOf(o.hex).slice(0, Math.min(16, geo.padding)) : [0x6b];
      if (o === undefined) inferred.push('overwritten bytes: not in the report; one 0x6b byte');
      inferred.push(`where in the padding: the report's padding offsets belong to its own slab; the last ${bytes.length} bytes of this slab's ${geo.padding}-byte padding`);
      step('write', { ptr: 'p', offset: end - bytes.length, bytes, note: `inferred: into the slab's padding, the ${geo.padding} bytes after the last of ${geo.objects} slots` });
      step('validate_slab_cache', { cache });
      break;
    }
    case 'slub.freepointer_corrupt': {
      step('kmem_cache_free', { ptr: 'p' });
      const fp = typeof f.fields.fp === 'string' && /^0x[0-9a-f]{1,16}$/.test(f.fields.fp) ? f.fields.fp : '0xffff88f000000000';
      if (fp === '0xffff88f000000000') inferred.push('the corrupted free pointer: not in the report; a pointer outside the slab');
      step('write', { ptr: 'p', offset: 'freeptr', u64: fp, note: 'the free pointer the report found corrupt' });
      step('validate_slab_cache', { cache });
      break;
    }
    case 'slub.double_free':
      step('kmem_cache_free', { ptr: 'p' });
      step('kmem_cache_free', { ptr: 'p', note: 'the second free the report caught' });
      break;
    case 'slub.objects_remaining':
      step('kmem_cache_destroy', { cache, note: 'destroying the cache with p still allocated' });
      break;
    default:
      return null;
  }
  step('expect', { finding: f.kind, count: 1 });
  const inferredText = inferred.length > 0 ? `\n\n**Inferred** (not in the report):\n${inferred.map((x) => `- ${x}`).join('\n')}` : '';
  return {
    reproduces: f.kind,
    inferred,
    scenario: {
      format: 'kernscope/1',
      name: slug(`imported-${f.title}`),
      title: `Imported: ${f.title}`,
      description: `Built from the report \`${f.header || f.title}\` (input lines ${f.lines.first}-${f.lines.last}): a cache with the report's object size (${size} bytes) and debug flags, one object, and the bytes the report found. The simulated machine is 6.8 x86-64 whatever kernel printed the report.${inferredText}`,
      source: `imported report: ${f.title}`,
      config: { cmdline: 'slub_debug=FZPU' },
      steps,
    },
  };
}
