import { defineConfig } from 'vitest/config';
import type { HtmlTagDescriptor, Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The app's chunk, which the first script (src/boot.ts) loads with import() once it has started the
 * engine, is asked for by index.html itself, with its CSS: it loads beside the first script.
 */
function preloadApp(): Plugin {
  return {
    name: 'kernscope-preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && (c.facadeModuleId ?? '').endsWith('/src/main.tsx'));
        if (chunk === undefined || chunk.type !== 'chunk') return [];
        const tags: HtmlTagDescriptor[] = [];
        for (const css of chunk.viteMetadata?.importedCss ?? []) tags.push({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `/${css}` }, injectTo: 'head' });
        const entry = ctx.chunk?.fileName;
        const scripts = new Set([chunk.fileName, ...chunk.imports].filter((f) => f !== entry && !ctx.chunk?.imports.includes(f)));
        for (const js of scripts) tags.push({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${js}` }, injectTo: 'head' });
        return tags;
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), preloadApp()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scenarios/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
