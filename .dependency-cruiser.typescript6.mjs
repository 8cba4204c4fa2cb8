// Preloaded by `npm run lint:deps` (node --import). dependency-cruiser reads TypeScript through the
// JavaScript compiler API of the `typescript` package (`import type` is only told apart from a
// runtime import that way). This project's `typescript` is TypeScript 7, the native compiler, which
// has no such API, and dependency-cruiser accepts typescript >=2 <7 only: left alone it would see
// no .ts file at all. The devDependency `typescript-6` (npm:typescript@6) has the JavaScript
// compiler; this sends dependency-cruiser's own `typescript` imports and requires there, and
// leaves every other importer alone. It installs no `tsc` of its own: `tsc` stays TypeScript 7.
// .dependency-cruiser.mjs refuses to run when dependency-cruiser still has no TypeScript.
import Module, { register } from 'node:module';
import { sep } from 'node:path';

const CRUISER = `${sep}node_modules${sep}dependency-cruiser${sep}`;
const rename = (request) =>
  request === 'typescript' || request.startsWith('typescript/') ? `typescript-6${request.slice('typescript'.length)}` : request;

// require: dependency-cruiser checks the version in typescript/package.json with createRequire
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  return resolveFilename.call(this, parent?.filename?.includes(CRUISER) ? rename(request) : request, parent, ...rest);
};

// import(): dependency-cruiser loads the compiler itself as an ES module import
const hooks = `
export async function resolve(specifier, context, next) {
  if ((specifier === 'typescript' || specifier.startsWith('typescript/')) && context.parentURL?.includes('/node_modules/dependency-cruiser/'))
    specifier = 'typescript-6' + specifier.slice('typescript'.length);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
