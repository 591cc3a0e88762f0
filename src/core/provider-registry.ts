import { CallError } from './errors.js';
import type { ProviderFactory } from './provider.js';

/** Loads a provider module on demand, so a page pays only for the provider it uses. */
export type ProviderLoader = () => Promise<ProviderFactory>;

const loaders = new Map<string, ProviderLoader>([
  ['sip', () => import('../providers/sip/index.js').then((m) => m.createSipProvider)],
]);

/** Registers (or replaces) a provider under a name, e.g. a custom or test provider. */
export function registerProvider(name: string, loader: ProviderLoader): void {
  loaders.set(name, loader);
}

/** Names of the registered providers. */
export function providerNames(): string[] {
  return [...loaders.keys()];
}

/** Whether a provider name is registered. */
export function hasProvider(name: string): boolean {
  return loaders.has(name);
}

/** Loads a provider factory by name; rejects with `config/unknown-provider` or `provider/load-failed`. */
export async function loadProvider(name: string): Promise<ProviderFactory> {
  const loader = loaders.get(name);
  if (!loader) {
    throw new CallError(
      'config/unknown-provider',
      `Unknown provider "${name}": use one of ${providerNames().map((n) => `"${n}"`).join(', ')}.`,
      { attribute: 'provider' },
    );
  }
  try {
    return await loader();
  } catch (cause) {
    throw new CallError(
      'provider/load-failed',
      `Could not load the "${name}" provider. Is its SDK installed (for "sip": npm install jssip)?`,
      { cause },
    );
  }
}
