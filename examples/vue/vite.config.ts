import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { devSipServerPlugin } from 'call-elements/vite';

export default defineConfig({
  plugins: [
    // The one line Vue needs: the call-* tags are custom elements, not Vue components.
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('call-') } } }),
    // The development SIP server at /sip of `npm run dev` and `npm run preview` (development only).
    devSipServerPlugin({ users: { alice: 'alice-secret', bob: 'bob-secret' } }),
  ],
});
