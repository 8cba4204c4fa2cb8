// Rejoins lines that a mail client wrapped. In a block of prefixed lines (printk time, journal,
// syslog, or an ftrace `comm-pid [cpu] ts:` header) a line without a prefix at the same quote
// depth is a continuation when the previous line plus its first word would have been too long
// for the client (wrapping happens near 72-80 columns). Hex dump rows cut before their 16th byte
// are rejoined too. Everything else passes through unchanged.
import type { LogLine } from './prefix.ts';

const WRAP_WIDTH = 66;
const NOT_CONTINUATION = /^\s*(?:=>|#|From:|Date:|Subject:|To:|Cc:|On .{3,80} wrote:|--|8<|\[\.\.\]|\.\.\.|Signed-off-by:)/;
// trace_print_context(), kernel/trace/trace_output.c: "  comm-pid  [cpu] flags  timestamp: "
export const FTRACE_HEAD = /^\s*\S.{0,40}?-\d+\s+(?:\(\s*[-\d]+\)\s+)?\[\d{3}\]\s+(?:[.dDnNhHsSbBXzZp0-9]{4,6}\s+)?\d+\.\d+:/;
const COMPLETE_FRAME = /\+0x[0-9a-f]+\/0x[0-9a-f]+(?: \[[\w.-]+\])?\s*$/;
const PARTIAL_HEX_ROW = /(?:^|\s)(?:0x)?[0-9a-f]{6,16}:? +(?:[0-9a-f]{2} ){0,14}[0-9a-f]{2} *$/;
const HEX_START = /^\s*[0-9a-f]{2}(?: [0-9a-f]{2})*(?:\s|$)/;

function firstWordLength(s: string): number {
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  const start = i;
  while (i < s.length && s.charCodeAt(i) !== 32 && s.charCodeAt(i) !== 9) i++;
  return i - start;
}

function countHexBytes(row: string): number {
  const m = /:? +((?:[0-9a-f]{2} ?)+)\s*$/.exec(row);
  return m === null ? 0 : m[1]!.trim().split(/ +/).length;
}

export class Unwrapper {
  private held: LogLine | null = null;
  private heldIsFtrace = false;

  constructor(private readonly sink: (l: LogLine) => void) {}

  push(l: LogLine): void {
    const h = this.held;
    if (h !== null && this.continues(h, l)) {
      this.held = join(h, l);
      return;
    }
    if (h !== null) this.sink(h);
    this.held = l;
    this.heldIsFtrace = false;
  }

  end(): void {
    if (this.held !== null) this.sink(this.held);
    this.held = null;
  }

  private continues(prev: LogLine, cur: LogLine): boolean {
    if (cur.prefixed || cur.quote !== prev.quote || prev.cut) return false;
    const t = cur.text;
    if (t.length === 0 || t.trim().length === 0 || prev.text.trim().length === 0) return false;
    if (PARTIAL_HEX_ROW.test(prev.text) && HEX_START.test(t) && countHexBytes(prev.text) < 16) return true;
    if (!prev.prefixed) {
      if (!this.heldIsFtrace) {
        if (!FTRACE_HEAD.test(prev.text)) return false;
        this.heldIsFtrace = true;
      }
    }
    if (prev.text.endsWith('...') || NOT_CONTINUATION.test(t)) return false;
    // a line that ends in a whole frame is complete: what follows is other output (a serial console's)
    if (COMPLETE_FRAME.test(prev.text)) return false;
    if (FTRACE_HEAD.test(t)) return false;
    return prev.width + 1 + firstWordLength(t) > WRAP_WIDTH;
  }
}

function join(prev: LogLine, cur: LogLine): LogLine {
  const p = prev.text;
  const c = cur.text.trimStart();
  const last = p.charCodeAt(p.length - 1);
  // a break at a blank keeps no blank (or the client left one); a break inside a word at '/' or '-' had none
  const glue = last === 32 || last === 47 || last === 45 ? '' : ' ';
  return { ...prev, last: cur.last, text: p + glue + c, width: prev.width + 1 + cur.width };
}
