/**
 * Providers by name. The core knows none itself: the package entries register the default
 * ones (`providers/defaults.ts`), and a page may add its own.
 * @module
 */
import { CallError } from '../base/errors.js';
import { normalizeSetting } from './settings.js';
import { shownText } from './shown.js';
import type { ProviderFactory } from './provider.js';
import type { ControllerSettings } from './settings.js';

/** Loads a provider module on demand, so a page pays only for the provider it uses. */
export type ProviderLoader = () => Promise<ProviderFactory>;

/** What the registry knows of a provider without loading it. */
export interface ProviderOptions {
  /** The npm package(s) the provider needs, named in the `provider/load-failed` message, e.g. `jssip`. */
  install?: string;
  /**
   * Whether settings are complete enough to start with, so an element starts a controller only
   * then (e.g. a provider that logs in with a token waits for it) instead of reporting what is
   * still coming. Absent: always.
   */
  canStart?(settings: ControllerSettings): boolean;
}

const providers = new Map<string, { loader: ProviderLoader; options: ProviderOptions }>();

/** Registers (or replaces) a provider under a name, e.g. a custom or test provider. */
export function registerProvider(name: string, loader: ProviderLoader, options: ProviderOptions = {}): void {
  providers.set(name, { loader, options });
}

/** Names of the registered providers. */
export function providerNames(): string[] {
  return [...providers.keys()];
}

/**
 * Whether the provider `settings` name (the default when unset) can start with them (see
 * {@link ProviderOptions.canStart}); true for an unknown provider, so that starting reports it.
 */
export function canStart(settings: ControllerSettings): boolean {
  const entry = providers.get(normalizeSetting(settings, 'provider'));
  return entry?.options.canStart?.(settings) ?? true;
}

/** Loads a provider factory by name; rejects with `config/unknown-provider` or `provider/load-failed`. */
export async function loadProvider(name: string): Promise<ProviderFactory> {
  const entry = providers.get(name);
  if (!entry) {
    const known = providerNames();
    throw new CallError(
      'config/unknown-provider',
      `Unknown provider ${shownText(name, 40)}: ` +
        (known.length
          ? `use one of ${known.map((n) => `"${n}"`).join(', ')}.`
          : 'none is registered. Import "call-elements" or "call-elements/core" (they register the default providers), or call registerProvider().'),
      { attribute: 'provider' },
    );
  }
  try {
    return await entry.loader();
  } catch (cause) {
    const { install } = entry.options;
    throw new CallError(
      'provider/load-failed',
      `Could not load the "${name}" provider` + (install ? `. Is its SDK installed (npm install ${install})?` : `: ${String((cause as Error)?.message ?? cause)}`),
      { cause },
    );
  }
}
