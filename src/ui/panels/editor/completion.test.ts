import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { buildJsonSchema } from '../../../schema/jsonSchema.ts';
import { completeAt, type JsonSchema } from './completion.ts';

const SCHEMA = buildJsonSchema() as JsonSchema;

/** Labels offered with the cursor at "|". */
function offered(doc: string): string[] {
  const pos = doc.indexOf('|');
  const state = EditorState.create({ doc: doc.replace('|', '') });
  return (completeAt(SCHEMA, state, pos)?.options ?? []).map((o) => o.displayLabel ?? o.label);
}

describe('completion from the scenario schema', () => {
  it('offers op names in a step', () => {
    const ops = offered('{"steps": [{"op": "kmem|');
    expect(ops).toContain('kmem_cache_alloc');
    expect(ops).toContain('repeat');
    expect(ops).toContain('validate_slab_cache');
  });

  it('offers the fields of the step\'s op, op first, and the top-level and config fields', () => {
    const f = offered('{"steps": [{"op": "kmem_cache_create", "|');
    expect(f[0]).toBe('op');
    expect(f).toEqual(expect.arrayContaining(['cache', 'size', 'flags', 'task', 'cpu']));
    expect(f).not.toContain('ptr');
    expect(offered('{"|')).toEqual(expect.arrayContaining(['$schema', 'format', 'name', 'steps', 'config']));
    expect(offered('{"config": {"machine": {"|')).toEqual(expect.arrayContaining(['cpus', 'kernel', 'ramMiB']));
  });

  it('offers fixed values: kernels, finding kinds; steps inside repeat too', () => {
    expect(offered('{"config": {"machine": {"kernel": "|')).toEqual(expect.arrayContaining(['2.6.25', '5.10', '5.14-rc1', '5.15', '5.19', '6.8']));
    expect(offered('{"steps": [{"op": "expect", "finding": "slub.|')).toContain('slub.double_free');
    expect(offered('{"steps": [{"op": "repeat", "times": 2, "steps": [{"op": "kfree", "|')).toContain('ptr');
  });

  it('offers field names for a bare word typed where a key goes, to be inserted quoted', () => {
    const pos = '{"steps": [{"op": "kfree", pt'.length;
    const state = EditorState.create({ doc: '{"steps": [{"op": "kfree", pt' });
    const r = completeAt(SCHEMA, state, pos);
    expect(r?.from).toBe(pos - 2);
    expect(r?.options.map((o) => o.label)).toContain('ptr');
  });

  it('offers nothing outside a string or where the schema has no names', () => {
    expect(offered('{"steps": [|')).toEqual([]);
    expect(offered('{"steps": [{"op": "kfree", "cpu": 1|')).toEqual([]);
    expect(offered('{"name": "x|')).toEqual([]);
  });
});
