// sql.js in the browser: its browser build and the .wasm Vite emits, both fetched on the first
// query only (dynamic imports), so neither is in the page's or the worker's first bundle.
import type { SqlLoader } from './query.ts';

export const browserSqlLoader: SqlLoader = async () => {
  const [mod, wasm] = await Promise.all([import('sql.js'), import('sql.js/dist/sql-wasm-browser.wasm?url')]);
  return mod.default({ locateFile: () => wasm.default });
};
