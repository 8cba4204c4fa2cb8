// The layers of kernscope, checked by `npm run lint:deps` (part of `npm test`).
// src/sim is the kernel simulation: it runs the same in the browser, in the Web Worker and in the
// Node CLI, so it depends on nothing but itself and plain-JavaScript packages. The worker drives
// sim for the UI and never reaches into the UI. No module may take part in a runtime import cycle.
// Run through package.json's script: it preloads .dependency-cruiser.typescript6.mjs (see there).
import { getAvailableTranspilers } from 'dependency-cruiser';

const typescript = getAvailableTranspilers().find((t) => t.name === 'typescript');
if (!typescript?.available) {
  // Without a TypeScript compiler API dependency-cruiser reads no .ts file and every rule passes.
  throw new Error(
    `dependency-cruiser found no usable TypeScript (it needs typescript ${typescript?.version ?? '<7'}, and this project's is 7).\n` +
      'Run it as `npm run lint:deps`, which points it at the typescript-6 devDependency.',
  );
}

// Packages that need a DOM (or are the UI's own), so src/sim may not import them, types included.
const DOM_OR_UI_PACKAGES = [
  'react',
  'react-dom',
  'zustand',
  'comlink',
  'd3',
  'd3-[^/]+',
  '@xterm/[^/]+',
  '@tanstack/[^/]+',
  '@testing-library/[^/]+',
  'jsdom',
];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-runtime-cycle',
      severity: 'error',
      comment:
        'A runtime import cycle makes module evaluation order matter (a class or function used before its module ran). ' +
        'Cycles that pass through an `import type` only vanish at compile time and are allowed.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'sim-stays-inside',
      severity: 'error',
      comment:
        'src/sim runs in the browser, the worker and the CLI alike: it may not import the UI, the worker, the CLI, ' +
        'src/share, the benchmarks, the browser tests or any other part of the project outside src/sim.',
      from: { path: '^src/sim/' },
      to: { path: '^(src|bench|e2e)/', pathNot: '^src/sim/' },
    },
    {
      name: 'sim-no-node-builtins',
      severity: 'error',
      comment: 'src/sim also runs in the browser: no Node built-in modules (fs, path, node:* ...). The tests (*.test.ts) may.',
      from: { path: '^src/sim/', pathNot: '[.]test[.]ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'sim-no-dom-packages',
      severity: 'error',
      comment: 'src/sim also runs in Node and in the worker: no package that needs a DOM or belongs to the UI.',
      from: { path: '^src/sim/' },
      to: { path: `^node_modules/(@types/)?(${DOM_OR_UI_PACKAGES.join('|')})/` },
    },
    {
      name: 'worker-not-to-ui',
      severity: 'error',
      comment: 'The worker serves the UI through its message interface; it may not import UI modules.',
      from: { path: '^src/worker/' },
      to: { path: '^src/ui/' },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules/' },
    // read the TypeScript source, not its JavaScript output, so that `import type` dependencies are
    // seen (as dependency type 'type-only'): the layer rules count them, the cycle rule does not
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // imports name their files with the extension ('./runner.ts'), which enhanced-resolve takes as is
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
