import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startDevSipServer } from './index.js';
import type { RunningDevSipServer } from './index.js';
import { header, headers } from './sip-message.js';
import { addrUri, param, parseVia } from './sip-uri.js';
import { calleeDialog, callerDialog, TestSipClient, token, viaCount } from './test-client.js';

const SDP = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n';
const topBranch = (m: Parameters<typeof header>[0]) => parseVia(header(m, 'Via'))?.branch;

describe('proxy: calls between registered phones', { timeout: 15_000 }, () => {
  let server: RunningDevSipServer;
  let clients: TestSipClient[] = [];
  const phone = async (name: string, options?: { host?: string }) => {
    const c = await TestSipClient.connect(server.url, `${name}-${token(4)}`, options);
    clients.push(c);
    assert.equal((await c.register()).status, 200);
    return c;
  };
  before(async () => {
    server = await startDevSipServer();
  });
  beforeEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    clients = [];
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });

  it('carries a whole call: INVITE, 100/180/200, ACK, INFO both ways, BYE', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const sent = alice.send('INVITE', `sip:${bob.user}@127.0.0.1`, { body: SDP });
    const invite = await bob.request('INVITE');
    assert.equal(invite.uri, bob.contact, 'Request-URI rewritten to the registered contact');
    assert.deepEqual(headers(invite, 'Record-Route').length, 1);
    assert.match(header(invite, 'Record-Route')!, /^<sip:[^>]+;lr>$/);
    assert.equal(viaCount(invite), 2, 'the proxy pushed its Via');
    assert.match(topBranch(invite)!, /^z9hG4bK/);
    assert.notEqual(topBranch(invite), sent.branch);
    assert.equal(parseVia(headers(invite, 'Via')[1])?.branch, sent.branch, "the caller's Via stays below");
    assert.equal(header(invite, 'Max-Forwards'), '68');
    assert.equal(invite.body, SDP);
    assert.equal(header(invite, 'Content-Length'), String(Buffer.byteLength(SDP)));

    bob.reply(invite, 100, 'Trying');
    bob.reply(invite, 180, 'Ringing');
    const ringing = await alice.response(180, 'INVITE');
    assert.equal(viaCount(ringing), 1, 'the proxy popped its Via');
    assert.equal(parseVia(header(ringing, 'Via'))?.branch, sent.branch);
    bob.reply(invite, 200, 'OK', { body: SDP });
    const ok = await alice.response(200, 'INVITE');
    assert.equal(ok.body, SDP);
    assert.equal(addrUri(header(ok, 'Contact')), bob.contact);

    const aliceSide = callerDialog(sent, ok);
    alice.sendInDialog('ACK', aliceSide);
    const ack = await bob.request('ACK');
    assert.equal(header(ack, 'Route'), undefined, 'the Route naming the proxy is stripped');
    assert.equal(ack.uri, bob.contact);

    const bobSide = calleeDialog(invite);
    bob.sendInDialog('INFO', bobSide, { extra: ['Content-Type: application/dtmf-relay'], body: 'Signal=5\r\nDuration=160\r\n' });
    const info = await alice.request('INFO');
    assert.equal(info.uri, addrUri(sent.text.match(/^Contact: (.*)$/m)![1]));
    assert.equal(info.body, 'Signal=5\r\nDuration=160\r\n');
    alice.reply(info, 200, 'OK');
    await bob.response(200, 'INFO');

    alice.sendInDialog('INFO', aliceSide, { body: 'Signal=#\r\n' });
    const back = await bob.request('INFO');
    assert.equal(back.body, 'Signal=#\r\n');
    bob.reply(back, 200, 'OK');
    await alice.response(200, 'INFO');

    alice.sendInDialog('BYE', aliceSide);
    const bye = await bob.request('BYE');
    assert.equal(header(bye, 'Route'), undefined);
    bob.reply(bye, 200, 'OK');
    const byeOk = await alice.response(200, 'BYE');
    assert.equal(viaCount(byeOk), 1);
  });

  it('forwards CANCEL on the INVITE branch, relays 200 and 487, and the ACK of the 487', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const target = `sip:${bob.user}@127.0.0.1`;
    const sent = alice.send('INVITE', target, { body: SDP });
    const invite = await bob.request('INVITE');
    bob.reply(invite, 180, 'Ringing');
    await alice.response(180, 'INVITE');
    alice.send('CANCEL', target, { branch: sent.branch, callId: sent.callId, cseq: sent.cseq, from: sent.from, to: sent.to });
    const cancel = await bob.request('CANCEL');
    assert.equal(topBranch(cancel), topBranch(invite), 'the callee can match the CANCEL to its INVITE');
    assert.equal(cancel.uri, invite.uri, 'same Request-URI as the forwarded INVITE');
    bob.reply(cancel, 200, 'OK');
    bob.reply(invite, 487, 'Request Terminated');
    await alice.response(200, 'CANCEL');
    const terminated = await alice.response(487, 'INVITE');
    alice.send('ACK', target, { branch: sent.branch, callId: sent.callId, cseq: sent.cseq, from: sent.from, to: header(terminated, 'To') });
    const ack = await bob.request('ACK');
    assert.equal(topBranch(ack), topBranch(invite), 'ACK of a non-2xx is in the INVITE transaction');
    assert.equal(ack.uri, bob.contact);
  });

  it('relays a 486 Busy Here and answers 481 to a CANCEL for an unknown INVITE', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    alice.send('INVITE', `sip:${bob.user}@127.0.0.1`);
    bob.reply(await bob.request('INVITE'), 486, 'Busy Here');
    await alice.response(486, 'INVITE');
    alice.send('CANCEL', `sip:${bob.user}@127.0.0.1`);
    await alice.response(481, 'CANCEL');
  });

  it('answers 480 when the callee socket closes while ringing, and to later INVITEs; 404 for unknown users', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    alice.send('INVITE', `sip:${bob.user}@127.0.0.1`);
    const invite = await bob.request('INVITE');
    bob.reply(invite, 180, 'Ringing');
    await alice.response(180, 'INVITE');
    await bob.close();
    const gone = await alice.finalResponse('INVITE');
    assert.equal(gone.status, 480, 'callee vanished while ringing');
    assert.ok(param(header(gone, 'To'), 'tag'), 'the final response has a To tag');
    alice.send('INVITE', `sip:${bob.user}@127.0.0.1`);
    assert.equal((await alice.finalResponse('INVITE')).status, 480, 'known user, socket closed');
    alice.send('INVITE', `sip:nobody-${token(6)}@127.0.0.1`);
    assert.equal((await alice.finalResponse('INVITE')).status, 404, 'never registered');
  });

  it('answers 480 for a user who unregistered', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    await bob.register({ expires: 0 });
    alice.send('MESSAGE', `sip:${bob.user}@127.0.0.1`, { body: 'hi' });
    assert.equal((await alice.finalResponse('MESSAGE')).status, 480);
    assert.equal(await bob.arrives((m) => m.method === 'MESSAGE', 100), false);
  });

  it('sends CANCEL to the callee when the caller socket closes while ringing, and ACKs the 487', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    alice.send('INVITE', `sip:${bob.user}@127.0.0.1`);
    const invite = await bob.request('INVITE');
    bob.reply(invite, 180, 'Ringing');
    await alice.response(180, 'INVITE');
    await alice.close();
    const cancel = await bob.request('CANCEL');
    assert.equal(topBranch(cancel), topBranch(invite));
    assert.equal(header(cancel, 'Call-ID'), header(invite, 'Call-ID'));
    bob.reply(cancel, 200, 'OK');
    bob.reply(invite, 487, 'Request Terminated');
    const ack = await bob.request('ACK');
    assert.equal(topBranch(ack), topBranch(invite));
    assert.match(header(ack, 'To')!, /tag=callee-tag/);
  });

  it('routes in-dialog requests between phones that share one JsSIP host (two UAs in a page)', async () => {
    const host = `${token(12)}.invalid`;
    const alice = await phone('alice', { host });
    const bob = await phone('bob', { host });
    const sent = alice.send('INVITE', `sip:${bob.user}@127.0.0.1`, { body: SDP });
    const invite = await bob.request('INVITE');
    bob.reply(invite, 200, 'OK', { body: SDP });
    const aliceSide = callerDialog(sent, await alice.response(200, 'INVITE'));
    alice.sendInDialog('ACK', aliceSide);
    await bob.request('ACK');
    bob.sendInDialog('BYE', calleeDialog(invite));
    const bye = await alice.request('BYE');
    assert.equal(bye.uri?.startsWith(addrUri(sent.text.match(/^Contact: (.*)$/m)![1]).split(';')[0]), true);
    assert.equal(await bob.arrives((m) => m.method === 'BYE', 100), false, 'the BYE did not loop back to bob');
    alice.reply(bye, 200, 'OK');
    await bob.response(200, 'BYE');
  });

  it('routes an in-dialog request by its Request-URI alone (a contact learnt from REGISTER)', async () => {
    const host = `${token(12)}.invalid`; // one JsSIP host for both: only the Contact user tells them apart
    const alice = await phone('alice', { host });
    const bob = await phone('bob', { host });
    // No INVITE went through the proxy for this Call-ID: only the contact can name bob's socket.
    alice.send('NOTIFY', bob.contact, { to: `<${bob.aor}>;tag=b1`, callId: `no-dialog-${token(6)}`, extra: ['Event: refer', 'Subscription-State: terminated'] });
    const notify = await bob.request('NOTIFY');
    assert.equal(notify.uri, bob.contact);
    bob.reply(notify, 200, 'OK');
    await alice.response(200, 'NOTIFY');
  });

  it('routes in-dialog requests by Call-ID when callers share a Contact (anonymous calls)', async () => {
    const bob = await phone('bob');
    const anonymous = 'sip:anonymous@anonymous.invalid;transport=ws';
    const callers = [await phone('c1'), await phone('c2')];
    const invites = [];
    for (const caller of callers) {
      caller.send('INVITE', `sip:${bob.user}@127.0.0.1`, { noContact: true, from: `"Anonymous" <sip:anonymous@anonymous.invalid>;tag=${token(8)}`, extra: [`Contact: <${anonymous}>`] });
      const invite = await bob.request('INVITE');
      bob.reply(invite, 200, 'OK', { body: SDP });
      await caller.response(200, 'INVITE');
      invites.push(invite);
    }
    // bob hangs up the first call: the Request-URI is the shared anonymous contact
    bob.sendInDialog('BYE', calleeDialog(invites[0]));
    const bye = await callers[0].request('BYE');
    assert.equal(bye.uri, anonymous);
    assert.equal(await callers[1].arrives((m) => m.method === 'BYE', 100), false, 'not to the other anonymous caller');
    bob.sendInDialog('BYE', calleeDialog(invites[1]));
    await callers[1].request('BYE');
  });

  it('sends out-of-dialog requests to the most recent registration of a user', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    const bob2 = await TestSipClient.connect(server.url, bob.user);
    clients.push(bob2);
    await bob2.register();
    alice.send('MESSAGE', `sip:${bob.user}@127.0.0.1`, { body: 'to the newest' });
    const message = await bob2.request('MESSAGE');
    assert.equal(message.uri, bob2.contact);
    assert.equal(await bob.arrives((m) => m.method === 'MESSAGE', 100), false);
    await bob2.close();
    alice.send('MESSAGE', `sip:${bob.user}@127.0.0.1`, { body: 'back to the first' });
    assert.equal((await bob.request('MESSAGE')).uri, bob.contact, 'the older registration takes over when the newer socket closes');
  });

  it('forwards an out-of-dialog MESSAGE without Record-Route and strips a preloaded Route naming the server', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    alice.send('MESSAGE', `sip:${bob.user}@127.0.0.1`, {
      extra: [`Route: <sip:127.0.0.1:${server.port};transport=ws;lr>`, 'Content-Type: text/plain'],
      body: 'héllo ✓',
    });
    const message = await bob.request('MESSAGE');
    assert.equal(header(message, 'Route'), undefined);
    assert.equal(header(message, 'Record-Route'), undefined);
    assert.equal(message.body, 'héllo ✓');
    assert.equal(header(message, 'Content-Length'), String(Buffer.byteLength('héllo ✓')));
    bob.reply(message, 200, 'OK');
    await alice.response(200, 'MESSAGE');
  });

  it('answers for itself: OPTIONS 200, 481 in-dialog to nobody, 483 at Max-Forwards 0, 405 for PUBLISH', async () => {
    const alice = await phone('alice');
    const bob = await phone('bob');
    alice.send('OPTIONS', 'sip:127.0.0.1');
    const options = await alice.response(200, 'OPTIONS');
    assert.match(header(options, 'Allow')!, /INVITE/);
    alice.send('BYE', `sip:gone@${token(8)}.invalid;transport=ws`, { to: '<sip:gone@127.0.0.1>;tag=abc' });
    await alice.response(481, 'BYE');
    alice.send('MESSAGE', `sip:${bob.user}@127.0.0.1`, { maxForwards: 0 });
    await alice.response(483, 'MESSAGE');
    alice.send('MESSAGE', `sip:${bob.user}@127.0.0.1`, { maxForwards: 1 });
    const last = await bob.request('MESSAGE');
    assert.equal(header(last, 'Max-Forwards'), '0');
    alice.send('PUBLISH', `sip:${bob.user}@127.0.0.1`);
    await alice.response(405, 'PUBLISH');
    assert.equal(await bob.arrives((m) => m.method === 'PUBLISH' || m.method === 'MESSAGE', 100), false);
  });
});
