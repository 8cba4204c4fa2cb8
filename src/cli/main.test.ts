import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeShare } from '../share/url.ts';
import { main, type Io } from './main.ts';
import { SCENARIO_DIR } from './bundled.ts';

function io(files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const x: Io = {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    readFile: (p) => {
      if (p in files) return files[p]!;
      return readFileSync(p, 'utf8');
    },
  };
  return { x, out: () => out.join(''), err: () => err.join('') };
}

const redzone = join(SCENARIO_DIR, 'slub-redzone-overwrite.json');
const failing = JSON.stringify({
  format: 'kernscope/1',
  name: 'failing',
  steps: [{ op: 'expect', finding: 'slub.double_free' }],
});

describe('kernscope CLI', () => {
  it('run prints dmesg and exits 0 when every expect holds', async () => {
    const t = io();
    expect(await main(['run', redzone], t.x)).toBe(0);
    expect(t.out()).toMatch(/^\[    0\.000000\] Linux version /);
    expect(t.out()).toContain('BUG TestSlub_RZ_alloc (Not tainted): Right Redzone overwritten');
    expect(t.err()).toMatch(/slub-redzone-overwrite: \d+ events, \d+ findings, \d+ passed, 0 failed/);
  });

  it('run --json prints one report per file (NDJSON) in the contract format', async () => {
    const t = io({ 'f.json': failing });
    expect(await main(['run', redzone, 'f.json', '--json'], t.x)).toBe(1);
    const lines = t.out().trim().split('\n');
    expect(lines).toHaveLength(2);
    const r = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(r)).toEqual(['format', 'scenario', 'ok', 'events', 'findings', 'counters', 'expectations', 'stateHash', 'dmesg']);
    expect(r).toMatchObject({ format: 'kernscope-report/1', scenario: 'slub-redzone-overwrite', ok: true });
    const f = (r.findings as Record<string, unknown>[])[0]!;
    expect(f).toMatchObject({ kind: 'slub.redzone_overwritten', title: 'BUG TestSlub_RZ_alloc (Not tainted): Right Redzone overwritten' });
    expect(f.addr).toMatch(/^0xffff888[0-9a-f]{9}$/);
    expect(JSON.parse(lines[1]!)).toMatchObject({ scenario: 'failing', ok: false, expectations: [{ pass: false }] });
  });

  it('invalid input exits 2 and names the JSON path; other files still run', async () => {
    const bad = JSON.stringify({ format: 'kernscope/1', name: 'bad', steps: [{ op: 'kmalloc', size: '64', as: 'a' }] });
    const t = io({ 'bad.json': bad });
    expect(await main(['run', 'bad.json', redzone], t.x)).toBe(2);
    expect(t.err()).toContain('bad.json: steps[0].size: expected a positive integer, got "64"');
    expect(t.out()).toContain('Redzone overwritten');
    const n = io({ 'nojson.json': '{ nope' });
    expect(await main(['run', 'nojson.json'], n.x)).toBe(2);
    expect(n.err()).toContain('nojson.json: not valid JSON');
  });

  it('overrides replace the file config: --cmdline, --kconfig, --seed, and bad flags are usage errors', async () => {
    const a = io();
    await main(['run', redzone, '--json', '--seed', '7'], a.x);
    const b = io();
    await main(['run', redzone, '--json'], b.x);
    expect(JSON.parse(a.out()).stateHash).not.toBe(JSON.parse(b.out()).stateHash);
    const c = io();
    await main(['run', redzone, '--cmdline', 'slub_debug=FZPU quiet_flag'], c.x);
    expect(c.out()).toContain('Unknown kernel command line parameters "quiet_flag", will be passed to user space.');
    const d = io();
    expect(await main(['run', redzone, '--kconfig', 'CONFIG_FOO=maybe'], d.x)).toBe(2);
    expect(d.err()).toContain('--kconfig: expected CONFIG_NAME=y or CONFIG_NAME=n, got "CONFIG_FOO=maybe"');
    const e = io();
    expect(await main(['run', redzone, '--patch', 'nonexistent=on'], e.x)).toBe(2);
    expect(e.err()).toContain('unknown patch "nonexistent"');
  });

  it('--at N stops after event N', async () => {
    const full = io();
    await main(['run', redzone, '--json'], full.x);
    const all = JSON.parse(full.out()) as { events: number; findings: { event: number }[] };
    const first = all.findings[0]!.event;
    const t = io();
    await main(['run', redzone, '--json', '--at', String(first)], t.x);
    const r = JSON.parse(t.out()) as { events: number; findings: unknown[]; dmesg: string };
    expect(r.events).toBe(first);
    expect(r.findings).toHaveLength(0);
    expect(r.dmesg).not.toContain('Redzone overwritten');
    const over = io();
    expect(await main(['run', redzone, '--at', String(all.events + 1)], over.x)).toBe(2);
  });

  it('validate reports ok or every error', async () => {
    const t = io({ 'x.json': JSON.stringify({ format: 'kernscope/1', name: 'x', steps: [{ op: 'frob' }] }) });
    expect(await main(['validate', redzone, 'x.json'], t.x)).toBe(2);
    expect(t.out()).toContain('slub-redzone-overwrite.json: ok (slub-redzone-overwrite,');
    expect(t.err()).toContain('x.json: steps[0].op: unknown op "frob"');
  });

  it('url prints a share URL that decodes to the same scenario, event and overrides', async () => {
    const t = io();
    expect(await main(['url', redzone, '--at', '5', '--base', 'http://localhost:4173/', '--kconfig', 'CONFIG_DEBUG_VM=y'], t.x)).toBe(0);
    const url = new URL(t.out().trim());
    expect(url.origin).toBe('http://localhost:4173');
    const d = decodeShare(url.search, url.hash);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.state.text).toBe(readFileSync(redzone, 'utf8'));
    expect(d.state.at).toBe(5);
    expect(d.state.overrides).toEqual({ kconfig: { CONFIG_DEBUG_VM: true } });
  });

  it('list shows the bundled scenarios', async () => {
    const t = io();
    expect(await main(['list'], t.x)).toBe(0);
    expect(t.out()).toMatch(/^slub-debug-vs-init-on-free\s+What a freed object holds/m);
    expect(t.out().trim().split('\n').length).toBeGreaterThanOrEqual(4);
  });

  it('unknown commands are usage errors', async () => {
    const t = io();
    expect(await main(['frobnicate'], t.x)).toBe(2);
    expect(t.err()).toContain('unknown command "frobnicate"');
  });
});

describe('kernscope CLI as a process', () => {
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'kernscope.mjs');

  // Starts the CLI with the read end of its stdout (and of its stderr, with closeStderr) already
  // closed, as when `kernscope run FILE | head -3` has read its lines and gone: every write to the
  // pipe then fails with EPIPE.
  function runIntoClosedPipe(args: string[], closeStderr = false): Promise<{ code: number | null; signal: string | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      if (closeStderr) child.stderr.destroy();
      let stderr = '';
      if (!closeStderr) child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stderr }));
    });
  }

  it('ends quietly with its own exit code when the reader of stdout goes away early', async () => {
    const r = await runIntoClosedPipe(['run', redzone]);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(r.stderr).toMatch(/slub-redzone-overwrite: \d+ events, \d+ findings, \d+ passed, 0 failed/);
    expect(r).toMatchObject({ code: 0, signal: null });
  });

  it('ends quietly when stdout and stderr both lead into a closed pipe', async () => {
    expect(await runIntoClosedPipe(['list'], true)).toMatchObject({ code: 0, signal: null });
  });
});
