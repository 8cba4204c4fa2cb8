// dmesg and the report as files: the kernel log as `dmesg` prints it (program output left out, as
// on a real machine), the report as the CLI's --json prints it, named after the run and moment.
import type { DmesgLine } from '../../../worker/protocol.ts';

export function dmesgFileText(lines: readonly DmesgLine[]): string {
  let s = '';
  for (const l of lines) if (l.stdout === undefined) s += l.line + '\n';
  return s;
}

/** "slub-redzone-overwrite-dmesg-at-41.txt" */
export function exportName(scenario: string, what: 'dmesg' | 'report', cursor: number): string {
  const base = scenario.replace(/[^A-Za-z0-9._-]+/g, '_') || 'kernscope';
  return `${base}-${what}-at-${cursor}.${what === 'dmesg' ? 'txt' : 'json'}`;
}

/** Saves text as a file through a download link. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
