// The page's first script: the theme before the first paint, the engine worker and the run a share
// link asks for started at once (earlyEngine.ts), then the app, which loads meanwhile.
import { startEarly } from './ui/earlyEngine.ts';
import { applyTheme, browserThemeEnv, currentTheme } from './ui/theme.ts';

// before the first paint, so the page does not flash the other theme
applyTheme(currentTheme(browserThemeEnv()));
const early = startEarly(location.search, location.hash);
void import('./main.tsx').then(({ startApp }) => startApp(early));
