import { expect } from '@open-wc/testing';
import { DeviceManager } from './device-manager.js';

/** Wraps navigator.permissions.query so every PermissionStatus it returns counts its `change` listeners. */
function countPermissionListeners(): { live(): number; restore(): void } {
  const permissions = navigator.permissions;
  const query = permissions.query;
  const statuses: { listeners: Set<unknown> }[] = [];
  permissions.query = async (descriptor) => {
    const status = await query.call(permissions, descriptor);
    const listeners = new Set<unknown>();
    statuses.push({ listeners });
    const target = status as EventTarget;
    const add = target.addEventListener.bind(status);
    const remove = target.removeEventListener.bind(status);
    target.addEventListener = (type, listener, options) => {
      if (type === 'change') listeners.add(listener);
      add(type, listener, options);
    };
    target.removeEventListener = (type, listener, options) => {
      if (type === 'change') listeners.delete(listener);
      remove(type, listener, options);
    };
    return status;
  };
  return {
    live: () => statuses.reduce((n, s) => n + s.listeners.size, 0),
    restore: () => (permissions.query = query),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('DeviceManager permission watching', () => {
  it('removes its permission listeners on unwatch, and adds none when unwatched before the browser answers', async () => {
    const counter = countPermissionListeners();
    try {
      const manager = new DeviceManager({ storageKey: false });
      await manager.watch();
      await settle();
      expect(counter.live(), 'watching microphone and camera').to.equal(2);
      manager.unwatch();
      expect(counter.live(), 'after unwatch').to.equal(0);

      const quick = new DeviceManager({ storageKey: false });
      void quick.watch();
      quick.unwatch();
      void quick.watch();
      quick.unwatch();
      await settle();
      expect(counter.live(), 'watch/unwatch before the queries answered').to.equal(0);

      for (let i = 0; i < 20; i++) {
        const churn = new DeviceManager({ storageKey: false });
        await churn.watch();
        await settle();
        churn.unwatch();
      }
      expect(counter.live(), 'after 20 managers came and went').to.equal(0);
    } finally {
      counter.restore();
    }
  });

  it('a disposed controller leaves no permission listener', async () => {
    const { CallController } = await import('../core/call-controller.js');
    const counter = countPermissionListeners();
    try {
      const controller = new CallController({ tones: false });
      await controller.devices.watch();
      await settle();
      expect(counter.live()).to.equal(2);
      await controller.dispose();
      expect(counter.live()).to.equal(0);
    } finally {
      counter.restore();
    }
  });
});
