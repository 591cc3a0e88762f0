// The CSP test page's module: points both phones at the test SIP server, then loads the
// elements: `?bundle=cdn` the self-contained bundle (dist/cdn, production Lit), `?bundle=src`
// the source modules as the test server serves them (Lit in dev mode, JsSIP's ESM bundle).
import { testEnv } from '/__test-env.js';

const query = new URLSearchParams(location.search);
for (const id of ['alice', 'bob']) {
  const phone = document.getElementById(id);
  phone.setAttribute('server', testEnv.sipUrl);
  phone.setAttribute('user', query.get(id) ?? id);
}
try {
  await import(query.get('bundle') === 'src' ? '/src/index.ts' : '/__csp/cdn/call-elements.js');
  window.cspPageReady = true;
} catch (error) {
  window.cspPageError = String(error);
}
