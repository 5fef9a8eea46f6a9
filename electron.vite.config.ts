import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Native modules and the SDKs stay in node_modules (N-API, shared with Node; see README).
      externalizeDeps: true,
      lib: { entry: resolve('electron/main/index.ts') },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require nothing but a few Electron modules: bundle everything (zod
      // and the shared contract) into one CommonJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      lib: { entry: resolve('electron/preload/index.ts'), formats: ['cjs'] },
    },
  },
  renderer: {
    root: resolve('renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});
