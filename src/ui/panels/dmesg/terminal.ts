// dmesg lines for xterm. Scenario text is untrusted: every control character
// (C0, DEL, C1 incl. the 8-bit CSI 0x9b) is shown escaped, never interpreted,
// so a scenario cannot move the cursor, recolor, retitle or query the terminal.
import type { PrintkLine } from '../../../worker/protocol.ts';

type LogLevel = PrintkLine['level'];

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Control characters as `\xNN`, like util-linux dmesg does; tabs become spaces. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => (c === '\t' ? '    ' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

const RESET = '\x1b[0m';

/** SGR colors of `dmesg --color`: emerg..crit bold red, err red, warning yellow, notice cyan, debug dim. */
export const LEVEL_SGR: Readonly<Record<LogLevel, string>> = {
  0: '\x1b[1;97;41m',
  1: '\x1b[1;91m',
  2: '\x1b[1;91m',
  3: '\x1b[91m',
  4: '\x1b[93m',
  5: '\x1b[96m',
  6: '',
  7: '\x1b[90m',
};

export const LEVEL_NAMES: Readonly<Record<LogLevel, string>> = {
  0: 'KERN_EMERG',
  1: 'KERN_ALERT',
  2: 'KERN_CRIT',
  3: 'KERN_ERR',
  4: 'KERN_WARNING',
  5: 'KERN_NOTICE',
  6: 'KERN_INFO',
  7: 'KERN_DEBUG',
};

const STAMP = /^(\[[ 0-9]+\.[0-9]+\])( ?)/;

/** One printed line ("[   50.444066] text") as escaped, colored terminal output with CRLF. */
/** A line a user-space program printed (its stdout): the program's comm in cyan, no kernel timestamp. */
export function programLine(comm: string, text: string): string {
  return `\x1b[36m${escapeControl(comm)} \u2502${RESET} ${escapeControl(text)}\r\n`;
}

export function terminalLine(line: string, level: LogLevel): string {
  const safe = escapeControl(line);
  const m = STAMP.exec(safe);
  const stamp = m ? `\x1b[32m${m[1]}${RESET}${m[2]}` : '';
  const body = m ? safe.slice(m[0].length) : safe;
  const sgr = LEVEL_SGR[level] ?? '';
  return `${stamp}${sgr}${body}${sgr ? RESET : ''}\r\n`;
}
