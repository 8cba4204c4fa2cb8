// The import report (docs/import-format.md): what src/import makes of real kernel text.
import type { FindingKind } from '../sim/scenario/kinds.ts';

/** One frame of a call trace, as the kernel's printk("%pS") / print_ip_sym() printed it. */
export interface Frame {
  fn: string;
  /** Offset and size of the symbol as printed, `0x`-prefixed lower-case hex. */
  off?: string;
  size?: string;
  module?: string;
  /** `[inline]` frames of a symbolized report: no address of their own. */
  inline?: true;
  /** `? fn+...`: an address found on the stack that the unwinder does not trust. */
  unreliable?: true;
  /** Source position when the report is symbolized (`fs/dcache.c:1250`). */
  src?: string;
  addr?: string;
}

export interface Trace {
  /** What the kernel printed before the frames: `Call Trace`, `Allocated by task 1`, `-> #1 (fs_reclaim)`. */
  label: string;
  frames: Frame[];
}

/** A byte run or a value that means something (include/linux/poison.h, kasan, layouts). */
export interface Forensic {
  /** Where the value came from: `CR2`, `RSI`, `fault address`, `Padding 0xffff8100201a71b0+8`, `word 7`. */
  where: string;
  value: string;
  /** Stable tag used to find patterns shared by reports, e.g. `byte:0xf0`, `poison:POISON_FREE`. */
  tag: string;
  note: string;
  /** The valid value it is one byte or one nibble away from, when that is the finding. */
  likely?: string;
}

/** A hex dump of the kernel's print_hex_dump() (SLUB trailers, KASAN object / shadow dumps). */
export interface ByteDump {
  label: string;
  /** Address of the first byte, `0x`-prefixed. */
  addr: string;
  /** The bytes as printed, two hex digits each, space separated. */
  hex: string;
  /** For KASAN shadow rows: index of the byte the report marks with `^`/`>`. */
  marked?: number;
}

export interface LineRange {
  /** 1-based input line numbers, inclusive. */
  first: number;
  last: number;
}

export type FieldValue = string | number | boolean | null | readonly FieldValue[] | { readonly [k: string]: FieldValue };

export interface ImportedFinding {
  kind: FindingKind;
  /** The one-line name kernel developers know from syzbot and LKML subjects. */
  title: string;
  /** The kernel's own first line of the report. */
  header: string;
  lines: LineRange;
  /** The trace a maintainer reads first; other stacks are in `traces`. */
  trace: Frame[];
  traces: Trace[];
  /** The function the title blames, when there is one. */
  blame?: string;
  /** Why the report is incomplete: `start` (the log begins inside it), `end`, `lines` (capped), `line-length`. */
  truncated?: string[];
  forensics: Forensic[];
  /** Index of an earlier finding of the same input that is the same report quoted again. */
  duplicateOf?: number;
  /** Kind-specific fields, flat like the simulator's report findings. */
  fields: Record<string, FieldValue>;
}

/** What the reader has to know about the input itself. */
export interface Notice {
  level: 'info' | 'warning' | 'error';
  message: string;
  line?: number;
}

/** A pattern that several findings of one input share: how seed 002's thread converged. */
export interface SharedPattern {
  tag: string;
  findings: number[];
  note: string;
}
