// Stack frames as the kernel prints them: printk("%pS") (`fn+0x1a/0x40 [module]`), print_ip_sym()
// with the address first (`[<ffffffff802a1e85>] do_lookup+0x35/0x220`, 2.6.x), 2.6.25's module
// frames (`:mmc_core:mmc_add_card+0xa2/0x140`), its decimal kallsyms prefix
// (`[device_add+1092/1376] device_add+0x444/0x560`), the unreliable mark (`? fn`), ARM's
// `(fn+0x../0x..) from`, ftrace stacks (`=> fn`), and syzbot's symbolized frames
// (`fn+0x../0x.. mm/slub.c:123`, `fn mm/kasan/report.c:475 [inline]`).
import type { Frame } from '../types.ts';

const ADDR_PREFIX = /^\s*(?:\[<?(?:0x)?[0-9a-f]{6,16}>?\]\s*)+/;
const KALLSYMS_DEC = /^\s*\[[\w.]+\+\d+\/\d+\]\s+/;
const SYM = /^(\?\s+)?(?::([\w-]+):)?([A-Za-z_.$][\w.$]*)\+0x([0-9a-f]+)\/0x([0-9a-f]+)(?:\s+\[([\w.-]+)(?:\s[^\]]*)?\])?(?:\s+([\w./+-]+\.\w+:\d+)(?::\d+)?)?(\s+\[inline\])?/;
const INLINE = /^([A-Za-z_][\w.$]*)\s+([\w./+-]+\.\w+:\d+)(?::\d+)?\s+\[inline\]\s*$/;
const ARM = /^\s*\[<[0-9a-f]+>\]\s+\(([A-Za-z_.$][\w.$]*)(?:\+0x([0-9a-f]+)\/0x([0-9a-f]+))?(?:\s+\[([\w.-]+)\])?\)\s+from\b/;
const FTRACE = /^\s*=>\s+([A-Za-z_.$][\w.$]*)(?:\+0x([0-9a-f]+)\/0x([0-9a-f]+))?(?:\s+\[([\w.-]+)\])?\s*$/;
const TAIL = /^(?:\(unreliable\)|\S+\.\w+:\d+(?::\d+)?)$/;
const ADDR_ONLY = /\[<?(?:0x)?([0-9a-f]{6,16})>?\]/;

function build(fn: string, off: string | undefined, size: string | undefined, module: string | undefined): Frame {
  const f: Frame = { fn };
  if (off !== undefined) f.off = `0x${off}`;
  if (size !== undefined) f.size = `0x${size}`;
  if (module !== undefined) f.module = module;
  return f;
}

/** The frame a whole line holds, or null when the line is not a frame. */
const IRQ_MARK = /^<(?:IRQ|EOI|NMI)>\s+/;

export function parseFrameLine(line: string): Frame | null {
  let t = line.trimStart();
  // 4.x prints the interrupt stack's marker in front of its first frame: "<IRQ>  [<ffffffff813a0886>] fn+0x2a6/0x4f0"
  if (t.charCodeAt(0) === 60 && IRQ_MARK.test(t)) t = t.replace(IRQ_MARK, '');
  if (t.length < 3) return null;
  const c = t.charCodeAt(0);
  if (c === 61) {
    const m = FTRACE.exec(t);
    return m === null ? null : build(m[1]!, m[2], m[3], m[4]);
  }
  if (c === 91 && t.includes('(') && t.includes(') from')) {
    const m = ARM.exec(t);
    if (m !== null) return build(m[1]!, m[2], m[3], m[4]);
  }
  let rest = t;
  let addr: string | undefined;
  if (c === 91) {
    const a = ADDR_PREFIX.exec(t);
    if (a !== null) {
      const am = ADDR_ONLY.exec(a[0]);
      if (am !== null) addr = `0x${am[1]!}`;
      rest = t.slice(a[0].length);
    } else {
      const k = KALLSYMS_DEC.exec(t);
      if (k === null) return null;
      rest = t.slice(k[0].length);
    }
  }
  const m = SYM.exec(rest);
  if (m === null) {
    const i = INLINE.exec(rest);
    return i === null ? null : { fn: i[1]!, inline: true, src: i[2]! };
  }
  // the frame must be the whole line, bar trailing decoration such as "(unreliable)"
  if (m[0].length < rest.length) {
    const tail = rest.slice(m[0].length).trim();
    if (tail.length > 0 && !TAIL.test(tail)) return null;
  }
  const f = build(m[3]!, m[4], m[5], m[6] ?? m[2]);
  if (m[1] !== undefined) f.unreliable = true;
  if (m[7] !== undefined) f.src = m[7];
  if (m[8] !== undefined) f.inline = true;
  if (addr !== undefined) f.addr = addr;
  return f;
}

const SYM_ANYWHERE = /(?::([\w-]+):)?([A-Za-z_.$][\w.$]*)\+0x([0-9a-f]+)\/0x([0-9a-f]+)(?:\s+\[([\w.-]+)(?:\s[^\]]*)?\])?/;

/** The first `fn+0xoff/0xsize` anywhere in a line: IP/RIP/pc lines, `at:` lines, WARNING headers. */
export function findSymbol(line: string): Frame | null {
  const m = SYM_ANYWHERE.exec(line);
  if (m === null) return null;
  return build(m[2]!, m[3], m[4], m[5] ?? m[1]);
}

/** The function name without compiler suffixes (.constprop.0, .isra.13, .part.0, .cold). */
export function baseName(fn: string): string {
  const i = fn.indexOf('.');
  return i > 0 ? fn.slice(0, i) : fn;
}

/** `fn+0x1a/0x40 [mod]` as the kernel prints it. */
export function formatFrame(f: Frame): string {
  let s = f.fn;
  if (f.off !== undefined) s += `+${f.off}${f.size !== undefined ? `/${f.size}` : ''}`;
  if (f.module !== undefined) s += ` [${f.module}]`;
  if (f.inline) s += ' [inline]';
  return s;
}
