import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const gateway = 'http://localhost:8080';

export default defineConfig({
  plugins: [svelte()],
  // @outloud/contracts says `"sideEffects": false`: the web app mostly imports its types, and a
  // schema module none of whose values it uses stays out of the bundle, TypeBox with it.
  build: { outDir: 'dist' },
  server: {
    proxy: {
      '/api': gateway,
      '/socket.io': { target: gateway, ws: true },
    },
  },
});
