import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const gateway = 'http://localhost:8080';

/**
 * The shared contracts are schema constants (TypeBox calls) the web app mostly imports types
 * from. Building a schema changes nothing outside it, so a contracts module none of whose exports
 * the app uses is left out of the bundle, and TypeBox with it.
 */
function withoutUnusedContracts(id: string): false | undefined {
  // `undefined`: every other module keeps the bundler's own judgement (package.json hints).
  return id.includes('/packages/contracts/') ? false : undefined;
}

export default defineConfig({
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    rolldownOptions: { treeshake: { moduleSideEffects: withoutUnusedContracts } },
  },
  server: {
    proxy: {
      '/api': gateway,
      '/socket.io': { target: gateway, ws: true },
    },
  },
});
