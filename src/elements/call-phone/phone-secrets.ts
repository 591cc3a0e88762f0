import { SETTINGS } from '../../core/settings.js';
import type { SettingName } from '../../core/settings.js';
import { SECRET_SETTINGS } from './phone-settings.js';

/** The setting a secret attribute (`password`, `user-sig`, `ice-servers`) sets, if `attribute` is one. */
export function secretOfAttribute(attribute: string): SettingName | undefined {
  return SECRET_SETTINGS.find((secret) => secret.attribute === attribute)?.name;
}

/**
 * The values of `<call-phone>`'s secret (and property-only) settings, kept off the DOM, and
 * which of them an attribute gave. The phone takes such an attribute away once read; the page
 * removing it afterwards takes its value back ({@link PhoneSecrets.takeBack}), as removing any
 * other attribute would. A value set as a property stays until the property changes.
 */
export class PhoneSecrets {
  readonly #values = new Map<SettingName, unknown>();
  readonly #fromAttribute = new Set<SettingName>();
  readonly #changed: () => void;

  /** `changed` runs after every change of a value. */
  constructor(changed: () => void) {
    this.#changed = changed;
  }

  /** The values given, by setting (what `readSettings` hands the controller). */
  get values(): ReadonlyMap<SettingName, unknown> {
    return this.#values;
  }

  /** The value of `name`, or its default: `''` for a secret, `undefined` for a property-only setting. */
  get(name: SettingName): unknown {
    return this.#values.get(name) ?? (SETTINGS[name].secret ? '' : undefined);
  }

  /** Sets `name` as a property (`null` and `undefined` count as `''`). */
  set(name: SettingName, value: unknown): void {
    this.#fromAttribute.delete(name);
    this.#values.set(name, value ?? '');
    this.#changed();
  }

  /** Sets `name` from its attribute's text, which the phone then removes from the DOM. */
  setFromAttribute(name: SettingName, text: string): void {
    this.set(name, text);
    this.#fromAttribute.add(name);
  }

  /** Clears `name` back to its default when its value came from an attribute since taken away. */
  takeBack(name: SettingName): void {
    if (!this.#fromAttribute.delete(name)) return;
    this.#values.delete(name);
    this.#changed();
  }
}
