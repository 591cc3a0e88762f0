import { executeServerCommand } from '@web/test-runner-commands';

/** The methods of a peer page (test/e2e/peer-page.ts), as the test calls them. */
export interface PeerPage {
  id: string;
  call<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
  close(): Promise<boolean>;
}

/**
 * Opens test/e2e/peer-page.ts in another engine's browser (chromium or firefox), served by this
 * run's dev server, with a controller registered as `user` on `server`.
 */
export async function openPeer(engine: 'chromium' | 'firefox', user: string, server: string): Promise<PeerPage> {
  const id = (await executeServerCommand('peer-open', { engine, origin: location.origin, user, server })) as string;
  return {
    id,
    call: async <T>(method: string, ...args: unknown[]) =>
      ((await executeServerCommand('peer-call', { id, method, args })) as { value: T }).value,
    close: () => executeServerCommand('peer-close', { id }) as Promise<boolean>,
  };
}
