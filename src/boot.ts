// The page's first script: the theme before the first paint, the engine worker and the run a share
// link asks for started at once (earlyEngine.ts) unless this browser keeps that run, then the app,
// which loads meanwhile.
import { startEarly } from './ui/earlyEngine.ts';
import { idbKv } from './ui/persist/kv.ts';
import { RunCache, runCacheKey } from './ui/persist/runCache.ts';
import { applyTheme, browserThemeEnv, currentTheme } from './ui/theme.ts';

// before the first paint, so the page does not flash the other theme
applyTheme(currentTheme(browserThemeEnv()));
// this chunk's name carries the hash of the app's code (it names the app's chunks and the worker's):
// a run kept by another build is not used. The dev server's names carry none, so it keeps no runs.
const build = import.meta.env.DEV ? null : import.meta.url;
const runs = build === null ? null : new RunCache(idbKv('kernscope-runs'));
const kept = runs === null || build === null ? undefined : async (text: string, overrides: object) => runs.has(await runCacheKey(build, text, overrides));
const early = startEarly(location.search, location.hash, kept);
void import('./main.tsx').then(({ startApp }) => startApp(early, runs === null || build === null ? null : { runs, build }));
