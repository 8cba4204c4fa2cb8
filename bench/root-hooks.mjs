// Module resolution hooks for KERNSCOPE_BENCH_ROOT (registered by bench/run.ts): an import that
// resolves into this checkout's src/ loads the same file from the measured checkout's src/, so the
// bench's in-process figures measure that checkout's engine.
let from = '';
let to = '';

export function initialize(data) {
  from = data.from;
  to = data.to;
}

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  return from !== '' && r.url.startsWith(from) ? { ...r, url: to + r.url.slice(from.length) } : r;
}
