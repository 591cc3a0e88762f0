// Screen sharing in WebKitGTK (MiniBrowser with mock capture devices: `getDisplayMedia` offers
// "Mock screen device", a 1920×1080 monitor at 30 fps, no picker). WebKit, as Safari, refuses
// getDisplayMedia outside a user gesture (InvalidStateError "getDisplayMedia must be called from
// a user gesture handler"), so the phone's Share button is pressed by a trusted click (W3C
// WebDriver Actions through test/harness/webkit-launcher.mjs), which proves the gesture survives
// the library's way from the click to getDisplayMedia. Calls run on the memory provider (this
// build has no WebRTC); the core and the elements are the real ones. Runs in the WebKit pass.
import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../src/elements/call-phone/define.js';
import '../../src/elements/call-video/define.js';
import type { CallPhone } from '../../src/elements/call-phone/call-phone.js';
import type { CallVideo } from '../../src/elements/call-video/call-video.js';
import type { CallController } from '../../src/core/call-controller.js';
import type { Call } from '../../src/core/call.js';
import { CallError } from '../../src/base/errors.js';
import { memoryProvider } from '../fakes/memory-provider.js';
import type { MemoryNetwork, MemorySession } from '../fakes/memory-provider.js';
import { disposeControllers, startedController } from '../fakes/memory-harness.js';
import { playing } from '../harness/video-view.js';
import { record, until } from './helpers.js';

/** A trusted click in the middle of `element`. */
async function click(element: Element): Promise<void> {
  const box = element.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

describe('WebKit: screen sharing through the library', function () {
  this.timeout(30_000);
  let network: MemoryNetwork;
  beforeEach(() => {
    network = memoryProvider();
  });
  afterEach(disposeControllers);

  async function connected(controller: CallController): Promise<[Call, MemorySession]> {
    const out = await controller.dial('bob');
    const session = network.last;
    session.ring().connect();
    await until(() => out.state === 'connected', 5000, 'connected');
    return [out, session];
  }

  it("the phone's Share button (a real click) sends MiniBrowser's mock screen in an audio call; Stop sharing takes video away again", async () => {
    const controller = await startedController(network);
    expect(controller.capabilities.getDisplayMedia).to.equal(true);
    const phone = await fixture<CallPhone>(html`<call-phone .controller=${controller}></call-phone>`);
    const [out, session] = await connected(controller);
    const shares = record(controller, 'call-screen-share');
    const share = () => phone.shadowRoot!.querySelector<HTMLButtonElement>('button.share')!;
    await until(() => !!share(), 5000, 'the Share button');
    expect(share().getAttribute('aria-pressed')).to.equal('false');

    await click(share());
    await until(() => out.screenSharing, 8000, 'sharing').catch((error: Error) => {
      const shown = phone.shadowRoot!.querySelector('[part~=error]')?.textContent?.trim();
      throw new Error(`${error.message}; the phone shows ${shown ? `"${shown}"` : 'no error'}`);
    });
    const [screen] = out.localStream!.getVideoTracks();
    expect(screen.getSettings(), 'the mock screen').to.include({ displaySurface: 'monitor', width: 1920, height: 1080 });
    expect(out.video, 'video added to the audio call').to.equal(true);
    expect(out.cameraOn, 'no camera while sharing').to.equal(false);
    expect(session.asked('setVideo').at(-1)?.[0], 'the provider sends the screen').to.equal(screen);
    const view = await fixture<CallVideo>(html`<call-video .controller=${controller} source="local"></call-video>`);
    await playing(view, 'the shared screen', (w) => w === 1920);
    await phone.updateComplete;
    expect(share().getAttribute('aria-pressed')).to.equal('true');
    await expect(phone).to.be.accessible();

    await click(share());
    await until(() => !out.screenSharing, 5000, 'sharing stopped');
    expect(screen.readyState, 'the screen capture ended').to.equal('ended');
    expect(out.video, 'back to an audio call').to.equal(false);
    expect(session.asked('setVideo').at(-1)?.[0], 'the provider stops sending video').to.equal(null);
    expect(controller.media.liveTrackCount, 'only the microphone is live').to.equal(1);
    expect(shares.map((s) => s.sharing)).to.deep.equal([true, false]);
  });

  it('shareScreen() outside a user gesture: a typed error that says to call it from a click; the call goes on without video', async () => {
    const controller = await startedController(network);
    const [out] = await connected(controller);
    const error = await out.shareScreen().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(CallError);
    expect((error as CallError).code).to.equal('media/share-cancelled');
    expect((error as CallError).message).to.match(/click/i);
    expect(out.screenSharing).to.equal(false);
    expect(out.video).to.equal(false);
    expect(out.state).to.equal('connected');
    expect(controller.media.liveTrackCount, 'only the microphone is live').to.equal(1);
  });
});
