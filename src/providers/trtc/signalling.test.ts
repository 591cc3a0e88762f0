import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { RUNS, anyText, anyValue } from '../../../test/harness/fuzz.js';
import { SIGNAL_LIMITS, decodeSignal, encodeSignal, newInviteId, newRoomId, onlineUserOnly } from './signalling.js';
import type { Signal } from './signalling.js';

import { REAL } from '../../../test/fixtures/trtc-calling-signals.js';

function real(name: string): string {
  const found = REAL.find((f) => f.name === name);
  if (!found) throw new Error(`no fixture ${name}`);
  return found.payload;
}

/** The payload with its inner data parsed, for structural comparison. */
function structure(data: string): unknown {
  const envelope = JSON.parse(data) as Record<string, unknown>;
  return { ...envelope, data: JSON.parse(envelope.data as string) };
}

const base = { inviteId: '989d4da7-5015-4b09-8186-1c14acc5b8a6', inviter: 'alice', invitees: ['bob'], groupId: '', timeout: 0, version: 4 };

/** What each real payload decodes to (ids and room ids read from the fixture itself). */
const EXPECTED: Record<string, (room: number | undefined) => Partial<Signal>> = {
  'invite 1:1 video': (room) => ({ action: 'invite', cmd: 'videoCall', callType: 'video', roomId: room, userIds: ['bob'], timeout: 30 }),
  'accept 1:1 video': () => ({ action: 'accept', cmd: 'videoCall', callType: 'video' }),
  'hangup 1:1 call_end': () => ({ action: 'invite', cmd: 'hangup', callType: 'video', callEnd: 2, timeout: 0 }),
  'invite 1:1 audio': (room) => ({ action: 'invite', cmd: 'audioCall', callType: 'audio', roomId: room, userIds: ['bob'], timeout: 30 }),
  'reject 1:1 audio': () => ({ action: 'reject', cmd: 'audioCall', callType: 'audio', busy: false }),
  'reject busy (connected)': () => ({ action: 'reject', cmd: 'videoCall', callType: 'video', busy: true }),
  'reject busy (ringing)': () => ({ action: 'reject', cmd: 'videoCall', callType: 'video', busy: true }),
  'cancel 1:1': () => ({ action: 'cancel', cmd: 'audioCall', callType: 'audio' }),
  'timeout sent by callee': (room) => ({ action: 'timeout', cmd: 'audioCall', callType: 'audio', roomId: room, userIds: ['bob'] }),
  'timeout sent by caller': (room) => ({ action: 'timeout', cmd: 'audioCall', callType: 'audio', roomId: room, userIds: ['bob'] }),
  'switchToAudio invite': (room) => ({ action: 'invite', cmd: 'switchToAudio', callType: 'video', roomId: room, timeout: 30 }),
  'switchToAudio accept': () => ({ action: 'accept', cmd: 'switchToAudio', callType: 'video' }),
  'switchToVideo invite': (room) => ({ action: 'invite', cmd: 'switchToVideo', callType: 'audio', roomId: room, timeout: 30 }),
  'switchToVideo accept': () => ({ action: 'accept', cmd: 'switchToVideo', callType: 'audio' }),
  'group invite with groupID': (room) => ({ action: 'invite', cmd: 'videoCall', callType: 'video', roomId: room, invitees: ['bob', 'carol'], groupId: 'g1', timeout: 30 }),
  'group accept': () => ({ action: 'accept', cmd: 'videoCall', groupId: 'g1' }),
  'group reject': () => ({ action: 'reject', cmd: 'videoCall', groupId: 'g1', invitees: ['carol'], busy: false }),
  'group hangup (C2C) call_end': () => ({ action: 'invite', cmd: 'hangup', groupId: '', callEnd: 1 }),
  'groupless invite to carol': (room) => ({ action: 'invite', cmd: 'videoCall', invitees: ['carol'], userIds: ['bob', 'carol'], roomId: room }),
  'group timeout sent by invitee': (room) => ({ action: 'timeout', cmd: 'audioCall', invitees: ['carol'], groupId: 'g1', roomId: room }),
};

describe('TRTC signalling codec', () => {
  describe('real tsignaling / trtc-calling-js payloads', () => {
    for (const fixture of REAL) {
      it(`decodes and re-encodes "${fixture.name}"`, () => {
        const signal = decodeSignal({ data: fixture.payload });
        expect(signal, 'decoded').to.not.equal(undefined);
        const envelope = structure(fixture.payload) as { inviteID: string; inviter: string; inviteeList: string[]; groupID: string; data: { room_id?: number } };
        expect(signal!.inviteId).to.equal(envelope.inviteID);
        expect(signal!.inviter).to.equal(envelope.inviter);
        expect(signal!.invitees).to.deep.equal(envelope.inviteeList);
        expect(signal!.groupId).to.equal(envelope.groupID);
        expect(signal!.version).to.equal(4);
        expect(signal!.groupId !== '', 'sent to the group exactly when groupID is set').to.equal(fixture.conv === 'GROUP');
        const expected = EXPECTED[fixture.name]?.(envelope.data.room_id);
        if (expected) for (const [key, value] of Object.entries(expected)) expect((signal as unknown as Record<string, unknown>)[key], key).to.deep.equal(value);
        const encoded = encodeSignal(signal!);
        expect(encoded.description).to.equal('');
        expect(encoded.extension).to.equal('');
        expect(structure(encoded.data)).to.deep.equal(structure(fixture.payload));
        expect(onlineUserOnly(signal!)).to.equal(false);
      });
    }

    it('covers every action and command', () => {
      const decoded = REAL.map((f) => decodeSignal({ data: f.payload })!);
      expect(new Set(decoded.map((s) => s.action))).to.deep.equal(new Set(['invite', 'cancel', 'accept', 'reject', 'timeout']));
      expect(new Set(decoded.map((s) => s.cmd))).to.deep.equal(new Set(['audioCall', 'videoCall', 'hangup', 'switchToAudio', 'switchToVideo']));
    });

    it('answers reuse the invitation id; hang-up and mode switches are new invitations', () => {
      const id = (name: string) => decodeSignal({ data: real(name) })!.inviteId;
      expect(id('accept 1:1 video')).to.equal(id('invite 1:1 video'));
      expect(id('hangup 1:1 call_end')).to.not.equal(id('invite 1:1 video'));
      expect(id('cancel 1:1')).to.equal(id('invite to cancel'));
      expect(id('timeout sent by caller')).to.equal(id('invite callee offline'));
      expect(id('switchToAudio accept')).to.equal(id('switchToAudio invite'));
    });
  });

  describe('rejoins (ours, beside TRTCCalling\'s fields)', () => {
    it('travels as data.rejoins on any signal, and only a real true reads back as set', () => {
      const invite = { ...base, action: 'invite' as const, callType: 'audio' as const, cmd: 'audioCall' as const, roomId: 7, userIds: ['bob'], timeout: 30 };
      const encoded = encodeSignal({ ...invite, rejoins: true });
      const inner = (structure(encoded.data) as { data: { data: Record<string, unknown> } }).data.data;
      expect(inner.rejoins).to.equal(true);
      expect(decodeSignal(encoded)!.rejoins).to.equal(true);
      const accept = encodeSignal({ ...base, action: 'accept', callType: 'audio', cmd: 'audioCall', rejoins: true });
      expect(decodeSignal(accept)!.rejoins).to.equal(true);
      const plain = encodeSignal(invite);
      expect(plain.data).to.not.contain('rejoins');
      expect(decodeSignal(plain)!.rejoins).to.equal(undefined);
      const loose = plain.data.replace('\\"message\\":\\"\\"', '\\"message\\":\\"\\",\\"rejoins\\":1');
      expect(loose).to.not.equal(plain.data);
      expect(decodeSignal({ data: loose })!.rejoins, 'a 1 is not true').to.equal(undefined);
    });

    it('leaves TRTCCalling\'s own signals as they are: none of them carries it', () => {
      for (const fixture of REAL) expect(decodeSignal({ data: fixture.payload })!.rejoins, fixture.name).to.equal(undefined);
    });
  });

  describe('encode', () => {
    it('writes the TRTCCalling shapes', () => {
      const invite = encodeSignal({ ...base, action: 'invite', callType: 'audio', cmd: 'audioCall', roomId: 7, userIds: ['bob'], timeout: 30 });
      expect(structure(invite.data)).to.deep.equal({
        businessID: 1,
        inviteID: base.inviteId,
        inviter: 'alice',
        actionType: 1,
        inviteeList: ['bob'],
        data: { extraInfo: '', version: 4, call_type: 1, room_id: 7, businessID: 'av_call', platform: 'Web', data: { cmd: 'audioCall', room_id: 7, message: '', userIDs: ['bob'] } },
        timeout: 30,
        groupID: '',
        onlineUserOnly: false,
      });
      const busy = structure(encodeSignal({ ...base, action: 'reject', callType: 'video', busy: true, timeout: 99 }).data) as Record<string, unknown>;
      expect(busy.timeout, 'only INVITEs carry a timeout').to.equal(0);
      expect(busy).to.not.have.property('onlineUserOnly');
      expect(busy.data).to.deep.equal({ extraInfo: '', version: 4, call_type: 2, line_busy: 'line_busy', businessID: 'av_call', platform: 'Web', data: { cmd: 'videoCall', message: 'lineBusy' } });
    });

    it('round-trips generated signals', () => {
      const idArb = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s));
      const signalArb = fc
        .record({
          inviteId: idArb,
          inviter: idArb,
          action: fc.constantFrom('invite', 'cancel', 'accept', 'reject', 'timeout' as const),
          invitees: fc.array(idArb, { minLength: 1, maxLength: 5 }),
          groupId: fc.oneof(fc.constant(''), idArb),
          callType: fc.constantFrom('audio', 'video' as const),
          roomId: fc.integer({ min: 1, max: 100_000_000 }),
          busy: fc.boolean(),
        })
        .map((r): Signal => {
          const signal: Signal = { ...r, timeout: r.action === 'invite' ? 30 : 0, cmd: r.callType === 'video' ? 'videoCall' : 'audioCall', version: 4 };
          if (r.action !== 'reject') delete signal.busy;
          if (r.action !== 'invite' && r.action !== 'timeout') delete signal.roomId;
          return signal;
        });
      fc.assert(
        fc.property(signalArb, (signal) => {
          expect(decodeSignal(encodeSignal(signal))).to.deep.equal(signal);
        }),
        { numRuns: RUNS },
      );
    });

    it('onlineUserOnly is false for every action', () => {
      for (const action of ['invite', 'cancel', 'accept', 'reject', 'timeout'] as const) expect(onlineUserOnly({ ...base, action, callType: 'audio' })).to.equal(false);
    });
  });

  describe('version 0 (legacy inner format)', () => {
    const envelope = (action: number, data: unknown, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ businessID: 1, inviteID: 'x-1', inviter: 'alice', actionType: action, inviteeList: ['bob'], data: JSON.stringify(data), timeout: action === 1 ? 30 : 0, groupID: '', ...extra });
    const table: [string, string, Partial<Signal> | undefined][] = [
      ['call', envelope(1, { version: 0, call_type: 2, room_id: 123 }), { action: 'invite', cmd: 'videoCall', callType: 'video', roomId: 123, version: 0, timeout: 30 }],
      ['call with string room id', envelope(1, { version: 0, call_type: 1, room_id: '456' }), { cmd: 'audioCall', roomId: 456 }],
      ['hang-up by call_end', envelope(1, { version: 0, call_type: 1, call_end: 42 }, { timeout: 0 }), { cmd: 'hangup', callEnd: 42, roomId: undefined }],
      ['group INVITE without room is a hang-up', envelope(1, { version: 0, call_type: 1 }, { groupID: 'g', inviteeList: ['bob', 'carol'] }), { cmd: 'hangup', callEnd: 0 }],
      ['1:1 call without room is malformed', envelope(1, { version: 0, call_type: 1 }), undefined],
      ['switch to audio', envelope(1, { version: 0, call_type: 2, room_id: 9, switch_to_audio_call: 'switch_to_audio_call' }), { cmd: 'switchToAudio', roomId: 9 }],
      ['busy with empty line_busy', envelope(4, { version: 0, call_type: 1, line_busy: '' }), { action: 'reject', busy: true }],
      ['plain reject', envelope(4, { version: 0, call_type: 1 }), { action: 'reject', busy: false }],
      ['no version at all', envelope(2, { call_type: 1 }), { action: 'cancel', version: 0 }],
      ['version 4 without businessID is refused', envelope(2, { version: 4, call_type: 1 }), undefined],
    ];
    for (const [name, data, expected] of table) {
      it(name, () => {
        const signal = decodeSignal({ data });
        if (expected === undefined) {
          expect(signal).to.equal(undefined);
          return;
        }
        expect(signal).to.not.equal(undefined);
        for (const [key, value] of Object.entries(expected)) expect((signal as unknown as Record<string, unknown>)[key], key).to.deep.equal(value);
      });
    }
  });

  describe('malformed and hostile input', () => {
    const good = JSON.parse(real('invite 1:1 video')) as Record<string, unknown>;
    const goodInner = JSON.parse(good.data as string) as Record<string, unknown>;
    const withEnvelope = (patch: Record<string, unknown>) => JSON.stringify({ ...good, ...patch });
    const withInner = (patch: Record<string, unknown>) => withEnvelope({ data: JSON.stringify({ ...goodInner, ...patch }) });
    const table: [string, unknown][] = [
      ['undefined payload', undefined],
      ['no data', {}],
      ['data not a string', { data: 42 }],
      ['not JSON', { data: '{oops' }],
      ['JSON array', { data: '[1,2]' }],
      ['other businessID', { data: withEnvelope({ businessID: 2 }) }],
      ['businessID as string', { data: withEnvelope({ businessID: '1' }) }],
      ['av_call at the envelope', { data: withEnvelope({ businessID: 'av_call' }) }],
      ['actionType 0', { data: withEnvelope({ actionType: 0 }) }],
      ['actionType 6', { data: withEnvelope({ actionType: 6 }) }],
      ['actionType 1.5', { data: withEnvelope({ actionType: 1.5 }) }],
      ['inviteID missing', { data: withEnvelope({ inviteID: undefined }) }],
      ['inviteID not a string', { data: withEnvelope({ inviteID: {} }) }],
      ['inviteID too long', { data: withEnvelope({ inviteID: 'x'.repeat(SIGNAL_LIMITS.idLength + 1) }) }],
      ['inviter with control characters', { data: withEnvelope({ inviter: 'a\nb' }) }],
      ['inviteeList not an array', { data: withEnvelope({ inviteeList: 'bob' }) }],
      ['inviteeList empty', { data: withEnvelope({ inviteeList: [] }) }],
      ['inviteeList with a number', { data: withEnvelope({ inviteeList: ['bob', 3] }) }],
      ['inviteeList too long', { data: withEnvelope({ inviteeList: Array.from({ length: SIGNAL_LIMITS.invitees + 1 }, (_, i) => `u${i}`) }) }],
      ['groupID not a string', { data: withEnvelope({ groupID: 5 }) }],
      ['negative timeout', { data: withEnvelope({ timeout: -1 }) }],
      ['huge timeout', { data: withEnvelope({ timeout: 1e12 }) }],
      ['timeout as string', { data: withEnvelope({ timeout: '30' }) }],
      ['inner data not a string', { data: withEnvelope({ data: { version: 4 } }) }],
      ['inner data not JSON', { data: withEnvelope({ data: 'nope' }) }],
      ['inner of another business', { data: withInner({ businessID: 'rtc_call' }) }],
      ['inner version not a number', { data: withInner({ version: '4' }) }],
      ['call INVITE with room 0', { data: withInner({ room_id: 0, data: { cmd: 'videoCall', room_id: 0 } }) }],
      ['call INVITE with room beyond TRTC range', { data: withInner({ room_id: 2 ** 40, data: { cmd: 'videoCall' } }) }],
      ['payload over 64 KiB', { data: withEnvelope({ pad: 'x'.repeat(SIGNAL_LIMITS.dataLength) }) }],
      ['deep nesting', { data: '['.repeat(60_000) }],
      ['throwing getter', Object.defineProperty({}, 'data', { get: () => { throw new Error('boom'); } })],
    ];
    for (const [name, payload] of table) {
      it(`refuses ${name}`, () => {
        expect(decodeSignal(payload as { data?: unknown })).to.equal(undefined);
      });
    }

    it('drops malformed optional fields without failing the signal', () => {
      const signal = decodeSignal({ data: withInner({ data: { cmd: 'bogus', room_id: 5, message: 7, userIDs: [1, 2] } }) });
      expect(signal?.cmd).to.equal('videoCall');
      expect(signal?.userIds).to.equal(undefined);
    });

    it('does not pollute prototypes', () => {
      const evil = withEnvelope({ __proto__: { polluted: true }, constructor: { prototype: { polluted: true } }, data: JSON.stringify({ ...goodInner, __proto__: { polluted: true } }) });
      const raw = evil.replace('"inviteID"', '"__proto__":{"polluted":true},"inviteID"');
      const signal = decodeSignal({ data: raw });
      expect(signal).to.not.equal(undefined);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect(Object.getPrototypeOf(signal)).to.equal(Object.prototype);
      expect(Object.keys(signal!).sort()).to.deep.equal(['action', 'callType', 'cmd', 'groupId', 'inviteId', 'invitees', 'inviter', 'roomId', 'timeout', 'userIds', 'version']);
    });

    it('never throws and returns only well-formed signals for any input', () => {
      const mutate = fc.record({ key: fc.constantFrom('businessID', 'inviteID', 'inviter', 'actionType', 'inviteeList', 'data', 'timeout', 'groupID'), value: anyValue });
      const innerMutate = fc.record({ key: fc.constantFrom('version', 'call_type', 'room_id', 'businessID', 'data', 'call_end', 'line_busy', 'switch_to_audio_call'), value: anyValue });
      const safeJson = (v: unknown): string | undefined => {
        try {
          return JSON.stringify(v);
        } catch {
          return undefined;
        }
      };
      const payloads = fc.oneof(
        anyValue.map((v) => ({ data: v })),
        anyText.map((t) => ({ data: t })),
        mutate.map(({ key, value }) => ({ data: safeJson({ ...good, [key]: value }) })),
        innerMutate.map(({ key, value }) => ({ data: safeJson({ ...good, data: safeJson({ ...goodInner, [key]: value }) }) })),
      );
      fc.assert(
        fc.property(payloads, (payload) => {
          const signal = decodeSignal(payload);
          if (signal === undefined) return;
          expect(signal.inviteId).to.be.a('string').with.length.within(1, SIGNAL_LIMITS.idLength);
          expect(signal.invitees).to.be.an('array').with.length.within(1, SIGNAL_LIMITS.invitees);
          expect(['invite', 'cancel', 'accept', 'reject', 'timeout']).to.include(signal.action);
          expect(['audio', 'video']).to.include(signal.callType);
          if (signal.roomId !== undefined) expect(signal.roomId).to.be.within(1, SIGNAL_LIMITS.roomId);
          expect(Number.isInteger(signal.timeout) && signal.timeout >= 0).to.equal(true);
          expect(decodeSignal(encodeSignal(signal))?.inviteId).to.equal(signal.inviteId);
        }),
        { numRuns: RUNS },
      );
    });
  });

  describe('ids', () => {
    it('invite ids are version-4 UUIDs like tsignaling makes', () => {
      for (const f of REAL) expect(decodeSignal({ data: f.payload })!.inviteId).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const seen = new Set<string>();
      for (let i = 0; i < 200; i++) seen.add(newInviteId());
      expect(seen.size).to.equal(200);
      for (const id of seen) expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(newInviteId(() => 0)).to.equal('00000000-0000-4000-8000-000000000000');
      expect(newInviteId(() => 0.999999)).to.equal('ffffffff-ffff-4fff-bfff-ffffffffffff');
    });

    it('room ids are integers in 1..1e8', () => {
      expect(newRoomId(() => 0)).to.equal(1);
      expect(newRoomId(() => 0.9999999999999)).to.equal(100_000_000);
      expect(newRoomId(() => NaN)).to.equal(1);
      fc.assert(
        fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (r) => {
          const room = newRoomId(() => r);
          expect(Number.isInteger(room) && room >= 1 && room <= 1e8).to.equal(true);
        }),
        { numRuns: RUNS },
      );
    });
  });
});
