import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../sim/scenario/parse.ts';
import { errorRange, jsonSpans, pathPrefixes } from './jsonPath.ts';

const TEXT = `{
  "format": "kernscope/1",
  "name": "x",
  "config": { "machine": { "cpus": 2 } },
  "steps": [
    { "op": "kmem_cache_create", "cache": "c", "size": "64" },
    { "op": "kmem_cache_alocate", "cache": "c", "as": "p" },
    { "op": "kfree", "ptr": "p", "szie": 3 }
  ]
}`;

const at = (text: string, e: { path: string; message: string }) => {
  const r = errorRange(text, e);
  return text.slice(r.from, r.to);
};

describe('errorRange', () => {
  it('finds the value at the path the parser names', () => {
    expect(at(TEXT, { path: 'steps[0].size', message: 'expected a positive integer, got "64"' })).toBe('"64"');
    expect(at(TEXT, { path: 'steps[1].op', message: 'unknown op "kmem_cache_alocate"' })).toBe('"kmem_cache_alocate"');
    expect(at(TEXT, { path: 'config.machine.cpus', message: 'x' })).toBe('2');
  });

  it('marks the key of an unknown field, and of an object', () => {
    expect(at(TEXT, { path: 'steps[2].szie', message: 'unknown field' })).toBe('"szie"');
    expect(at(TEXT, { path: 'config.machine', message: 'expected an object' })).toBe('"machine"');
  });

  it('marks the object that lacks a missing field: a step on its first line, the root at its brace', () => {
    expect(at(TEXT, { path: 'steps[2].len', message: 'expected a length, but it is missing' })).toBe('{ "op": "kfree", "ptr": "p", "szie": 3 }');
    expect(at(TEXT, { path: 'title2', message: 'x' })).toBe('{');
  });

  it('agrees with every error the parser reports for a broken scenario', () => {
    const r = parseScenario(TEXT);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const shown = r.errors.map((e) => `${e.path} -> ${at(TEXT, e)}`);
    expect(shown).toEqual(['steps[0].size -> "64"', 'steps[1].op -> "kmem_cache_alocate"', 'steps[2].szie -> "szie"']);
  });

  it('puts a JSON syntax error where the parser says it is, and keeps the paths before it', () => {
    const bad = '{\n  "format": "kernscope/1",\n  oops\n}';
    const r = parseScenario(bad);
    if (r.ok) throw new Error('expected an error');
    const range = errorRange(bad, r.errors[0]!);
    expect(bad.slice(range.from, range.from + 4)).toBe('oops');
    expect(jsonSpans(bad).get('format')?.value).toEqual({ from: 14, to: 27 });
  });

  it('never throws on garbage and stays inside the text', () => {
    for (const t of ['', '[', '{"a": [1, {"b": ', '"\\', '{"steps": [{"op": }]}', '\u0000']) {
      const r = errorRange(t, { path: 'steps[0].op', message: 'x' });
      expect(r.from).toBeGreaterThanOrEqual(0);
      expect(r.to).toBeLessThanOrEqual(t.length);
    }
  });
});

describe('pathPrefixes', () => {
  it('lists the ancestors of a path', () => {
    expect(pathPrefixes('steps[3].steps[0].size')).toEqual(['', 'steps', 'steps[3]', 'steps[3].steps', 'steps[3].steps[0]', 'steps[3].steps[0].size']);
    expect(pathPrefixes('')).toEqual(['']);
  });
});
