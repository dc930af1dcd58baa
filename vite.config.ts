// Builds the renderer into dist/renderer with relative asset paths, so the same build loads from
// file:// in Electron and from the browser host over http://127.0.0.1.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  logLevel: 'warn',
});
