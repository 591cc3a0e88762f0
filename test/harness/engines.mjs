// The browser engines the suite and scripts/probe-engines.mjs run, and how each is launched with
// fake media devices: Chromium (puppeteer-core over CDP), Firefox (puppeteer-core over WebDriver
// BiDi) and WebKitGTK (WebKitWebDriver driving MiniBrowser under Xvfb: webkit-launcher.mjs).

/** Engine names `npm test -- --browser NAME` accepts (`all`: every one). */
export const ENGINES = ['chromium', 'firefox', 'webkit'];
/** The engines a plain `npm test` runs: every one (WebKit runs what a build without WebRTC can). */
export const DEFAULT_ENGINES = ['chromium', 'firefox', 'webkit'];

/**
 * Chromium's browser files (web-test-runner globs; `npm test` splits them into shards:
 * test/harness/shards.mjs). Left out: the Firefox- and WebKit-only files, and POLICY_FILES.
 */
export const CHROMIUM_FILES = ['src/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/harness/**/*.test.ts', '!test/e2e/**/*.policy.test.ts', '!test/e2e/**/*.firefox.test.ts', '!test/e2e/**/*.webkit.test.ts'];
/**
 * Chromium's tests that need the browser's real permission policy: launched without
 * --use-fake-ui-for-media-stream, so permissions set through CDP (set-permissions) decide
 * whether getUserMedia succeeds. Such a test grants what it needs first (else capture prompts).
 */
export const POLICY_FILES = 'test/e2e/**/*.policy.test.ts';

export const chromiumPath = () => process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const firefoxPath = () => process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
export const WEBKIT_MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/**
 * Chromium's flags: fake devices, and loopback ICE inside the namespace. `fakeUi` grants every
 * capture request at once; without it, permissions set through CDP decide.
 */
export function chromiumArgs({ fakeUi = true, netns = false } = {}) {
  return [
    '--no-sandbox',
    '--headless=new',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(fakeUi ? ['--use-fake-ui-for-media-stream'] : []),
    // Three fake cameras: fake_device_0 (I420), _1 (Y16 depth: WebRTC encoders stall on it, so
    // tests switch to _2) and _2 (MJPEG). Three microphones and speakers are the default.
    '--use-fake-device-for-media-stream=device-count=3',
    '--autoplay-policy=no-user-gesture-required',
    ...(netns ? ['--allow-loopback-in-peer-connection'] : []),
  ];
}

/**
 * Firefox's preferences: one fake camera (a coloured frame) and one fake microphone (a 1 kHz
 * tone), no prompts, autoplay allowed, and host ICE candidates on loopback. Firefox gathers only
 * "default route" addresses (none in a loopback-only namespace) for a page that holds no camera
 * or microphone permission, whatever `media.navigator.permission.disabled` says, so the two
 * permissions are granted by default; loopback candidates need `ice.loopback`, and plain
 * addresses instead of mDNS names `obfuscate_host_addresses` off. The container has no sound
 * server: with the real audio backend an AudioContext stays `suspended` for good (no level meter,
 * no tones) and no speaker is listed, so Firefox's own mock audio backend (`force_mock_context`,
 * the one its tests use) stands in: a running AudioContext and two outputs, "Fake Audio Output 1"
 * and "2", for setSinkId.
 */
export const FIREFOX_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'permissions.default.camera': 1,
  'permissions.default.microphone': 1,
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.autoplay.default': 0,
  'media.autoplay.block-webaudio': false,
  'media.autoplay.blocking_policy': 0,
  'media.cubeb.force_mock_context': true,
};

/** puppeteer-core launch options for Firefox. */
export function firefoxLaunchOptions() {
  return { browser: 'firefox', executablePath: firefoxPath(), headless: true, extraPrefsFirefox: FIREFOX_PREFS };
}

/**
 * WebDriver capabilities for WebKitGTK's MiniBrowser: WebRTC and mock capture devices on, media
 * playback without a gesture.
 */
export function webkitCapabilities() {
  return {
    capabilities: {
      alwaysMatch: {
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': {
          binary: WEBKIT_MINIBROWSER,
          args: [
            '--automation',
            '--enable-media-stream=true',
            '--enable-mock-capture-devices=true',
            '--enable-webrtc=true',
            '--enable-media=true',
            '--media-playback-requires-user-gesture=false',
          ],
        },
      },
    },
  };
}
