import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    // The lazily loaded Monaco chunk is large by nature; the first screen stays small.
    chunkSizeWarningLimit: 4000,
  },
  server: {
    port: 5173,
    proxy: {
      // `npm run dev`: the console on Vite, the emulator's API and MQTT socket proxied to it.
      '/emulator': 'http://127.0.0.1:8080',
      '/devices': 'http://127.0.0.1:8080',
      '/twins': 'http://127.0.0.1:8080',
      '/health': 'http://127.0.0.1:8080',
      '/$iothub/websocket': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
});
