// custom-elements.json tells tools the truth: what a user can import (paths under dist/), the
// public API only, secrets as properties only, every event typed and everything documented.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { SETTINGS } from '../../src/core/settings.ts';

const root = resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
const elements = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement).map((d) => ({ ...d, module: m.path })));

/** Every value of `key` anywhere in the manifest. */
function valuesOf(key, value = manifest, found = []) {
  if (Array.isArray(value)) value.forEach((v) => valuesOf(key, v, found));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) k === key && typeof v === 'string' ? found.push(v) : valuesOf(key, v, found);
  return found;
}

test('package.json points tools at the committed manifest', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.equal(pkg.customElements, 'custom-elements.json');
  assert.ok(pkg.files.includes('custom-elements.json'));
});

test('the manifest lists the four elements, in public element and define modules only', () => {
  assert.deepEqual(elements.map((e) => e.tagName).sort(), ['call-devices', 'call-phone', 'call-quality-meter', 'call-video']);
  for (const module of manifest.modules) assert.match(module.path, /^dist\/elements\/[^/]+\/(call-[^/]+|define)\.js$/);
});

test('every module path is a published file under dist/, built from a source file that exists', () => {
  for (const path of [...valuesOf('path'), ...valuesOf('module')]) {
    assert.match(path, /^dist\/.+\.js$/, path);
    assert.ok(existsSync(join(root, path.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts'))), `${path} has no source`);
  }
});

test('no private members: no #private, private/protected, _-prefixed, static or @internal ones', () => {
  for (const element of elements) {
    for (const member of element.members ?? []) {
      assert.ok(!/^[#_]/.test(member.name), `${element.tagName}.${member.name}`);
      assert.equal(member.privacy, undefined, `${element.tagName}.${member.name} is ${member.privacy}`);
      assert.ok(!member.static, `${element.tagName}.${member.name} is static`);
    }
    assert.ok(!(element.members ?? []).some((m) => m.name === 'emit' || m.name === 'localize'), `${element.tagName} lists internal helpers`);
  }
});

test('secret settings are properties, never attributes', () => {
  const phone = elements.find((e) => e.tagName === 'call-phone');
  const secrets = Object.entries(SETTINGS).filter(([, row]) => row.secret);
  assert.ok(secrets.some(([name]) => name === 'password'));
  for (const [name, row] of secrets) {
    const member = phone.members.find((m) => m.name === name);
    assert.ok(member, `${name} is documented as a property`);
    assert.equal(member.attribute, undefined, `${name} has an attribute`);
    assert.ok(!phone.attributes.some((a) => a.name === row.attribute || a.fieldName === name), `${row.attribute} is listed as an attribute`);
  }
  for (const element of elements) assert.ok(!(element.attributes ?? []).some((a) => /password|credential|secret/i.test(a.name)), element.tagName);
});

test('every event has a detail type and a description', () => {
  const phone = elements.find((e) => e.tagName === 'call-phone');
  assert.ok(phone.events.length >= 25);
  for (const element of elements) {
    for (const event of element.events ?? []) {
      assert.match(event.type?.text ?? '', /^CustomEvent<.+>$/, `${element.tagName} ${event.name}`);
      assert.ok(event.description, `${element.tagName} ${event.name} has no description`);
    }
  }
});

test('every attribute, property, method, part, CSS property and slot is documented', () => {
  for (const element of elements) {
    assert.ok(element.summary, `${element.tagName} has no summary`);
    for (const kind of ['attributes', 'members', 'cssParts', 'cssProperties', 'slots']) {
      for (const item of element[kind] ?? []) assert.ok(item.description?.trim(), `${element.tagName} ${kind} ${item.name || '(default slot)'} has no description`);
    }
    // Each element lists the shared tokens its styles use (test/e2e/theming.test.ts
    // checks that each listed one styles something); every one uses the font.
    assert.ok(element.cssProperties.some((p) => p.name === '--call-font'), `${element.tagName} lists the shared tokens it uses`);
  }
});
