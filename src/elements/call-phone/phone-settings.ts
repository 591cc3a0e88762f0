import type { PropertyDeclaration } from 'lit';
import { SETTINGS, SETTING_NAMES } from '../../core/settings.js';
import type { ControllerSettings, SettingName, SettingSpec } from '../../core/settings.js';

/**
 * `<call-phone>`'s side of the settings table (`src/core/settings.ts`): its reactive
 * properties, their defaults, the secret properties, and the settings it hands its controller
 * are all derived from the table, so a setting is declared in one place only.
 */

type Spec = SettingSpec<unknown, unknown>;
type Row<K extends SettingName> = (typeof SETTINGS)[K];

/** Settings with a `<call-phone>` attribute that are not secrets. */
type PublicName = {
  [K in SettingName]: Row<K>['attribute'] extends string ? (Row<K>['secret'] extends true ? never : K) : never;
}[SettingName];
/** Secret settings (an attribute is read once, then removed) and property-only ones: plain properties over a private store. */
type SecretName = { [K in SettingName]: Row<K>['secret'] extends true ? K : Row<K>['propertyOnly'] extends true ? K : never }[SettingName];
/** The element property of a setting: its own name, or the negated one (`tones` → `noTones`). */
type PropertyName<K extends SettingName> = Row<K>['negatedProperty'] extends string ? Row<K>['negatedProperty'] : K;

/** The properties `<call-phone>` gets from the table (`no-tones` as `noTones`; secrets as plain properties). */
export type PhoneSettingProperties = { -readonly [K in PublicName as PropertyName<K>]: NonNullable<ControllerSettings[K]> } & {
  -readonly [K in SecretName]: NonNullable<ControllerSettings[K]>;
};

const entries = SETTING_NAMES.map((name) => ({ name, spec: SETTINGS[name] as Spec })).filter(({ spec }) => spec.attribute !== false || spec.propertyOnly);
/** Settings kept in the element's private store rather than as reactive properties. */
const stored = (spec: Spec) => !!spec.secret || !!spec.propertyOnly;
const propertyOf = (name: SettingName, spec: Spec) => spec.negatedProperty ?? name;

/** Lit property declarations of the public (non-secret) settings. */
export function settingProperties(): Record<string, PropertyDeclaration> {
  const declarations: Record<string, PropertyDeclaration> = {};
  for (const { name, spec } of entries) {
    if (stored(spec)) continue;
    const type = spec.kind === 'number' ? Number : spec.kind === 'boolean' ? Boolean : String;
    // An empty number attribute (`connect-timeout=""`, or bare) is unset: the default, not 0.
    const converter = spec.kind === 'number' ? { fromAttribute: (value: string | null) => (value === null || !value.trim() ? spec.default : Number(value)) } : undefined;
    declarations[propertyOf(name, spec)] = { type, attribute: spec.attribute as string, ...(converter ? { converter } : {}) };
  }
  return declarations;
}

/** Gives an element the table's defaults (a negated boolean starts as the negation). */
export function applySettingDefaults(element: object): void {
  for (const { name, spec } of entries) {
    if (stored(spec)) continue;
    (element as Record<string, unknown>)[propertyOf(name, spec)] = spec.negatedProperty ? !spec.default : spec.default;
  }
}

/** The property names of the public settings (what `updated()` watches). */
export const SETTING_PROPERTIES: readonly string[] = entries.filter(({ spec }) => !stored(spec)).map(({ name, spec }) => propertyOf(name, spec));

/** Settings kept as plain properties over a private store: secrets (their attribute is read once, then removed) and property-only ones (no attribute). */
export const SECRET_SETTINGS: readonly { name: SettingName; attribute: string | false }[] = entries
  .filter(({ spec }) => stored(spec))
  .map(({ name, spec }) => ({ name, attribute: spec.attribute as string | false }));

/** The settings an element hands its controller: its setting properties and secrets, negations undone. */
export function readSettings(element: object, secrets: ReadonlyMap<SettingName, unknown>): ControllerSettings {
  const settings: Record<string, unknown> = {};
  for (const { name, spec } of entries) {
    if (stored(spec)) {
      settings[name] = secrets.get(name) ?? (spec.secret ? '' : undefined);
      continue;
    }
    const value = (element as Record<string, unknown>)[propertyOf(name, spec)];
    settings[name] = spec.negatedProperty ? !value : value;
  }
  return settings as ControllerSettings;
}
