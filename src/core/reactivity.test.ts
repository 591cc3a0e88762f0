// Public objects in a framework's reactive state: Vue wraps plain objects stored in `ref()` or
// `reactive()` in a Proxy, and a method called through it has the proxy as `this`, which
// `#private` fields reject. Call, CallController and DebugLog stay themselves there.
import { expect } from '@open-wc/testing';
import { isProxy, reactive, ref, toRaw } from 'vue/dist/vue.runtime.esm-browser.prod.js';
import { memoryProvider } from '../../test/fakes/memory-provider.js';
import type { MemoryNetwork } from '../../test/fakes/memory-provider.js';
import { connectedCall, disposeControllers, startedController } from '../../test/fakes/memory-harness.js';
import { DebugLog } from './debug-log.js';

describe('public objects in Vue reactivity', () => {
  let net: MemoryNetwork;
  beforeEach(() => {
    net = memoryProvider();
  });
  afterEach(disposeControllers);

  it('a call kept in ref() is the call itself: its getters and methods work', async () => {
    const controller = await startedController(net);
    const [call, session] = await connectedCall(controller, net);
    const held = ref(call);
    expect(isProxy(held.value)).to.equal(false);
    expect(held.value).to.equal(call);
    expect(Object.prototype.toString.call(call)).to.equal('[object Call]');
    expect(held.value.state).to.equal('connected');
    expect(held.value.participants).to.be.an('array');
    held.value.mute();
    expect(held.value.muted.audio).to.equal(true);
    await held.value.hold();
    expect(session.log).to.include('hold');
    held.value.hangup();
    expect(held.value.summary?.reason).to.equal('local-hangup');
  });

  it('a call inside a reactive object or array, the controller and a debug log stay raw too', async () => {
    const controller = await startedController(net);
    const [call] = await connectedCall(controller, net);
    const state = reactive({ calls: [call], controller, log: new DebugLog(() => false, () => []) });
    expect(isProxy(state.calls[0])).to.equal(false);
    expect(state.calls[0].duration).to.be.a('number');
    expect(isProxy(state.controller)).to.equal(false);
    expect(state.controller.calls).to.deep.equal([call]);
    expect(toRaw(state).controller.activeCall).to.equal(call);
    expect(state.log.enabled).to.equal(false);
  });
});
