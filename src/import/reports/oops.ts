// Oopses: page_fault_oops() / no_context() (arch/x86/mm/fault.c: "BUG: unable to handle kernel
// paging request at", 2.6.x; "BUG: unable to handle page fault for address:", "BUG: kernel NULL
// pointer dereference, address:", 5.x+), die_addr() ("general protection fault"), do_trap() /
// handle_invalid_op() after BUG() ("kernel BUG at file:line!", "invalid opcode:"), and arm64's
// __do_kernel_fault() ("Unable to handle kernel paging request at virtual address") with die()'s
// "Internal error: Oops:".
import type { FindingKind } from '../../sim/scenario/kinds.ts';
import type { FieldValue, ImportedFinding } from '../types.ts';
import type { Report } from './common.ts';
import { callTrace, codeBytes, makeFinding, modules, registers, ripFrame, traces, truncatedUnless } from './common.ts';
import { titleIn } from './title.ts';

interface Shape {
  kind: FindingKind;
  what: string;
  fault?: string;
  skip?: RegExp[];
}

function shape(h: string): Shape {
  if (/NULL pointer dereference/.test(h)) return { kind: 'mm.null_deref', what: 'BUG: unable to handle kernel NULL pointer dereference', fault: 'NULL pointer dereference' };
  if (/^(?:BUG: unable to handle|Unable to handle kernel|kernel tried to execute)/.test(h)) {
    const access = /access to user memory/.test(h) ? 'access to user memory' : 'paging request';
    return { kind: 'mm.paging_request', what: `BUG: unable to handle kernel ${access}`, fault: access };
  }
  if (h.startsWith('general protection fault')) return { kind: 'mm.general_protection_fault', what: 'general protection fault', fault: 'general protection' };
  const bug = /^kernel BUG at ([^!\s]+)/.exec(h);
  if (bug !== null) {
    const src = bug[1]!;
    if (src.startsWith('lib/list_debug.c')) return { kind: 'list.corruption', what: 'BUG: corrupted list' };
    if (src.startsWith('mm/usercopy.c')) return { kind: 'mm.usercopy', what: 'BUG: bad usercopy', skip: [/usercopy/, /__check/] };
    // __phys_addr()'s VIRTUAL_BUG_ON (CONFIG_DEBUG_VIRTUAL): 2.6.25 arch/x86/mm/ioremap.c, later physaddr.c
    if (/^arch\/x86\/mm\/(?:physaddr|ioremap)\.c/.test(src)) return { kind: 'mm.virtual_bug', what: 'kernel BUG' };
    return { kind: 'kernel.bug', what: 'kernel BUG', skip: [/^skb_/] };
  }
  if (h.startsWith('invalid opcode')) return { kind: 'kernel.oops', what: 'invalid opcode' };
  if (/^divide.error/.test(h)) return { kind: 'kernel.oops', what: 'divide error' };
  return { kind: 'kernel.oops', what: 'Internal error' };
}

/** The faulting address the header (or CR2 / arm64's FAR) names. */
function faultAddress(header: string, regs: Record<string, string>, gpf: boolean): string | undefined {
  const g = /for non-canonical address (0x[0-9a-f]+)/.exec(header);
  if (g !== null) return g[1];
  if (gpf) return undefined;
  const m = /\b(?:at virtual address|address:|at|for address:?)\s+(?:0x)?([0-9a-f]{1,16})\b/.exec(header);
  if (m !== null) return `0x${m[1]!.padStart(16, '0')}`;
  return regs.CR2;
}

export function parseOops(r: Report): ImportedFinding {
  const t = r.t;
  const hi = Math.max(0, t.findIndex((s) => /^(?:BUG: |Unable to handle|general protection|kernel BUG at|invalid opcode|divide.error|Internal error|kernel tried)/.test(s)));
  // "kernel BUG at" names the bug; the "invalid opcode" after it is how BUG() traps
  const bugAt = t.findIndex((s) => s.startsWith('kernel BUG at '));
  const header = t[bugAt >= 0 ? bugAt : hi] ?? '';
  const s = shape(header);
  const all = traces(r);
  const rip = ripFrame(t);
  const ct = callTrace(all);
  const regs = registers(t);
  const fields: Record<string, FieldValue> = {};
  if (s.fault !== undefined) fields.fault = s.fault;
  const addr = s.fault === undefined ? undefined : faultAddress(header, regs, s.kind === 'mm.general_protection_fault');
  if (addr !== undefined) fields.address = addr;
  if (bugAt >= 0) fields.bug_at = /^kernel BUG at ([^!]+)!?/.exec(header)?.[1] ?? '';
  const oopsLine = t.find((s2) => /^(?:Oops|invalid opcode|Internal error|general protection fault)/.test(s2) && /\[#?\d+\]/.test(s2));
  if (oopsLine !== undefined) fields.oops = oopsLine.replace(/^(?:Oops|invalid opcode|Internal error|general protection fault[^:]*):\s*/, '');
  const pf = t.filter((s2) => s2.startsWith('#PF:'));
  if (pf.length > 0) fields.pf = pf;
  const pgd = t.find((s2) => /^(?:PGD|\*pde) /.test(s2));
  if (pgd !== undefined) fields.page_table = pgd;
  const kasan = t.find((s2) => s2.startsWith('KASAN: ') && s2.includes('in range'));
  if (kasan !== undefined) fields.kasan = kasan.slice(7);
  if (rip !== null) fields.ip = `${rip.fn}${rip.off !== undefined ? `+${rip.off}/${rip.size ?? ''}` : ''}`;
  if (Object.keys(regs).length > 0) fields.registers = regs;
  const code = codeBytes(t);
  if (code !== null) fields.code = code.at === undefined ? { bytes: code.bytes } : { bytes: code.bytes, at: code.at };
  const mods = modules(t);
  if (mods !== null) fields.modules = mods;
  const ti = titleIn(s.what, rip !== null ? [rip, ...ct] : ct, s.skip);
  const f = makeFinding(r, s.kind, ti.title, header, ct.length > 0 ? ct : rip !== null ? [rip] : [], all, fields, ti.blame);
  truncatedUnless(f, ct.length > 0 || rip !== null);
  return f;
}
