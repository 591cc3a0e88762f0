/**
 * Providers by name. The core knows none itself: the package entries register the default
 * ones (`providers/defaults.ts`), and a page may add its own.
 * @module
 */
import { CallError } from './errors.js';
import { shownText } from './shown.js';
import type { ProviderFactory } from './provider.js';

/** Loads a provider module on demand, so a page pays only for the provider it uses. */
export type ProviderLoader = () => Promise<ProviderFactory>;

/** What the registry tells a page about a provider it could not load. */
export interface ProviderOptions {
  /** The npm package(s) the provider needs, named in the `provider/load-failed` message, e.g. `jssip`. */
  install?: string;
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
