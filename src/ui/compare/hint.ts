// "Try:" hints of scenario descriptions as overrides of a second run. They are written in the CLI's
// flags (`--cmdline "…"`, `--kconfig CONFIG_X=y|n`, `--patch NAME[=on|off]`, `--seed N`) or as a bare
// command line (`slub_debug=FPZ`); anything else (prose in code spans, steps to edit) is no hint.
import type { RunOverrides } from '../../worker/protocol.ts';

/** Splits like a shell: double or single quotes group words, `""` is an empty word. */
export function shellWords(s: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

const KCONFIG = /^(CONFIG_[A-Z0-9_]+)=(y|n)$/;
const PATCH = /^([A-Za-z0-9_.-]+)(?:=(on|off))?$/;
/** A kernel parameter: name=value or a bare switch such as `slub_debug`. */
const PARAM = /^[a-z][a-z0-9_.-]*(=\S*)?$/;

/** The overrides a hint asks for, or null when the text is not a hint this can run. */
export function parseHint(text: string): RunOverrides | null {
  const t = text.trim();
  if (t === '') return null;
  const words = shellWords(t);
  if (!t.startsWith('--')) {
    // a bare command line: every word a kernel parameter, at least one naming a value
    if (!words.every((w) => PARAM.test(w)) || !words.some((w) => w.includes('='))) return null;
    return { cmdline: words.join(' ') };
  }
  const o: RunOverrides = {};
  for (let i = 0; i < words.length; i++) {
    const flag = words[i]!;
    const v = words[i + 1];
    if (v === undefined) return null;
    i++;
    if (flag === '--cmdline') o.cmdline = v;
    else if (flag === '--seed') {
      if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) return null;
      o.seed = Number(v);
    } else if (flag === '--kconfig') {
      const m = KCONFIG.exec(v);
      if (!m) return null;
      (o.kconfig ??= {})[m[1]!] = m[2] === 'y';
    } else if (flag === '--patch') {
      const m = PATCH.exec(v);
      if (!m) return null;
      (o.patches ??= {})[m[1]!] = m[2] !== 'off';
    } else return null;
  }
  return Object.keys(o).length > 0 ? o : null;
}

/** Overrides as the CLI's flags: what a comparison's second run changes. */
export function overridesLabel(o: RunOverrides): string {
  const parts: string[] = [];
  if (o.cmdline !== undefined) parts.push(`--cmdline ${/^\S+$/.test(o.cmdline) ? o.cmdline : `"${o.cmdline}"`}`);
  for (const [k, v] of Object.entries(o.kconfig ?? {})) parts.push(`--kconfig ${k}=${v ? 'y' : 'n'}`);
  for (const [k, v] of Object.entries(o.patches ?? {})) parts.push(`--patch ${k}=${v ? 'on' : 'off'}`);
  if (o.seed !== undefined) parts.push(`--seed ${o.seed}`);
  return parts.join(' ') || 'the scenario as written';
}
