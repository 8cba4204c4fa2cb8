// A deep copy of plain data (numbers, including Infinity, strings, booleans, null, arrays and
// plain objects): what subsystems that keep their state as such data save and restore.
// structuredClone() is not part of the simulator's environment (no DOM, no Node APIs).
export function clonePlain<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = clonePlain(v[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) out[k] = clonePlain((v as Record<string, unknown>)[k]);
  return out as T;
}
