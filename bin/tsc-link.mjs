// Part of `npm install` (the prepare script): keeps node_modules/.bin/tsc on TypeScript 7.
// The devDependency typescript-6 (npm:typescript@6, only there to give dependency-cruiser a
// JavaScript compiler API, see .dependency-cruiser.typescript6.mjs) has a `tsc` of its own, and
// when npm installs it into an existing node_modules it can take over the link from `typescript`.
import { readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const link = fileURLToPath(new URL('../node_modules/.bin/tsc', import.meta.url));
let target;
try {
  target = readlinkSync(link);
} catch {
  process.exit(0); // no symlink there (a Windows .cmd shim, or nothing installed): leave it
}
if (target.split(/[\\/]/).includes('typescript-6')) {
  rmSync(link);
  symlinkSync('../typescript/bin/tsc', link);
  console.log('kernscope: node_modules/.bin/tsc pointed at typescript-6; pointed it back at typescript');
}
