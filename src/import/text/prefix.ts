// What a pasted kernel line carries in front of the kernel's own text, peeled off in the order
// it was put on: mail quoting (`> `, `>> `, `> > `), indentation, the journalctl / syslog prefix
// (`gen 24 17:37:22 debian kernel: `, any locale's month), `dmesg -x` facility:level, the printk
// level `<4>`, the printk time `[ 1234.567890]` (print_time(), kernel/printk/printk.c) and the
// caller id `[  T1234]` / `[    C1]` (CONFIG_PRINTK_CALLER). Serial-console escape sequences and
// control bytes are dropped.
import type { Frame } from '../types.ts';

export interface LogLine {
  /** First and last input line this line was made of (unwrapping joins lines). */
  first: number;
  last: number;
  /** The kernel's text; leading blanks kept (frames are indented). */
  text: string;
  /** Mail quote depth. */
  quote: number;
  /** printk time in seconds, or -1. */
  ts: number;
  /** `T1234` / `C1` from CONFIG_PRINTK_CALLER, or ''. */
  caller: string;
  /** A journal/syslog line of another program (systemd-sleep[2228]: ...): not kernel text. */
  foreign: boolean;
  /** Had a kernel prefix (time, journal or syslog): lines without one after such lines may be wraps. */
  prefixed: boolean;
  /** Length of the line as the mail client saw it (without the quote), for the wrap heuristic. */
  width: number;
  /** The line was cut at the splitter's length cap. */
  cut: boolean;
  /** The stack frame the line holds, once someone asked (reports/frames.ts). */
  frame?: Frame | null;
}

// <mon> <day> <hh:mm:ss>[.frac] <host> <ident>[pid]: — the month in any locale (gen, Dez, 十二月)
const SYSLOG = /^(?:\S{2,12}\.? {1,2}\d{1,2},? |\d{4}-\d\d-\d\d[T ])\d\d:\d\d:\d\d(?:[.,]\d+)?(?:[+-]\d\d:?\d\d|Z)? +(\S+) +([^\s:[]+)(?:\[\d+\])?: ?/;
const DMESG_X = /^(?:kern|user|mail|daemon|auth|syslog|lpr|news) *:(?:emerg|alert|crit|err|warn|notice|info|debug) *: ?/;
const SHADOW_MARK = /^[0-9a-f]{8,16}:/;
const NOISY_TIME = /^\[\s*\d+\.\d{6}\]/;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0;
}

/** Parses `[ 1234.567890]` at `i`; returns [seconds, index after `]`] or null. */
function timestampAt(s: string, i: number): [number, number] | null {
  let j = i + 1;
  while (j < s.length && isSpace(s.charCodeAt(j))) j++;
  const d0 = j;
  while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
  if (j === d0 || s.charCodeAt(j) !== 46) return null;
  j++;
  const f0 = j;
  while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
  if (j === f0 || s.charCodeAt(j) !== 93) return null;
  return [Number(s.slice(d0, j)), j + 1];
}

/** Parses `[  T1234]` / `[ C1]` at `i`; returns [caller, index after `]`] or null. */
function callerAt(s: string, i: number): [string, number] | null {
  let j = i + 1;
  while (j < s.length && isSpace(s.charCodeAt(j))) j++;
  const c = s.charCodeAt(j);
  if (c !== 84 && c !== 67) return null;
  const k0 = j;
  j++;
  while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
  if (j === k0 + 1 || s.charCodeAt(j) !== 93) return null;
  return [s.slice(k0, j), j + 1];
}

export function parsePrefixes(raw: string, lineNo: number, cut: boolean): LogLine {
  let s = raw;
  // escape sequences and control bytes of a serial console; checked cheaply first, as most lines have none
  if ((s.charCodeAt(0) < 32 || s.indexOf('\x1b') >= 0 || s.indexOf('\x00') >= 0) && CONTROL.test(s)) s = s.replace(/\x1b(?:\[[0-9;?]*[ -/]*[@-~]|[@-_])|[\x00-\x08\x0b-\x1f\x7f]/g, '');
  // mail quoting: '>' at column 0, possibly repeated with blanks between
  let quote = 0;
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === 62) {
    // KASAN marks the shadow row of the bad access with '>' in front of its address: not a quote
    if (SHADOW_MARK.test(s.slice(i + 1, i + 18))) break;
    quote++;
    i++;
    while (i < s.length && isSpace(s.charCodeAt(i)) && i + 1 < s.length && s.charCodeAt(i + 1) === 62) i++;
  }
  if (quote > 0 && i < s.length && isSpace(s.charCodeAt(i))) i++;
  const width = s.length - i;
  // indentation before a journal or time prefix is the paster's, not the kernel's
  let j = i;
  while (j < s.length && isSpace(s.charCodeAt(j))) j++;
  let prefixed = false;
  let foreign = false;
  const c = s.charCodeAt(j);
  if (c !== 91 && c !== 60 && j < s.length && (c < 48 || c > 57 || s.charCodeAt(j + 4) === 45)) {
    // journal and syslog lines start with a month name or an ISO date
    const rest = j > 0 ? s.slice(j) : s;
    const m = SYSLOG.exec(rest);
    if (m !== null) {
      prefixed = true;
      if (m[2] !== 'kernel') foreign = true;
      j += m[0].length;
      // rsyslog escapes the newline and tab of a message as #012 and #011
      while (s.charCodeAt(j) === 35 && (s.startsWith('#012', j) || s.startsWith('#011', j))) j += 4;
    } else {
      const x = DMESG_X.exec(rest);
      if (x !== null) {
        prefixed = true;
        j += x[0].length;
      }
    }
  }
  // printk level from /dev/kmsg or a serial console: <4>
  if (s.charCodeAt(j) === 60 && s.charCodeAt(j + 2) === 62) {
    const d = s.charCodeAt(j + 1);
    if (d >= 48 && d <= 55) j += 3;
  }
  let ts = -1;
  let caller = '';
  if (s.charCodeAt(j) === 91) {
    const t = timestampAt(s, j);
    if (t !== null) {
      ts = t[0];
      j = t[1];
      prefixed = true;
      if (s.charCodeAt(j) === 91) {
        const cl = callerAt(s, j);
        if (cl !== null) [caller, j] = cl;
      }
      if (isSpace(s.charCodeAt(j))) j++;
    } else {
      const cl = callerAt(s, j);
      if (cl !== null) {
        [caller, j] = cl;
        prefixed = true;
        if (isSpace(s.charCodeAt(j))) j++;
      }
    }
  }
  if (!prefixed) {
    j = i;
    // serial-console noise in front of the printk time: "syzkaller login: [   59.806466][ T6792] BUG: ..."
    const k = s.indexOf('[', i + 1);
    if (k > 0 && NOISY_TIME.test(s.slice(k, k + 24))) {
      const t = timestampAt(s, k);
      if (t !== null) {
        ts = t[0];
        j = t[1];
        prefixed = true;
        if (s.charCodeAt(j) === 91) {
          const cl = callerAt(s, j);
          if (cl !== null) [caller, j] = cl;
        }
        if (isSpace(s.charCodeAt(j))) j++;
      }
    }
  }
  return { first: lineNo, last: lineNo, text: j > 0 ? s.slice(j) : s, quote, ts, caller, foreign, prefixed, width, cut };
}

/**
 * Where the kernel's text starts in a line that begins with the printk time (and maybe the caller
 * id), blanks after the prefix skipped; -1 for any other line. Allocates nothing: the importer's
 * fast path uses it to pass over lines that cannot matter.
 */
export function printkTextStart(s: string, start = 0): number {
  if (s.charCodeAt(start) !== 91) return -1;
  let j = start + 1;
  let c = s.charCodeAt(j);
  while (c === 32 || c === 0xa0 || c === 9) c = s.charCodeAt(++j);
  const d0 = j;
  while (c >= 48 && c <= 57) c = s.charCodeAt(++j);
  if (j === d0 || c !== 46) return -1;
  const f0 = ++j;
  c = s.charCodeAt(j);
  while (c >= 48 && c <= 57) c = s.charCodeAt(++j);
  if (j === f0 || c !== 93) return -1;
  c = s.charCodeAt(++j);
  if (c === 91) {
    // [  T1234] / [ C1]
    let k = j + 1;
    let d = s.charCodeAt(k);
    while (d === 32 || d === 0xa0) d = s.charCodeAt(++k);
    if (d === 84 || d === 67) {
      const k0 = ++k;
      d = s.charCodeAt(k);
      while (d >= 48 && d <= 57) d = s.charCodeAt(++k);
      if (k > k0 && d === 93) {
        j = k + 1;
        c = s.charCodeAt(j);
      }
    }
  }
  while (c === 32 || c === 0xa0 || c === 9) c = s.charCodeAt(++j);
  return j;
}


