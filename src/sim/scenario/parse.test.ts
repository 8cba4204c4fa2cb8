import { describe, expect, it } from 'vitest';
import { formatErrors, parseScenario } from './parse.ts';

const base = { format: 'kernscope/1', name: 'x', steps: [] as unknown[] };
const parse = (v: unknown) => parseScenario(JSON.stringify(v));
const errs = (v: unknown): string => {
  const r = parse(v);
  if (r.ok) throw new Error('expected errors');
  return formatErrors(r.errors);
};

describe('parseScenario', () => {
  it('accepts a minimal scenario and fills config defaults', () => {
    const r = parse(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.config).toMatchObject({ seed: 1, kernel: '6.8', cpus: 2, ramMiB: 256, vramMiB: 0, cmdline: '' });
  });

  it('accepts a "$schema" key for editors, and only as a string', () => {
    expect(parseScenario(JSON.stringify({ $schema: './kernscope.schema.json', ...base })).ok).toBe(true);
    expect(errs({ $schema: 5, ...base })).toContain('$schema: expected a URL or path of the JSON Schema (string), got 5');
  });

  it('names the JSON path and the wrong value, as the contract shows', () => {
    expect(errs({ ...base, steps: [{ op: 'kmalloc', size: 8, as: 'a' }, { op: 'kfree', ptr: 'a' }, { op: 'mark', label: 'x' }, { op: 'kmalloc', size: '64', as: 'b' }] })).toBe(
      'steps[3].size: expected a positive integer, got "64"',
    );
  });

  it('lists every problem, not just the first', () => {
    const out = errs({ format: 'kernscope/2', name: 'Bad Name', steps: [] });
    expect(out).toContain('format: expected "kernscope/1", got "kernscope/2"');
    expect(out).toContain('name: expected a slug');
  });

  it('rejects text that is not JSON with a line and column', () => {
    const r = parseScenario('{\n  "format": "kernscope/1",\n  oops\n}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]!.message).toMatch(/not valid JSON \(line 3, column 3\)/);
  });

  it('rejects unknown ops, ops of later subsystems, unknown fields and missing fields', () => {
    const out = errs({
      ...base,
      steps: [{ op: 'kmallocc', size: 8, as: 'a' }, { op: 'cpu_down' }, { op: 'kmalloc', size: 8, as: 'a', szie: 3 }, { op: 'kmem_cache_alloc', as: 'q' }],
    });
    expect(out).toContain('steps[0].op: unknown op "kmallocc" (did you mean "kmalloc"?)');
    expect(out).toContain('steps[1].cpu: expected the CPU to take down or bring up, but it is missing');
    expect(out).toContain('steps[2].szie: unknown field');
    expect(out).toContain('steps[3].cache: expected a name (string), but it is missing');
  });

  it('rejects pointer names that no earlier step binds, inside repeat too', () => {
    const out = errs({ ...base, steps: [{ op: 'kfree', ptr: 'nope' }, { op: 'repeat', times: 2, steps: [{ op: 'kfree', ptr: 'later' }] }, { op: 'kmalloc', size: 8, as: 'later' }] });
    expect(out).toContain('steps[0].ptr: pointer "nope" is not bound by an earlier step');
    expect(out).toContain('steps[1].steps[0].ptr: pointer "later" is not bound by an earlier step');
  });

  it('rejects caches never created, but knows the kmalloc caches', () => {
    const out = errs({ ...base, steps: [{ op: 'kmem_cache_alloc', cache: 'mine', as: 'a' }, { op: 'kmem_cache_alloc', cache: 'kmalloc-64', as: 'b' }] });
    expect(out).toBe('steps[0].cache: cache "mine" is not created by an earlier kmem_cache_create step');
  });

  it('enforces the step limit after repeat expansion with a clear message', () => {
    const out = errs({ ...base, steps: [{ op: 'repeat', times: 100000, steps: [{ op: 'repeat', times: 100, steps: [{ op: 'mark', label: 'x' }] }] }] });
    expect(out).toBe('steps: 10000000 steps after repeat expansion exceed the limit of 2000000');
  });

  it('enforces machine limits and write/expect_bytes field rules', () => {
    const out = errs({
      ...base,
      config: { machine: { ramMiB: 65536 } },
      steps: [{ op: 'kmalloc', size: 8, as: 'a' }, { op: 'write', ptr: 'a', hex: 'f0', xor: 1 }, { op: 'expect_bytes', ptr: 'a', fill: 0 }],
    });
    expect(out).toContain('config.machine.ramMiB: expected at most 4096 MiB of RAM (the simulator limit), got 65536');
    expect(out).toContain('steps[1]: expected exactly one of bytes, hex, u64, xor; got 2');
    expect(out).toContain('steps[2].len: expected a length with fill, but it is missing');
  });

  it('rejects unknown patches and finding kinds', () => {
    const out = errs({ ...base, config: { patches: { no_such_fix: true } }, steps: [{ op: 'expect', finding: 'slub.nothing' }] });
    expect(out).toContain('config.patches.no_such_fix: unknown patch "no_such_fix"');
    expect(out).toContain('steps[0].finding: expected a finding kind of docs/scenario-format.md, got "slub.nothing"');
  });

  it('never throws on garbage', () => {
    for (const t of ['', 'null', '[]', '"x"', '{"steps": 5}', '{"format":"kernscope/1","name":"a","steps":[null, 3, [], {"op": 5}]}', '\u0000\u001b[2J']) {
      const r = parseScenario(t);
      expect(r.ok).toBe(false);
    }
  });
});

describe('CPU numbers', () => {
  it('must exist on the configured machine', () => {
    const r = parseScenario(JSON.stringify({ format: 'kernscope/1', name: 'x', config: { machine: { cpus: 2 } }, steps: [{ op: 'mark', label: 'a', cpu: 1 }, { op: 'mark', label: 'b', cpu: 7 }] }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatErrors(r.errors)).toBe('steps[1].cpu: CPU 7 does not exist: config.machine.cpus is 2');
  });
});
