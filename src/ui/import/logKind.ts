// What a dropped or opened file is: a kernscope scenario (JSON) to run, or a kernel log to import.
// Told by the content first (a scenario is a JSON object naming its format), then the name.

export type DroppedKind = 'scenario' | 'log';

/** Looks at a file's first characters (a few KiB are enough) and its name. */
export function droppedKind(name: string, head: string): DroppedKind {
  const t = head.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('{')) return /"format"\s*:\s*"kernscope\//.test(t) || /\.json$/i.test(name) ? 'scenario' : 'log';
  return 'log';
}
