// Only a static server here (nothing is bundled: the page loads the CDN bundle as it is) plus
// the development SIP server at /sip. Any static server works for the page itself.
import { defineConfig } from 'vite';
import { devSipServerPlugin } from 'call-elements/vite';

export default defineConfig({
  plugins: [devSipServerPlugin({ users: { alice: 'alice-secret', bob: 'bob-secret' } })],
});
