import { emulateMedia } from '@web/test-runner-commands';

/**
 * Emulates `prefers-color-scheme` on this page through CDP (the runner's built-in
 * `emulate-media` command: puppeteer's `emulateMediaFeatures`). `null` goes back to light, the
 * headless default. Resolves once `matchMedia` agrees.
 */
export async function emulateColorScheme(scheme: 'dark' | 'light' | null): Promise<void> {
  const wanted = scheme ?? 'light';
  await emulateMedia({ colorScheme: wanted });
  const query = matchMedia('(prefers-color-scheme: dark)');
  if (query.matches !== (wanted === 'dark')) throw new Error(`prefers-color-scheme did not become ${wanted}`);
}
