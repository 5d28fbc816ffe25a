/**
 * The load of the command API benchmark (see commands.bench.ts): each connection walks customers
 * through a journey (register, place an order, ship, deliver, set consents, read the order), every
 * command with its own Idempotency-Key. Runs in the benchmark's thread, or in a worker thread of
 * its own so the API's event loop does not also run the load generator (`BENCH_GENERATOR`).
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import autocannon from 'autocannon';

export type LoadOptions = Readonly<{
  /**
   * `journeys` (default): the command mix; `floor`: one fixed POST to a bare route (see
   * `floorApp`); `hot`: every connection redeems one point of the same customer (`hotCustomer`)
   * without If-Match, so all of them contend for one stream.
   */
  kind?: 'journeys' | 'floor' | 'hot';
  hotCustomer?: string;
  base: string;
  key: string;
  connections: number;
  seconds: number;
  /** Makes the journeys' ids unique across phases and runs. */
  journeyPrefix: string;
}>;

export type LoadResult = Readonly<{
  commands: number;
  reads: number;
  /** Responses of 400 and more, by status. */
  failed: readonly (readonly [number, number])[];
  p50: number;
  p99: number;
  /**
   * Latency by step of the journey (ms, from building the request to its response, as this
   * generator saw it): which commands make the tail. Empty for the floor.
   */
  bySteps: readonly StepLatency[];
  /** Latency of the answered requests alone (below 400), ms. */
  answered: Readonly<{ p50: number; p99: number }>;
  /** The same without each connection's first request (which also waited for its connection). */
  answeredOnOpenConnections: Readonly<{ p50: number; p99: number }>;
  errors: number;
}>;

export type StepLatency = Readonly<{ step: string; p50: number; p99: number }>;

/** A connection's place in its journey; `again` when its last step is to be sent again. */
type Journey = { n: string; step: number; again: boolean; sentAt: number; answers: number };
type Step = Readonly<{
  /** How the latency line names it. */
  name: string;
  method: 'POST' | 'PUT' | 'GET';
  path: (n: string) => string;
  body?: (n: string) => object;
}>;
const steps: readonly Step[] = [
  {
    name: 'register',
    method: 'POST',
    path: () => '/v1/customers',
    body: (n) => ({
      customerId: `c${n}`,
      name: 'N',
      email: 'n@example.com',
      language: 'en',
      timezone: 'UTC',
    }),
  },
  {
    name: 'place',
    method: 'POST',
    path: () => '/v1/orders',
    body: (n) => ({
      orderId: `o${n}`,
      customerId: `c${n}`,
      currency: 'EUR',
      lines: [{ sku: 's', name: 'n', category: 'c', qty: 2, unitPrice: 1999, warrantyMonths: 12 }],
      occurredAt: '2026-01-01T00:00:00Z',
    }),
  },
  {
    name: 'ship',
    method: 'POST',
    path: (n) => `/v1/orders/o${n}/shipments`,
    body: (n) => ({
      shipmentId: `s${n}`,
      carrier: 'DHL',
      trackingNumber: 't',
      estimatedDeliveryAt: '2026-01-05T00:00:00Z',
      occurredAt: '2026-01-02T00:00:00Z',
    }),
  },
  {
    name: 'deliver',
    method: 'POST',
    path: (n) => `/v1/orders/o${n}/delivery`,
    body: () => ({ occurredAt: '2026-01-04T00:00:00Z' }),
  },
  {
    name: 'consents',
    method: 'PUT',
    path: (n) => `/v1/customers/c${n}/consents`,
    body: () => ({
      consents: {
        email: { transactional: true, marketing: true },
        sms: { transactional: false, marketing: false },
      },
    }),
  },
  { name: 'read', method: 'GET', path: (n) => `/v1/orders/o${n}` },
];

/** The hot stream's one step: a point redeemed, each with its own id and Idempotency-Key. */
const hotSteps = (customerId: string): readonly Step[] => [
  {
    name: 'redeem',
    method: 'POST',
    path: () => `/v1/loyalty/${customerId}/redemptions`,
    body: (n) => ({ redemptionId: `r${n}`, points: 1 }),
  },
];

type Counts = {
  commands: number;
  reads: number;
  failed: Map<number, number>;
  /** Per step, every latency in ms. */
  latencies: number[][];
  /** Latencies of the requests answered below 400. */
  answered: number[];
  /** Of those, the ones that were not their connection's first request. */
  answeredOnOpen: number[];
};

/**
 * The requests of every connection. A connection walks its journey step by step; a step shed
 * with 503 or limited with 429 is sent again with the same Idempotency-Key, as a retrying client
 * does (without Retry-After's pause: the API's own queue is what makes it wait), instead of going
 * on to steps that could only fail with 404 for want of it.
 */
function requests(
  steps: readonly Step[],
  key: string,
  journeyPrefix: string,
  counts: Counts,
): autocannon.Request[] {
  let journeys = 0;
  const setupRequest = (request: autocannon.Request, context: Journey) => {
    if (context.step === 0 && !context.again) context.n = `${journeyPrefix}-${journeys++}`;
    const s = steps[context.step] as Step;
    context.sentAt = performance.now();
    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    if (s.body) {
      headers['content-type'] = 'application/json';
      headers['idempotency-key'] = `${context.n}/${context.step}`;
    }
    return {
      ...request,
      method: s.method,
      path: s.path(context.n),
      headers,
      ...(s.body ? { body: JSON.stringify(s.body(context.n)) } : {}),
    };
  };
  const onResponse = (status: number, _body: string, context: Journey) => {
    const latency = performance.now() - context.sentAt;
    const s = steps[context.step] as Step;
    counts.latencies[context.step]?.push(latency);
    if (status < 400) counts.answered.push(latency);
    if (status < 400 && context.answers > 0) counts.answeredOnOpen.push(latency);
    context.answers += 1;
    if (status >= 400) counts.failed.set(status, (counts.failed.get(status) ?? 0) + 1);
    else if (s.method === 'GET') counts.reads += 1;
    else counts.commands += 1;
    context.again = status === 503 || status === 429;
    if (!context.again) context.step = (context.step + 1) % steps.length;
  };
  // autocannon walks this list in turn; which step each entry sends is the connection's to say.
  return steps.map(() => ({ setupRequest, onResponse })) as autocannon.Request[];
}

/** Exported by autocannon, not declared by its types. */
const { aggregateResult: aggregate } = autocannon as unknown as {
  aggregateResult: (results: readonly autocannon.Result[], options: object) => autocannon.Result;
};

/**
 * The floor's one request: a command's size and headers (a registration with its key and
 * Idempotency-Key), always the same, so autocannon sends it without rebuilding it.
 */
const floorRequest = (key: string): autocannon.Request[] => [
  {
    method: 'POST',
    path: '/floor',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      'idempotency-key': 'floor/0',
    },
    body: JSON.stringify(steps[0]?.body?.('floor')),
  },
];

export function percentiles(values: number[]): { p50: number; p99: number } {
  const sorted = values.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: Math.round(at(0.5)), p99: Math.round(at(0.99)) };
}

/** Drives the API (or the floor's bare route) from this thread. */
export async function drive(options: LoadOptions): Promise<LoadResult> {
  const mix = options.kind === 'hot' ? hotSteps(options.hotCustomer ?? 'hot') : steps;
  const counts: Counts = {
    commands: 0,
    reads: 0,
    failed: new Map(),
    latencies: mix.map(() => []),
    answered: [],
    answeredOnOpen: [],
  };
  const settings = {
    url: options.base,
    connections: options.connections,
    duration: options.seconds,
    initialContext: { n: '', step: 0, again: false, sentAt: 0, answers: 0 },
    requests:
      options.kind === 'floor'
        ? floorRequest(options.key)
        : requests(mix, options.key, options.journeyPrefix, counts),
  };
  const run = await autocannon(settings);
  // Off the main thread autocannon leaves its histograms encoded, for its own workers' parent.
  const result = isMainThread ? run : aggregate([run], settings);
  // The floor's route answers 200 only: what autocannon counted as 2xx is what it served.
  if (options.kind === 'floor') counts.commands = result['2xx'];
  return {
    commands: counts.commands,
    reads: counts.reads,
    failed: [...counts.failed],
    p50: result.latency.p50,
    p99: result.latency.p99,
    bySteps:
      options.kind === 'floor'
        ? []
        : mix.map((s, index) => ({ step: s.name, ...percentiles(counts.latencies[index] ?? []) })),
    answered: percentiles(counts.answered),
    answeredOnOpenConnections: percentiles(counts.answeredOnOpen),
    errors: result.errors + (options.kind === 'floor' ? result.non2xx : 0),
  };
}

export type LoadThread = Readonly<{
  drive: (options: LoadOptions) => Promise<LoadResult>;
  close: () => Promise<void>;
}>;

/**
 * A worker thread of this process (so its CPU is still counted) that drives the API on request;
 * started, and its code loaded, before any measurement begins.
 */
export async function startLoadThread(): Promise<LoadThread> {
  // The benchmark runs TypeScript through tsx, whose hooks a new thread must register itself.
  const bootstrap = [
    `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});`,
    'register();',
    `await import(${JSON.stringify(import.meta.url)});`,
  ].join('\n');
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`));
  const reply = <T>() =>
    new Promise<T>((resolve, reject) => {
      const failed = (err: unknown) => reject(err);
      worker.once('error', failed);
      worker.once('message', (message: T) => {
        worker.off('error', failed);
        resolve(message);
      });
    });
  await reply<'ready'>();
  return {
    drive: (options) => {
      const result = reply<LoadResult>();
      worker.postMessage(options);
      return result;
    },
    close: async () => {
      await worker.terminate();
    },
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (options: LoadOptions) => {
    void drive(options).then((result) => port.postMessage(result));
  });
  port.postMessage('ready');
}
