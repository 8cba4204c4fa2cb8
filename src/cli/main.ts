// kernscope CLI: run, validate, url, list. Exit 0 when every expect held, 1 when one failed, 2 for invalid input.
import { readFileSync } from 'node:fs';
import { encodeShare } from '../share/url.ts';
import { formatErrors, parseScenario, type InputError } from '../sim/scenario/parse.ts';
import { Session } from '../sim/scenario/session.ts';
import { parseCliOptions, UsageError, type CliOptions } from './args.ts';
import { bundledScenarios } from './bundled.ts';
import { cmdImport } from './import.ts';
import { cmdDiff, cmdProfile, cmdTrace } from './trace.ts';

export const USAGE = `usage:
  kernscope run FILE... [--json] [--cmdline S] [--kconfig CONFIG_X=y|n]... [--patch NAME=on|off]... [--seed N] [--at N]
  kernscope validate FILE...
  kernscope url FILE [--at N] [--base URL]
  kernscope list
  kernscope trace FILE [--from N] [--to N] [--graph-function F] [overrides]
  kernscope profile FILE [--from N] [--to N] [--json] [overrides]
  kernscope diff FILE --a "<overrides>" --b "<overrides>" [--profile] [--json]
  kernscope import FILE... [--json]
FILE may be - for standard input; overrides are --cmdline, --kconfig, --patch, --seed.`;

export interface Io {
  out(s: string): void;
  err(s: string): void;
  readFile(path: string): string;
}

// Writes to stdout or stderr. When the reader goes away early (`kernscope run FILE | head -3`) the
// pipe breaks: later writes are dropped and the process ends as it would have, with its own exit
// code, instead of dying of an unhandled EPIPE with a stack trace.
function pipeWriter(stream: NodeJS.WriteStream): (s: string) => void {
  let broken = false;
  let listening = false;
  return (s) => {
    if (!listening) {
      listening = true;
      stream.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EPIPE') throw e;
        broken = true;
      });
    }
    if (!broken && !stream.destroyed) stream.write(s);
  };
}

const nodeIo: Io = {
  out: pipeWriter(process.stdout),
  err: pipeWriter(process.stderr),
  readFile: (p) => readFileSync(p === '-' ? 0 : p, 'utf8'),
};

function readInput(io: Io, file: string): { text: string } | { error: string } {
  try {
    return { text: io.readFile(file) };
  } catch (e) {
    return { error: `cannot read ${file === '-' ? 'standard input' : file}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function printErrors(io: Io, file: string, errors: readonly InputError[]): void {
  for (const line of formatErrors(errors).split('\n')) io.err(`${file}: ${line}\n`);
}

function cmdRun(io: Io, o: CliOptions): number {
  if (o.files.length === 0) throw new UsageError('run: no scenario file given');
  let code = 0;
  for (const file of o.files) {
    const input = readInput(io, file);
    if ('error' in input) {
      io.err(`${input.error}\n`);
      if (o.json) io.out(JSON.stringify({ format: 'kernscope-report/1', file, ok: false, errors: [{ path: '', message: input.error }] }) + '\n');
      code = 2;
      continue;
    }
    const r = Session.open(input.text, o.overrides);
    if (!r.ok) {
      printErrors(io, file, r.errors);
      if (o.json) io.out(JSON.stringify({ format: 'kernscope-report/1', file, ok: false, errors: r.errors }) + '\n');
      code = 2;
      continue;
    }
    if (o.at !== undefined && o.at > r.session.total) {
      io.err(`${file}: --at ${o.at}: the run has only ${r.session.total} events\n`);
      code = 2;
      continue;
    }
    const report = r.session.report(o.at);
    if (o.json) io.out(JSON.stringify(report) + '\n');
    else io.out(report.dmesg);
    const failed = report.expectations.filter((e) => !e.pass);
    if (report.errors) {
      printErrors(io, file, report.errors);
      code = 2;
    } else if (failed.length > 0) code = Math.max(code, 1);
    if (!o.json) {
      for (const f of failed) io.err(`${file}: steps[${f.step}]: expectation failed: ${f.message}\n`);
      const passed = report.expectations.length - failed.length;
      io.err(`kernscope: ${report.scenario}: ${report.events} events, ${report.findings.length} findings, ${passed} passed, ${failed.length} failed\n`);
    }
  }
  return code;
}

function cmdValidate(io: Io, o: CliOptions): number {
  if (o.files.length === 0) throw new UsageError('validate: no scenario file given');
  let code = 0;
  for (const file of o.files) {
    const input = readInput(io, file);
    if ('error' in input) {
      io.err(`${input.error}\n`);
      code = 2;
      continue;
    }
    const r = parseScenario(input.text);
    if (r.ok) io.out(`${file}: ok (${r.scenario.name}, ${r.scenario.expandedSteps} steps)\n`);
    else {
      printErrors(io, file, r.errors);
      code = 2;
    }
  }
  return code;
}

function cmdUrl(io: Io, o: CliOptions): number {
  if (o.files.length !== 1) throw new UsageError('url: expected exactly one scenario file');
  const file = o.files[0]!;
  const input = readInput(io, file);
  if ('error' in input) {
    io.err(`${input.error}\n`);
    return 2;
  }
  const r = Session.open(input.text, o.overrides);
  if (!r.ok) {
    printErrors(io, file, r.errors);
    return 2;
  }
  if (o.at !== undefined && o.at > r.session.total) {
    io.err(`${file}: --at ${o.at}: the run has only ${r.session.total} events\n`);
    return 2;
  }
  io.out(encodeShare(o.base, input.text, o.at ?? null, o.overrides) + '\n');
  return 0;
}

function cmdList(io: Io): number {
  for (const s of bundledScenarios()) {
    const r = parseScenario(s.text);
    io.out(`${s.name.padEnd(30)} ${r.ok ? r.scenario.title : `(invalid: ${r.errors[0]?.message ?? ''})`}\n`);
  }
  return 0;
}

export async function main(argv: string[], io: Io = nodeIo): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    const o = parseCliOptions(rest);
    switch (cmd) {
      case 'run':
        return cmdRun(io, o);
      case 'validate':
        return cmdValidate(io, o);
      case 'url':
        return cmdUrl(io, o);
      case 'list':
        return cmdList(io);
      case 'trace':
      case 'profile':
      case 'diff': {
        const file = o.files[0];
        if (file === undefined || o.files.length !== 1) throw new UsageError(`${cmd}: expected exactly one scenario file`);
        const input = readInput(io, file);
        if ('error' in input) {
          io.err(`${input.error}\n`);
          return 2;
        }
        return cmd === 'trace' ? cmdTrace(io, o, input.text) : cmd === 'profile' ? cmdProfile(io, o, input.text) : cmdDiff(io, o, input.text);
      }
      case 'import':
        if (o.files.length === 0) throw new UsageError('import: no log file given');
        return await cmdImport(io, o.files, { json: o.json });
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE + '\n');
        return cmd === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${cmd}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`kernscope: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}
