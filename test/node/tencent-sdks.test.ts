// The SDK fakes (test/fakes/tencent) against the real packages (devDependencies, never loaded in
// a page): @tencentcloud/chat loads in Node, so its EVENT, TYPES and TSignaling are compared
// with the fake's as they run; trtc-sdk-v5 needs a browser, so its TRTCEvent and the TRTC
// class's method names are read from its shipped index.d.ts (TypeScript's parser). The fakes'
// methods must be real ones, and every method our adapters call must be in both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ts from 'typescript';
import FakeChat, { FakeChatInstance } from '../fakes/tencent/fake-chat.js';
import FakeTRTCV5, { FakeTRTCv5 } from '../fakes/tencent/fake-trtc-v5.js';
import { CHAT_SIGNALING_NAMES, CHAT_SIGNALLING_METHODS } from '../../src/providers/trtc/chat-signalling.js';

const require = createRequire(import.meta.url);

/** Own method names of a class's prototype (constructor and private helpers of the fake excluded by the caller). */
function methods(prototype: object): string[] {
  return Object.getOwnPropertyNames(prototype).filter((name) => name !== 'constructor' && typeof (prototype as Record<string, unknown>)[name] === 'function');
}

/** trtc-sdk-v5's d.ts: the TRTCEvent object's members and the TRTC class's instance and static methods. */
function readTrtcV5Types(): { events: Record<string, string>; instance: Set<string>; statics: Set<string> } {
  const file = require.resolve('trtc-sdk-v5/index.d.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const events: Record<string, string> = {};
  const instance = new Set<string>();
  const statics = new Set<string>();
  source.forEachChild((node) => {
    if (ts.isVariableStatement(node)) {
      for (const declaration of node.declarationList.declarations) {
        if (declaration.name.getText(source) !== 'TRTCEvent' || !declaration.type || !ts.isTypeLiteralNode(declaration.type)) continue;
        for (const member of declaration.type.members) {
          if (ts.isPropertySignature(member) && member.type && ts.isLiteralTypeNode(member.type) && ts.isStringLiteral(member.type.literal)) events[member.name.getText(source)] = member.type.literal.text;
        }
      }
    }
    if (ts.isClassDeclaration(node) && node.name?.text === 'TRTC') {
      for (const member of node.members) {
        if (!member.name) continue;
        const isStatic = ts.getCombinedModifierFlags(member as ts.Declaration) & ts.ModifierFlags.Static;
        (isStatic ? statics : instance).add(member.name.getText(source));
      }
    }
  });
  return { events, instance, statics };
}

test('fake trtc-sdk-v5: TRTC.EVENT is the d.ts TRTCEvent, key for key and value for value', () => {
  const { events } = readTrtcV5Types();
  assert.ok(Object.keys(events).length > 20, 'TRTCEvent read from the d.ts');
  assert.deepEqual({ ...FakeTRTCV5.EVENT }, events);
});

test('fake trtc-sdk-v5: every method of the fake TRTC object and class is a real one; what TrtcV5Room calls is in both', () => {
  const { instance, statics } = readTrtcV5Types();
  const fakeInstance = methods(FakeTRTCv5.prototype).filter((name) => !PRIVATE_V5.has(name));
  for (const name of fakeInstance) assert.ok(instance.has(name), `TRTC has no method ${name}`);
  for (const name of Object.keys(FakeTRTCV5)) assert.ok(statics.has(name), `TRTC has no static ${name}`);
  for (const name of ['create', 'EVENT']) assert.ok(statics.has(name) && name in FakeTRTCV5, `static ${name}`);
  const used = ['enterRoom', 'exitRoom', 'startLocalAudio', 'updateLocalAudio', 'stopLocalAudio', 'startLocalVideo', 'updateLocalVideo', 'stopLocalVideo', 'startRemoteVideo', 'getAudioTrack', 'getVideoTrack', 'setRemoteAudioVolume', 'on', 'off', 'destroy'];
  for (const name of used) assert.ok(instance.has(name) && fakeInstance.includes(name), `${name} in both`);
});

/** The fake's own helpers (TypeScript-private, not part of the API). */
const PRIVATE_V5 = new Set(['startTrack', 'requireLocal', 'listenTo', 'remoteOf', 'update', 'reportStatistics', 'emit', 'startEarly', 'earlyTrack', 'updateEarly', 'play', 'stopPlaying']);

test('fake @tencentcloud/chat: EVENT, TYPES and TSignaling are the package\'s, as it runs', async () => {
  const real = (await import('@tencentcloud/chat')).default as unknown as Record<'EVENT' | 'TYPES' | 'TSignaling', Record<string, unknown>>;
  assert.deepEqual({ ...FakeChat.EVENT }, { ...real.EVENT });
  assert.deepEqual({ ...FakeChat.TYPES }, { ...real.TYPES });
  assert.deepEqual({ ...FakeChat.TSignaling }, { ...real.TSignaling });
  // The names the provider falls back to for a shared chat instance are the package's.
  for (const [key, value] of Object.entries(CHAT_SIGNALING_NAMES)) assert.equal(real.TSignaling[key], value, key);
});

test("fake @tencentcloud/chat: its methods are the d.ts ChatSDK's; the signalling and login the chat adapter calls are in both", () => {
  const realMethods = classMembers(require.resolve('@tencentcloud/chat/index.d.ts'), 'ChatSDK');
  assert.ok(realMethods.size > 50, 'ChatSDK read from the d.ts');
  const fakeOwn = methods(FakeChatInstance.prototype).filter((name) => !PRIVATE_CHAT.has(name) && name !== 'receive');
  for (const name of fakeOwn) assert.ok(realMethods.has(name), `ChatSDK has no method ${name}`);
  for (const name of [...CHAT_SIGNALLING_METHODS, 'login', 'logout', 'on', 'off', 'createCustomMessage', 'sendMessage', 'getMyProfile']) {
    assert.ok(realMethods.has(name), `real ${name}`);
    assert.equal(typeof (FakeChatInstance.prototype as unknown as Record<string, unknown>)[name], 'function', `fake ${name}`);
  }
});

/** The member names of class `name` in the d.ts `file`. */
function classMembers(file: string, name: string): Set<string> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const members = new Set<string>();
  source.forEachChild((node) => {
    if (ts.isClassDeclaration(node) && node.name?.text === name) for (const member of node.members) if (member.name) members.add(member.name.getText(source));
  });
  return members;
}

const PRIVATE_CHAT = new Set(['inviteData', 'answerData', 'answer', 'sendSignaling', 'signalingOf', 'handle', 'updateInvite', 'startTimer', 'stillPending', 'sendTimeout', 'pickUpHistory', 'resetSignaling', 'emitSignaling']);
