#!/usr/bin/env node
// call-elements-dev-server: the development SIP-over-WebSocket registrar and proxy.
// Runs the compiled CLI (../dist/dev-server/cli.js) when present, else the TypeScript
// source (../dev-server/cli.ts) through tsx. For development only.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/dev-server/cli.js', import.meta.url);
const source = new URL('../dev-server/cli.ts', import.meta.url);

/** Explains a missing package instead of printing a stack trace. */
function explain(error) {
  const missing = /Cannot find (?:package|module) '([^']+)'/.exec(String(error?.message))?.[1];
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && missing) {
    console.error(`call-elements-dev-server needs the "${missing}" package: npm install --save-dev ${missing}`);
  } else {
    console.error(error);
  }
  process.exit(1);
}

try {
  if (existsSync(fileURLToPath(compiled))) {
    await import(compiled.href);
  } else if (existsSync(fileURLToPath(source))) {
    const { register } = await import('tsx/esm/api');
    register();
    await import(source.href);
  } else {
    console.error('call-elements-dev-server: neither dist/dev-server/cli.js nor dev-server/cli.ts was found (run npm run build).');
    process.exit(1);
  }
} catch (error) {
  explain(error);
}
