import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueId } from '../../../../test/support';
import { ids, registerBody } from '../../test/fixtures';
import { type Harness, startHarness } from '../../test/harness';
import { type SlaWatcher, startSlaWatcher, watcherEventId } from './sla-watcher';

// The API's clock for commands and the watchers' wall clock, both set by the test.
let wall = new Date('2026-03-06T16:30:00.000Z');
let h: Harness;
const running: SlaWatcher[] = [];
const log = pino({ level: 'silent' });
const watcher = () => {
  // The test's clock is months behind the store's: every case would look imported.
  const w = startSlaWatcher({ store: h.store, log, now: () => wall, maxSleepMs: 20, importQuietMs: 0 });
  running.push(w);
  return w;
};
const stop = async (w: SlaWatcher) => {
  running.splice(running.indexOf(w), 1);
  await w.stop();
};

beforeAll(async () => {
  h = await startHarness({ now: () => wall });
});
afterAll(async () => {
  for (const w of [...running]) await w.stop();
  await h?.close();
});

async function until(condition: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

const streamOf = async (caseId: string) =>
  (await h.store.readStream(`case-${caseId}`)).map((e) => ({
    type: e.type,
    data: e.data as Record<string, unknown>,
    metadata: e.metadata,
  }));
const countOf = async (caseId: string, type: string) =>
  (await streamOf(caseId)).filter((e) => e.type === type).length;

async function openCase(occurredAt: string, patch: object = {}) {
  const { customerId } = ids();
  expect(
    (await h.send({ method: 'POST', url: '/v1/customers', payload: registerBody(customerId) })).statusCode,
  ).toBe(201);
  const caseId = uniqueId('case-');
  const res = await h.send({
    method: 'POST',
    url: '/v1/cases',
    key: h.keys.support,
    payload: {
      caseId,
      customerId,
      channel: 'email',
      openedBy: { type: 'customer' },
      message: { messageId: 'msg-1', body: 'The kettle does not heat.' },
      occurredAt,
      ...patch,
    },
  });
  expect(res.statusCode).toBe(201);
  return caseId;
}
const agentReply = (caseId: string, occurredAt: string) =>
  h.send({
    method: 'POST',
    url: `/v1/cases/${caseId}/messages`,
    key: h.keys.support,
    payload: {
      messageId: uniqueId('m-'),
      direction: 'out',
      agentId: 'agent-7',
      body: 'On its way.',
      occurredAt,
    },
  });
const allIdle = () => Promise.all(running.map((w) => w.idle()));

describe('the SLA deadline watcher', () => {
  it('records at-risk and breach once across two watchers at once, a restart and a replay, then closes once', async () => {
    // Normal priority, opened Friday 16:30 (Mon–Fri 09:00–17:00): 8 business hours to a first
    // response → due Monday 16:30; 75 % (6 h) → at risk Monday 14:30.
    wall = new Date('2026-03-06T16:30:00.000Z');
    const caseId = await openCase('2026-03-06T16:30:00.000Z');
    const first = watcher();
    const second = watcher();
    await until(() => first.watched() >= 1 && second.watched() >= 1);

    wall = new Date('2026-03-09T14:29:59.000Z');
    await allIdle();
    expect(await countOf(caseId, 'SlaAtRisk')).toBe(0);

    wall = new Date('2026-03-09T14:30:00.000Z');
    await allIdle();
    const atRisk = (await streamOf(caseId)).filter((e) => e.type === 'SlaAtRisk');
    expect(atRisk.map((e) => e.data)).toEqual([
      expect.objectContaining({
        metric: 'firstResponse',
        cycle: 1,
        atRiskAt: '2026-03-09T14:30:00.000Z',
        due: '2026-03-09T16:30:00.000Z',
      }),
    ]);
    // The id and business time come from the fact alone.
    expect(atRisk[0]?.metadata.eventId).toBe(watcherEventId(`case-${caseId}/sla/firstResponse/1/at-risk`));
    expect(atRisk[0]?.metadata.occurredAt).toBe('2026-03-09T14:30:00.000Z');

    wall = new Date('2026-03-09T16:30:01.000Z');
    await allIdle();
    expect(await countOf(caseId, 'SlaBreached')).toBe(1);

    // A restart: a new watcher folds the log from the start and records nothing again.
    await stop(first);
    const restarted = watcher();
    wall = new Date('2026-03-09T17:00:00.000Z');
    await until(() => restarted.watched() >= 1);
    await allIdle();
    expect(await countOf(caseId, 'SlaAtRisk')).toBe(1);
    expect(await countOf(caseId, 'SlaBreached')).toBe(1);

    // Answered late, then solved Tuesday 10:00; closed 7 days later, once, at the window's end.
    expect((await agentReply(caseId, '2026-03-10T09:30:00.000Z')).statusCode).toBe(200);
    wall = new Date('2026-03-10T10:00:00.000Z');
    const solved = await h.send({
      method: 'POST',
      url: `/v1/cases/${caseId}/solution`,
      key: h.keys.support,
      payload: {},
    });
    expect(solved.statusCode).toBe(200);
    await until(async () => (await streamOf(caseId)).length > 0 && second.watched() >= 1);
    wall = new Date('2026-03-17T10:00:00.000Z');
    await allIdle();
    await until(async () => (await countOf(caseId, 'CaseClosed')) === 1);
    await allIdle();
    const types = (await streamOf(caseId)).map((e) => e.type);
    expect(types).toEqual([
      'CaseOpened',
      'CaseMessageAdded',
      'SlaAtRisk',
      'SlaBreached',
      'CaseMessageAdded',
      'CaseSolved',
      'CaseClosed',
    ]);
    // Closed cases leave the watchers' memory.
    await until(() => second.watched() === 0 && restarted.watched() === 0);
  });

  it('many cases breached while two fresh watchers race: exactly one breach per target', async () => {
    for (const w of [...running]) await stop(w);
    wall = new Date('2026-03-02T09:00:00.000Z');
    // Urgent, opened Monday 09:00: first response due 10:00, resolution (8 h) due 17:00.
    const cases = await Promise.all(
      Array.from({ length: 12 }, () => openCase('2026-03-02T09:00:00.000Z', { priority: 'urgent' })),
    );
    wall = new Date('2026-03-03T09:00:00.000Z');
    const a = watcher();
    const b = watcher();
    await Promise.all([a.caughtUp, b.caughtUp]);
    await allIdle();
    for (const caseId of cases) {
      const breaches = (await streamOf(caseId)).filter((e) => e.type === 'SlaBreached').map((e) => e.data);
      expect(breaches.map((d) => [d.metric, d.due])).toEqual([
        ['firstResponse', '2026-03-02T10:00:00.000Z'],
        ['resolution', '2026-03-02T17:00:00.000Z'],
      ]);
      // Already past due when first seen: a breach, no at-risk alert after the fact.
      expect(await countOf(caseId, 'SlaAtRisk')).toBe(0);
    }
  });
  it('judges an imported case only once the import has gone quiet: a cycle answered in time is no breach', async () => {
    for (const w of [...running]) await stop(w);
    // The wall clock is the real one here; the case is opened a year back in business time.
    const importer = startSlaWatcher({ store: h.store, log, maxSleepMs: 20, importQuietMs: 4_000 });
    running.push(importer);
    wall = new Date();
    const caseId = await openCase('2025-11-03T09:00:00.000Z');
    await until(() => importer.watched() >= 1);
    await importer.idle();
    expect(await countOf(caseId, 'SlaBreached')).toBe(0);
    // Answered within the 8 business hours, as the import goes on.
    expect((await agentReply(caseId, '2025-11-03T11:00:00.000Z')).statusCode).toBe(200);
    await until(async () => (await countOf(caseId, 'SlaBreached')) > 0);
    await importer.idle();
    // Still unsolved a year on: the resolution, 40 business hours: due Friday 7 November 17:00, is breached.
    const breaches = (await streamOf(caseId)).filter((e) => e.type === 'SlaBreached').map((e) => e.data);
    expect(breaches.map((d) => [d.metric, d.due])).toEqual([['resolution', '2025-11-07T17:00:00.000Z']]);
  });
});
