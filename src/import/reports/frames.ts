// The frame a log line holds, parsed once per line however many parts of the importer ask.
import { parseFrameLine } from '../trace/frame.ts';
import type { LogLine } from '../text/prefix.ts';
import type { Frame } from '../types.ts';

export function frameOf(l: LogLine): Frame | null {
  if (l.frame === undefined) l.frame = l.text.indexOf('+0x') > 0 || l.text.indexOf('=>') >= 0 || l.text.indexOf(' [inline]') > 0 || l.text.indexOf(') from') > 0 ? parseFrameLine(l.text) : null;
  return l.frame;
}
