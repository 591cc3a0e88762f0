/**
 * Test doubles for the browser media APIs (browser tests only): a profile never granted access, and a listener counter for leak checks.
 */

/** A page whose profile was never granted camera or microphone access. */
export interface FreshProfile {
  /** Constraints of every getUserMedia call since the profile was installed. */
  calls: MediaStreamConstraints[];
  restore(): void;
}

/**
 * Simulates a browser profile without access (the test browser grants it up front): wraps
 * `getUserMedia` to record its calls (and optionally reject them), reports `prompt` for the
 * camera and microphone permissions, and hides names and ids in `enumerateDevices` — one
 * nameless entry per kind, as Chrome does — until a getUserMedia call succeeds.
 */
export function freshProfile(options: { reject?: () => Error } = {}): FreshProfile {
  const media = navigator.mediaDevices as MediaDevices & Record<string, unknown>;
  const permissions = navigator.permissions as Permissions & Record<string, unknown>;
  const realGetUserMedia = MediaDevices.prototype.getUserMedia.bind(media);
  const realEnumerate = MediaDevices.prototype.enumerateDevices.bind(media);
  const realQuery = Permissions.prototype.query.bind(permissions);
  let granted = false;
  const calls: MediaStreamConstraints[] = [];
  media.getUserMedia = async (constraints: MediaStreamConstraints) => {
    calls.push(constraints);
    if (options.reject) throw options.reject();
    const stream = await realGetUserMedia(constraints);
    granted = true;
    return stream;
  };
  media.enumerateDevices = async () => {
    const devices = await realEnumerate();
    if (granted) return devices;
    const kinds = [...new Set(devices.map((d) => d.kind))];
    return kinds.map((kind) => ({ deviceId: '', groupId: '', kind, label: '', toJSON: () => ({}) }) as MediaDeviceInfo);
  };
  permissions.query = async (descriptor: PermissionDescriptor) => {
    if (granted || (descriptor.name as string) !== 'camera' && (descriptor.name as string) !== 'microphone') return realQuery(descriptor);
    return Object.assign(new EventTarget(), { state: 'prompt', name: descriptor.name }) as unknown as PermissionStatus;
  };
  return {
    calls,
    restore() {
      for (const [target, name] of [
        [media, 'getUserMedia'],
        [media, 'enumerateDevices'],
        [permissions, 'query'],
      ] as const) {
        delete (target as Record<string, unknown>)[name];
      }
    },
  };
}

/**
 * Counts the listeners added to some event targets and not removed since the call, by
 * wrapping their addEventListener and removeEventListener.
 */
export function listenerCount(targets: EventTarget[]): { live(): number; restore(): void } {
  const live = new Map<EventTarget, Set<string>>();
  const ids = new WeakMap<object, number>();
  let next = 0;
  const key = (type: string, listener: unknown, options?: boolean | EventListenerOptions) => {
    const capture = typeof options === 'boolean' ? options : !!options?.capture;
    const fn = listener as object;
    if (!ids.has(fn)) ids.set(fn, next++);
    return `${type}|${ids.get(fn)}|${capture}`;
  };
  for (const target of targets) {
    const set = new Set<string>();
    live.set(target, set);
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    Object.assign(target, {
      addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
        if (listener) set.add(key(type, listener, options));
        add(type, listener, options);
      },
      removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) {
        if (listener) set.delete(key(type, listener, options));
        remove(type, listener, options);
      },
    });
  }
  return {
    live: () => [...live.values()].reduce((n, set) => n + set.size, 0),
    restore() {
      for (const target of targets) {
        delete (target as unknown as Record<string, unknown>).addEventListener;
        delete (target as unknown as Record<string, unknown>).removeEventListener;
      }
    },
  };
}
