/** A slot taken for one socket, or why none was free. */
export type Admission = { release: () => void; refused?: undefined } | { refused: string; release?: undefined };

/** `::ffff:127.0.0.1` → `127.0.0.1`; other addresses as they are ('' when unknown). */
export function normalizeAddress(address: string | undefined): string {
  return (address ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
}

/** Counts client sockets, in total and per remote address, and refuses those beyond the caps. */
export class SocketLimiter {
  private readonly perAddress = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly max: number,
    private readonly maxPerAddress: number,
  ) {}

  /** Takes a slot for a socket from `address`; `release` (idempotent) gives it back. */
  admit(address: string): Admission {
    const used = this.perAddress.get(address) ?? 0;
    if (this.total >= this.max) return { refused: `all ${this.max} sockets of the server are in use (limits.sockets)` };
    if (used >= this.maxPerAddress) return { refused: `${address || 'this address'} already has ${used} sockets open (limits.socketsPerAddress)` };
    this.total++;
    this.perAddress.set(address, used + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const left = (this.perAddress.get(address) ?? 1) - 1;
        if (left > 0) this.perAddress.set(address, left);
        else this.perAddress.delete(address);
      },
    };
  }

  /** Slots in use. */
  get size(): number {
    return this.total;
  }
}
