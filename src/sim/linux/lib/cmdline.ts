// Kernel command line: parse_args() splitting (init/main.c, kernel/params.c, lib/cmdline.c next_arg()).

export interface CmdlineParam {
  name: string;
  value: string | null;
  /** The parameter as written, for the "Unknown kernel command line parameters" line. */
  raw: string;
}

/** next_arg(): splits on spaces, honouring double quotes around values. */
export function splitCmdline(cmdline: string): CmdlineParam[] {
  const out: CmdlineParam[] = [];
  let i = 0;
  const s = cmdline;
  while (i < s.length) {
    while (i < s.length && s[i] === ' ') i++;
    if (i >= s.length) break;
    let j = i;
    let inQuote = false;
    while (j < s.length && (inQuote || s[j] !== ' ')) {
      if (s[j] === '"') inQuote = !inQuote;
      j++;
    }
    const raw = s.slice(i, j);
    const eq = raw.indexOf('=');
    const name = eq < 0 ? raw : raw.slice(0, eq);
    let value = eq < 0 ? null : raw.slice(eq + 1);
    if (value !== null && value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    out.push({ name: name.replace(/-/g, '_'), value, raw });
    i = j;
  }
  return out;
}

/** kstrtobool(): the spellings the kernel accepts for booleans. */
export function kstrtobool(v: string | null): boolean | null {
  if (v === null || v.length === 0) return null;
  const c = v[0]!.toLowerCase();
  if (c === 'y' || c === '1' || c === 't') return true;
  if (c === 'n' || c === '0' || c === 'f') return false;
  if (c === 'o' && v.length > 1) {
    const d = v[1]!.toLowerCase();
    if (d === 'n') return true;
    if (d === 'f') return false;
  }
  return null;
}
