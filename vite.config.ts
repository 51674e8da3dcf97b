import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

import { CONSOLE_CSP } from './emulator/console-csp.ts';

// The built console carries its CSP in a <meta> tag, so it holds on any static host. Only in the
// build: the dev server's React refresh preamble is an inline script.
const cspMeta: Plugin = {
  name: 'console-csp',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: CONSOLE_CSP },
      injectTo: 'head-prepend',
    },
  ],
};

// `npm run dev` sets EMULATOR_URL from the emulator's --port.
const emulator = process.env.EMULATOR_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), cspMeta],
  build: {
    // The lazily loaded Monaco chunk is large by nature; the first screen stays small.
    chunkSizeWarningLimit: 4000,
    // Fonts and icons as files rather than data: URIs keeps the CSP's img/font sources tight.
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    proxy: {
      // `npm run dev`: the console on Vite, the emulator's API and MQTT socket proxied to it.
      '/emulator': emulator,
      '/devices': emulator,
      '/twins': emulator,
      '/health': emulator,
      '/$iothub/websocket': { target: emulator.replace(/^http/, 'ws'), ws: true },
    },
  },
});
