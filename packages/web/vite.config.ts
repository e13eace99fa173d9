import { defineConfig } from 'vite';

// Preact's automatic JSX runtime through Vite's own transform (no Babel, no plugin).
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: true },
});
