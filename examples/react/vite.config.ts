import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { devSipServerPlugin } from 'call-elements/vite';

// devSipServerPlugin: the development SIP server at /sip of `npm run dev` and `npm run preview`
// (development only: production uses a real SIP server).
export default defineConfig({
  plugins: [react(), devSipServerPlugin({ users: { alice: 'alice-secret', bob: 'bob-secret' } })],
});
