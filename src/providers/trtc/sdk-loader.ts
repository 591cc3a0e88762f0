/**
 * Finds Tencent's SDKs for the TRTC provider: the page's `sdk` setting (the SDK objects, or a
 * function resolving to them; either generation: trtc-js-sdk 4 or trtc-sdk-v5 for `TRTC`,
 * tim-js-sdk or @tencentcloud/chat for `TIM`, told apart by their objects), else the
 * packages' ESM builds by bare import
 * (`trtc-js-sdk/trtc.esm.js`, `tim-js-sdk/tim-js.es.js`). The bare imports are hidden from
 * bundlers on purpose: a SIP-only app must build without the optional TRTC packages installed,
 * so an app that bundles them hands them over through `sdk` (README, "TRTC"), and a plain page
 * maps the names with an import map.
 * @module
 */
import { CallError } from '../../base/errors.js';
import type { TencentSdkPair, TimInstance, TimSdk, TrtcSdk, TrtcV5Sdk } from './sdk-types.js';

const PACKAGES = 'trtc-js-sdk and tim-js-sdk';
const TRTC_MODULE = 'trtc-js-sdk/trtc.esm.js';
const TIM_MODULE = 'tim-js-sdk/tim-js.es.js';

/** A module's default export, or the module itself. */
function entry(module: unknown): unknown {
  const record = module as { default?: unknown } | undefined;
  return record && typeof record === 'object' && 'default' in record && record.default ? record.default : module;
}

/** Imports a module by a name bundlers must not resolve (see the module comment). */
function importAtRuntime(name: string): Promise<unknown> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ name);
}

function unavailable(why: string, cause?: unknown): CallError {
  return new CallError(
    'trtc/sdk-unavailable',
    `The TRTC provider needs Tencent's SDKs (${why}). Install ${PACKAGES} (npm install trtc-js-sdk tim-js-sdk), or the current trtc-sdk-v5 and @tencentcloud/chat, and give them to the phone: ` +
      `phone.sdk = async () => ({ TRTC: (await import('trtc-sdk-v5')).default, TIM: (await import('@tencentcloud/chat')).default }); ` +
      'or, on a page without a bundler, map both names in an import map.',
    { attribute: 'sdk', cause },
  );
}

/** Whether `trtc` is trtc-js-sdk 4's `TRTC` (`createClient`, `createStream`) or trtc-sdk-v5's (`create`, `EVENT`). */
function isTrtc(trtc: unknown): boolean {
  const sdk = trtc as Partial<Record<string, unknown>> | undefined;
  if (!sdk || (typeof sdk !== 'object' && typeof sdk !== 'function')) return false;
  const v4 = typeof sdk.createClient === 'function' && typeof sdk.createStream === 'function';
  const v5 = typeof sdk.create === 'function' && !!sdk.EVENT && typeof sdk.EVENT === 'object';
  return v4 || v5;
}

/** Whether `value` looks like the SDK pair (the factories the provider calls), of either generation. */
function isPair(value: unknown): value is TencentSdkPair {
  const pair = value as Partial<Record<'TRTC' | 'TIM', unknown>> | undefined;
  const tim = entry(pair?.TIM) as Partial<TimSdk> | undefined;
  return isTrtc(entry(pair?.TRTC)) && typeof tim?.create === 'function' && !!tim.EVENT && !!tim.TYPES;
}

/** The TIM instance methods the provider calls on a shared instance. */
const TIM_METHODS = ['login', 'logout', 'on', 'off', 'createCustomMessage', 'sendMessage', 'getMessageList'] as const;

/** The page's TIM instance in `pair.tim`, if any; throws when `tim` is there but is no TIM instance. */
function sharedTim(pair: { tim?: unknown }): TimInstance | undefined {
  const tim = pair.tim as Partial<Record<string, unknown>> | null | undefined;
  if (tim === undefined || tim === null) return undefined;
  const missing = TIM_METHODS.filter((name) => typeof tim[name] !== 'function');
  if (!missing.length) return tim as unknown as TimInstance;
  throw new CallError(
    'trtc/sdk-unavailable',
    `sdk.tim must be a TIM instance (what TIM.create({ SDKAppID }) returned, e.g. the one your chat uses); this one lacks ${missing.join(', ')}. Leave tim out to let the phone create its own.`,
    { attribute: 'sdk' },
  );
}

/**
 * The SDKs to use: from `given` (the `sdk` setting) or by import, with the page's TIM instance
 * when `sdk.tim` holds one. Rejects with `trtc/sdk-unavailable`, naming the packages to install
 * (or what is wrong with `tim`).
 */
export async function loadSdks(given: unknown): Promise<TencentSdkPair> {
  let found: unknown;
  try {
    if (typeof given === 'function') found = await (given as () => unknown)();
    else if (given) found = given;
    else {
      const [trtc, tim] = await Promise.all([importAtRuntime(TRTC_MODULE), importAtRuntime(TIM_MODULE)]);
      found = { TRTC: trtc, TIM: tim };
    }
  } catch (cause) {
    throw unavailable(typeof given === 'function' ? 'the sdk loader failed' : 'they could not be imported', cause);
  }
  if (!isPair(found)) throw unavailable('the sdk setting must give { TRTC, TIM } of trtc-js-sdk 4 or trtc-sdk-v5 (TRTC.createClient or TRTC.create) and tim-js-sdk or @tencentcloud/chat');
  const tim = sharedTim(found);
  return { TRTC: entry(found.TRTC) as TrtcSdk | TrtcV5Sdk, TIM: entry(found.TIM) as TimSdk, ...(tim ? { tim } : {}) };
}
