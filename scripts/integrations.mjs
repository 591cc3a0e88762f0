#!/usr/bin/env node
// Part of `npm run analyze`: writes the framework and editor integrations generated from
// custom-elements.json (React wrappers and JSX types, Vue GlobalComponents, VS Code custom
// data, JetBrains web-types). test/node/integrations.test.mjs checks they are fresh.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { integrationFiles } from './integrations/index.mjs';

const root = resolve(import.meta.dirname, '..');
const read = (file) => JSON.parse(readFileSync(join(root, file), 'utf8'));
for (const [path, text] of Object.entries(integrationFiles(read('custom-elements.json'), read('package.json')))) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path}`);
}
