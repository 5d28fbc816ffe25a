import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { ids, placeBody, registerBody } from '../../test/fixtures';
import { type Harness, startHarness } from '../../test/harness';

// The API's clock; commands carry their business time as occurredAt.
let clock = new Date('2026-03-06T16:30:00.000Z');
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => clock, withOps: true });
});
afterAll(async () => h?.close());

const asAgent = (url: string, payload: object, headers: Record<string, string> = {}) =>
  h.send({ method: 'POST', url, payload, key: h.keys.support, headers });
const readCase = (caseId: string) =>
  h.send({ method: 'GET', url: `/v1/cases/${caseId}`, key: h.keys.support });
const typesOf = async (caseId: string) => {
  const res = await h.send({ method: 'GET', url: `/v1/streams/case-${caseId}`, key: h.keys.reader });
  return (res.json().events as { type: string }[]).map((e) => e.type);
};
type Clock = { metric: string; cycle: number; due?: string; status: string; remainingSeconds: number };
const clocks = async (caseId: string, at: string) => {
  clock = new Date(at);
  const res = await readCase(caseId);
  expect(res.statusCode).toBe(200);
  return (res.json().sla as Clock[]).map(({ metric, cycle, due, status, remainingSeconds }) => ({
    metric,
    cycle,
    due,
    status,
    remainingSeconds,
  }));
};

async function customer() {
  const id = ids();
  expect(
    (await h.send({ method: 'POST', url: '/v1/customers', payload: registerBody(id.customerId) })).statusCode,
  ).toBe(201);
  return id;
}

const openBody = (caseId: string, customerId: string, occurredAt: string, patch: object = {}) => ({
  caseId,
  customerId,
  channel: 'email',
  openedBy: { type: 'customer' },
  message: { messageId: 'msg-1', body: 'My kettle stopped heating after a week.' },
  occurredAt,
  ...patch,
});
const agentReply = (messageId: string, occurredAt: string) => ({
  messageId,
  direction: 'out',
  agentId: 'agent-7',
  body: 'A replacement is on its way.',
  occurredAt,
});
const customerReply = (messageId: string, occurredAt: string) => ({
  messageId,
  direction: 'in',
  body: 'Thank you, it has not arrived yet.',
  occurredAt,
});

describe('support cases over HTTP', () => {
  it('a case opened Friday 16:30 is due for a first response Monday 16:30, and goes its whole way', async () => {
    const { customerId } = await customer();
    const caseId = uniqueId('case-');
    const opened = await asAgent('/v1/cases', openBody(caseId, customerId, '2026-03-06T16:30:00.000Z'));
    expect(opened.statusCode).toBe(201);
    expect(opened.headers.location).toBe(`/v1/cases/${caseId}`);
    expect(opened.json().events.map((e: { type: string }) => e.type)).toEqual([
      'CaseOpened',
      'CaseMessageAdded',
    ]);

    const saturday = await clocks(caseId, '2026-03-07T12:00:00.000Z');
    expect((await readCase(caseId)).json().sla[0].atRiskAt).toBe('2026-03-09T14:30:00.000Z');
    expect(saturday).toEqual([
      {
        metric: 'firstResponse',
        cycle: 1,
        due: '2026-03-09T16:30:00.000Z',
        status: 'running',
        remainingSeconds: 27_000,
      },
      {
        metric: 'resolution',
        cycle: 1,
        due: '2026-03-13T16:30:00.000Z',
        status: 'running',
        remainingSeconds: 142_200,
      },
    ]);

    // Monday: answered at 10:00, the customer writes at 11:00, the agent waits for them at 12:00.
    expect(
      (await asAgent(`/v1/cases/${caseId}/messages`, agentReply('msg-2', '2026-03-09T10:00:00.000Z')))
        .statusCode,
    ).toBe(200);
    expect(
      (await asAgent(`/v1/cases/${caseId}/messages`, customerReply('msg-3', '2026-03-09T11:00:00.000Z')))
        .statusCode,
    ).toBe(200);
    expect(
      (await asAgent(`/v1/cases/${caseId}/messages`, agentReply('msg-4', '2026-03-09T11:30:00.000Z')))
        .statusCode,
    ).toBe(200);
    const assigned = await asAgent(`/v1/cases/${caseId}/assignment`, {
      assignee: { type: 'agent', id: 'agent-7' },
      occurredAt: '2026-03-09T11:30:00.000Z',
    });
    expect(assigned.statusCode).toBe(200);
    const pending = await asAgent(`/v1/cases/${caseId}/pending`, {
      pending: true,
      occurredAt: '2026-03-09T12:00:00.000Z',
    });
    expect(pending.json().events.map((e: { type: string }) => e.type)).toEqual(['CaseMarkedPending']);
    // Pending over the rest of Monday and Tuesday: 3 h 30 of resolution were used (Friday 30 min, Monday 3 h).
    expect((await clocks(caseId, '2026-03-10T16:00:00.000Z'))[1]).toEqual({
      metric: 'resolution',
      cycle: 1,
      due: undefined,
      status: 'paused',
      remainingSeconds: 36.5 * 3600,
    });
    // The customer's reply on Wednesday 09:00 resumes it; solved Wednesday 10:00.
    const replied = await asAgent(
      `/v1/cases/${caseId}/messages`,
      customerReply('msg-5', '2026-03-11T09:00:00.000Z'),
    );
    expect(replied.json().events.map((e: { type: string }) => e.type)).toEqual([
      'CaseResumed',
      'CaseMessageAdded',
    ]);
    const solved = await asAgent(`/v1/cases/${caseId}/solution`, { occurredAt: '2026-03-11T10:00:00.000Z' });
    expect(solved.statusCode).toBe(200);
    expect(await clocks(caseId, '2026-03-11T10:00:00.000Z')).toEqual([
      {
        metric: 'firstResponse',
        cycle: 1,
        due: '2026-03-09T16:30:00.000Z',
        status: 'met',
        remainingSeconds: 6.5 * 3600,
      },
      // 3 h 30 before pending, 1 h after; the 36 h 30 left at resuming run out Tuesday 17 March 13:30.
      {
        metric: 'resolution',
        cycle: 1,
        due: '2026-03-17T13:30:00.000Z',
        status: 'met',
        remainingSeconds: 35.5 * 3600,
      },
      {
        metric: 'nextResponse',
        cycle: 1,
        due: '2026-03-11T11:00:00.000Z',
        status: 'met',
        remainingSeconds: 15.5 * 3600,
      },
      // The reply that resumed the case opened a cycle; the solution answered it.
      {
        metric: 'nextResponse',
        cycle: 2,
        due: '2026-03-12T17:00:00.000Z',
        status: 'met',
        remainingSeconds: 15 * 3600,
      },
    ]);

    // A customer reply within 7 days reopens it; 7 days after the next solution it is closed.
    const reopened = await asAgent(
      `/v1/cases/${caseId}/messages`,
      customerReply('msg-6', '2026-03-16T09:00:00.000Z'),
    );
    expect(reopened.json().events.map((e: { type: string }) => e.type)).toEqual([
      'CaseReopened',
      'CaseMessageAdded',
    ]);
    await asAgent(`/v1/cases/${caseId}/solution`, { occurredAt: '2026-03-16T10:00:00.000Z' });
    const late = await asAgent(
      `/v1/cases/${caseId}/messages`,
      customerReply('msg-7', '2026-03-23T10:00:00.000Z'),
    );
    expect(late.json()).toMatchObject({ status: 409, code: 'case-closed' });
    const reopening = await asAgent(`/v1/cases/${caseId}/reopening`, {
      occurredAt: '2026-03-23T10:00:00.000Z',
    });
    expect(reopening.json()).toMatchObject({ status: 409, code: 'case-closed' });
    expect(await typesOf(caseId)).toEqual([
      'CaseOpened',
      'CaseMessageAdded',
      'CaseMessageAdded',
      'CaseMessageAdded',
      'CaseMessageAdded',
      'CaseAssigned',
      'CaseMarkedPending',
      'CaseResumed',
      'CaseMessageAdded',
      'CaseSolved',
      'CaseReopened',
      'CaseMessageAdded',
      'CaseSolved',
    ]);
  });

  it('keeps message bodies sealed in the log, in the clear through the API', async () => {
    const { customerId } = await customer();
    const caseId = uniqueId('case-');
    await asAgent('/v1/cases', openBody(caseId, customerId, '2026-03-06T10:00:00.000Z'));
    const raw = await h.store.readStream(`case-${caseId}`);
    const message = raw.find((e) => e.type === 'CaseMessageAdded')?.data as Record<string, unknown>;
    // Sealed: an envelope (AES-GCM under the customer's key) where the text was.
    expect(message.body).toMatch(/^enc:v1:/);
    expect(JSON.stringify(raw.map((e) => e.data))).not.toContain('kettle');
    const res = await h.send({ method: 'GET', url: `/v1/streams/case-${caseId}`, key: h.keys.reader });
    expect(JSON.stringify(res.json().events)).toContain('My kettle stopped heating');
  });

  it('re-prioritises, answers a retry with its first response, and honours If-Match', async () => {
    const { customerId } = await customer();
    const caseId = uniqueId('case-');
    await asAgent('/v1/cases', openBody(caseId, customerId, '2026-03-03T10:00:00.000Z'));
    const key = { 'idempotency-key': uniqueId('idem-') };
    const first = await asAgent(
      `/v1/cases/${caseId}/priority`,
      { priority: 'urgent', occurredAt: '2026-03-03T10:30:00.000Z' },
      key,
    );
    const retry = await asAgent(
      `/v1/cases/${caseId}/priority`,
      { priority: 'urgent', occurredAt: '2026-03-03T10:30:00.000Z' },
      key,
    );
    expect(first.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect(await clocks(caseId, '2026-03-03T10:30:00.000Z')).toEqual([
      {
        metric: 'firstResponse',
        cycle: 1,
        due: '2026-03-03T11:00:00.000Z',
        status: 'running',
        remainingSeconds: 1800,
      },
      {
        metric: 'resolution',
        cycle: 1,
        due: '2026-03-04T10:00:00.000Z',
        status: 'running',
        remainingSeconds: 27_000,
      },
    ]);
    const stale = await asAgent(`/v1/cases/${caseId}/priority`, { priority: 'low' }, { 'if-match': '"0"' });
    expect(stale.statusCode).toBe(409);
    const same = await asAgent(`/v1/cases/${caseId}/priority`, { priority: 'urgent' });
    expect(same.json().events).toEqual([]);
  });

  it('opens on a subject of the customer only, and refuses what the rules refuse', async () => {
    const id = await customer();
    const other = await customer();
    await h.send({
      method: 'POST',
      url: '/v1/orders',
      payload: placeBody(id.orderId, id.customerId, '2026-03-01T10:00:00.000Z'),
    });
    const aboutOrder = await asAgent(
      '/v1/cases',
      openBody(uniqueId('case-'), id.customerId, '2026-03-03T10:00:00.000Z', {
        subject: { type: 'order', id: id.orderId },
        channel: 'chat',
      }),
    );
    expect(aboutOrder.statusCode).toBe(201);
    const notTheirs = await asAgent(
      '/v1/cases',
      openBody(uniqueId('case-'), other.customerId, '2026-03-03T10:00:00.000Z', {
        subject: { type: 'order', id: id.orderId },
      }),
    );
    expect(notTheirs.json()).toMatchObject({ status: 404, code: 'case-subject-not-found' });
    const unknown = await asAgent(
      '/v1/cases',
      openBody(uniqueId('case-'), ids().customerId, '2026-03-03T10:00:00.000Z'),
    );
    expect(unknown.json()).toMatchObject({ status: 404, code: 'customer-not-found' });
    const silent = await asAgent(
      '/v1/cases',
      openBody(uniqueId('case-'), id.customerId, '2026-03-03T10:00:00.000Z', { message: undefined }),
    );
    expect(silent.json()).toMatchObject({ status: 409, code: 'case-message-required' });
    const badChannel = await asAgent(
      '/v1/cases',
      openBody(uniqueId('case-'), id.customerId, '2026-03-03T10:00:00.000Z', { channel: 'fax' }),
    );
    expect(badChannel.json()).toMatchObject({ status: 400, code: 'invalid-request' });
    const caseId = uniqueId('case-');
    await asAgent('/v1/cases', openBody(caseId, id.customerId, '2026-03-03T10:00:00.000Z'));
    const anonymousOut = await asAgent(`/v1/cases/${caseId}/messages`, {
      messageId: 'm-9',
      direction: 'out',
      body: 'Hello',
    });
    expect(anonymousOut.json()).toMatchObject({ status: 422, code: 'invalid-agent-id' });
    const notSolved = await asAgent(`/v1/cases/${caseId}/reopening`, {});
    expect(notSolved.json()).toMatchObject({ status: 409, code: 'case-not-solved' });
    expect((await readCase(uniqueId('case-'))).json()).toMatchObject({ status: 404, code: 'case-not-found' });
    const missing = await asAgent(`/v1/cases/${uniqueId('case-')}/solution`, {});
    expect(missing.json()).toMatchObject({ status: 404, code: 'case-not-found' });
  });

  it('takes CSAT about a case once it is solved, through POST /v1/feedback', async () => {
    const { customerId } = await customer();
    const caseId = uniqueId('case-');
    await asAgent('/v1/cases', openBody(caseId, customerId, '2026-03-03T10:00:00.000Z'));
    const feedback = (feedbackId: string) => ({
      method: 'POST' as const,
      url: '/v1/feedback',
      payload: {
        feedbackId,
        customerId,
        subject: { type: 'case', id: caseId },
        csat: 5,
        comment: 'Quick and kind.',
      },
    });
    const early = await h.send(feedback(uniqueId('fb-')));
    expect(early.json()).toMatchObject({ status: 409, code: 'feedback-subject-not-ready' });
    await asAgent(`/v1/cases/${caseId}/solution`, { occurredAt: '2026-03-03T12:00:00.000Z' });
    const given = await h.send(feedback(uniqueId('fb-')));
    expect(given.statusCode).toBe(201);
    expect(given.json().stream).toBe(`feedback-case-${caseId}`);
    const again = await h.send(feedback(uniqueId('fb-')));
    expect(again.json()).toMatchObject({ status: 409, code: 'feedback-already-given' });
  });

  it('a low score opens a high-priority case, once, however often the feedback is retried', async () => {
    const { customerId } = await customer();
    const caseId = uniqueId('case-');
    await asAgent('/v1/cases', openBody(caseId, customerId, '2026-03-03T10:00:00.000Z'));
    await asAgent(`/v1/cases/${caseId}/solution`, { occurredAt: '2026-03-03T12:00:00.000Z' });
    const feedbackId = uniqueId('fb-');
    const submit = (key: string) =>
      h.send({
        method: 'POST',
        url: '/v1/feedback',
        headers: { 'idempotency-key': key },
        payload: {
          feedbackId,
          customerId,
          subject: { type: 'case', id: caseId },
          csat: 2,
          occurredAt: '2026-03-04T09:00:00.000Z',
        },
      });
    const key = uniqueId('k-');
    const given = await submit(key);
    expect(given.statusCode).toBe(201);
    expect(given.json().related.map((r: { stream: string }) => r.stream)).toContain(
      `case-escalation-${feedbackId}`,
    );
    // The same request again (its key), and again under another key: one case, opened once.
    expect((await submit(key)).json()).toEqual(given.json());
    expect((await submit(uniqueId('k-'))).json()).toMatchObject({ code: 'feedback-already-given' });
    const escalated = await readCase(`escalation-${feedbackId}`);
    expect(escalated.statusCode).toBe(200);
    expect(escalated.json().state).toMatchObject({
      status: 'open',
      customerId,
      priority: 'high',
      channel: 'email',
      escalatedFromFeedbackId: feedbackId,
      previousCaseId: caseId,
      openedAt: '2026-03-04T09:00:00.000Z',
    });
    expect(await typesOf(`escalation-${feedbackId}`)).toEqual(['CaseOpened']);
    // High priority: a first response within 4 business hours, Wednesday 13:00.
    expect(escalated.json().sla[0]).toMatchObject({
      metric: 'firstResponse',
      due: '2026-03-04T13:00:00.000Z',
    });
  });

  it('needs the support scope', async () => {
    const { customerId } = await customer();
    const caseId = uniqueId('case-');
    const byWriter = await h.send({
      method: 'POST',
      url: '/v1/cases',
      payload: openBody(caseId, customerId, '2026-03-03T10:00:00.000Z'),
    });
    expect(byWriter.json()).toMatchObject({
      status: 403,
      code: 'insufficient-scope',
      requiredScope: 'support',
    });
    await asAgent('/v1/cases', openBody(caseId, customerId, '2026-03-03T10:00:00.000Z'));
    const byReader = await h.send({ method: 'GET', url: `/v1/cases/${caseId}`, key: h.keys.reader });
    expect(byReader.statusCode).toBe(403);
    expect((await readCase(caseId)).statusCode).toBe(200);
  });
});
