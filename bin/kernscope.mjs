#!/usr/bin/env node
// kernscope CLI. Runs the bundle that `npm install` builds (npm run build:cli, the prepare script)
// when it is at least as new as every file under src/; otherwise, while the sources are being
// edited, runs the TypeScript sources through tsx as before (slower to start, never stale).
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../build/cli/kernscope.mjs', import.meta.url);

function newestMtimeMs(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    newest = Math.max(newest, e.isDirectory() ? newestMtimeMs(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function builtIsFresh() {
  const b = statSync(built, { throwIfNoEntry: false });
  return b !== undefined && b.mtimeMs >= newestMtimeMs(fileURLToPath(new URL('../src', import.meta.url)));
}

let main;
if (builtIsFresh()) {
  ({ main } = await import(built.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
