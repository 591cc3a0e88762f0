import fc from 'fast-check';
import { SETTINGS, SETTING_NAMES } from '../../src/core/settings.js';
import { anyText } from './fuzz.js';

/** Settings of the table with a `<call-phone>` attribute. */
const withAttribute = SETTING_NAMES.filter((name) => SETTINGS[name].attribute !== false);

/** Every attribute of `<call-phone>` the fuzz tests write. */
export const PHONE_ATTRIBUTES: readonly string[] = [...withAttribute.map((name) => SETTINGS[name].attribute as string), 'headless'];

/** Every property of `<call-phone>` the fuzz tests write (`no-tones` as `noTones`). */
export const PHONE_PROPERTIES: readonly string[] = [...withAttribute.map((name) => SETTINGS[name].negatedProperty ?? name), 'headless', 'controller'];

/** Attribute values as pages write them, and hostile ones. */
export const attributeValue = fc.oneof(
  anyText,
  fc.constantFrom('', '0', '-1', '1e400', 'NaN', 'true', 'relay', 'info', 'sip', '[{"urls":"stun:a"}]', '[{"urls":"turn:a","username":"u","credential":"c"}]', 'ws://', 'wss://x/ws'),
  fc.double().map(String),
  fc.json(),
);
