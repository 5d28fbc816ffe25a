/**
 * `pnpm bench:store [--events 1000000] [--singles 20000] [--batched 100000] [--writers 16] [--in-flight 2] [--rounds 3]`
 *
 * Against local PostgreSQL (BENCH_DATABASE_URL / DATABASE_URL, default 127.0.0.1:5432), in a fresh
 * database created and dropped here: our store's append and read-all rates, the raw limits of the
 * same server on an equivalent table, and Emmett's PostgreSQL store on the same workload.
 * Every append and insert figure is the median of `--rounds` runs (the spread is printed too):
 * commits wait for the disk's flush, whose time varies from one second to the next.
 */
import pg from 'pg';
import { PostgresEventStore } from '../src/postgres/postgres-store';
import { emmettAppends } from './emmett';
import { createRawTable, rawCopy, rawInserts, rawKeysetRead } from './raw';
import { orderEvent, parseFlags, repeated, type Spread, throughput, timed, watchPeakRss } from './workload';

const flags = parseFlags(process.argv.slice(2));
const readAllEvents = flags.events ?? 1_000_000;
const singles = flags.singles ?? 20_000;
const singlesOneWriter = flags['singles-1'] ?? Math.min(singles, 3_000);
const batched = flags.batched ?? 100_000;
const writers = flags.writers ?? 16;
const batchWriters = flags['batch-writers'] ?? 4;
const rounds = flags.rounds ?? 3;
/** The store's append transactions in flight; appends beyond it are committed together. */
const inFlight = flags['in-flight'];
const adminUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const log = (message: string) => console.error(`[bench] ${message}`);

async function withDatabase<T>(run: (url: string) => Promise<T>): Promise<T> {
  const name = `bench_store_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function ours(url: string) {
  const store = await PostgresEventStore.connect({
    connectionString: url,
    maxConnections: writers + 4,
    maxConcurrentAppends: inFlight,
  });
  try {
    const revisions = new Map<string, bigint>();
    // Each writer appends to its own streams with the exact expected revision, as the command shell does.
    const appendOne = async (stream: string, index: number) => {
      const expected = revisions.get(stream) ?? 'no_stream';
      const result = await store.appendToStream(stream, [orderEvent(index)], { expectedRevision: expected });
      revisions.set(stream, result.nextExpectedRevision);
    };
    await appendOne('warmup', 0);
    log(`ours: ${singlesOneWriter} single-event appends, 1 writer (${rounds} rounds)`);
    const single1 = await repeated(rounds, () =>
      throughput(singlesOneWriter, 1, (_, index) => appendOne(`one-${index % 50}`, index)),
    );
    log(`ours: ${singles} single-event appends, ${writers} writers (${rounds} rounds)`);
    const single16 = await repeated(rounds, () =>
      throughput(singles, writers, (worker, index) => appendOne(`w${worker}-${index % 50}`, index)),
    );
    log(`ours: ${batched} events in 100-event batches, ${batchWriters} writers (${rounds} rounds)`);
    const batch = await repeated(
      rounds,
      async (round) =>
        (await throughput(batched / 100, batchWriters, (worker, index) =>
          store.appendToStream(
            `batch-${round}-${worker}-${index}`,
            Array.from({ length: 100 }, (_, offset) => orderEvent(index * 100 + offset)),
            { expectedRevision: 'no_stream' },
          ),
        )) * 100,
    );
    const already = Number(await countEvents(url));
    const seed = Math.max(0, readAllEvents - already);
    log(`ours: seeding ${seed} more events for the read-all run (1,000-event batches)`);
    const seedRate =
      seed === 0
        ? undefined
        : (await throughput(Math.ceil(seed / 1_000), batchWriters, (worker, index) =>
            store.appendToStream(
              `seed-${worker}-${index}`,
              Array.from({ length: 1_000 }, (_, offset) => orderEvent(index * 1_000 + offset)),
            ),
          )) * 1_000;
    log('ours: read all');
    const readAll = await timed(async () => {
      let after = 0n;
      let count = 0;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 5_000 });
        const last = page[page.length - 1];
        if (!last) return count;
        count += page.length;
        after = last.position;
      }
    });
    const total = await countEvents(url);
    log('ours: catch-up subscription over all events');
    const catchUp = await timed(async () => {
      const subscription = store.subscribeToAll({ maxCount: 5_000 });
      let count = 0;
      for await (const _event of subscription) {
        if (++count >= Number(total)) break;
      }
      await subscription.close();
      return count;
    });
    return { single1, single16, batch, readAll, catchUp, seedRate, total };
  } finally {
    await store.close();
  }
}

async function countEvents(url: string): Promise<bigint> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM event_store.events');
    return BigInt(rows[0]?.count ?? '0');
  } finally {
    await client.end();
  }
}

async function raw(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: writers + 2 });
  // The database is dropped WITH (FORCE) at the end: an idle connection may be cut first.
  pool.on('error', (err) => log(`raw pool: ${err.message}`));
  try {
    await createRawTable(pool);
    log(`raw: ${singles} single-row INSERTs, ${writers} clients (${rounds} rounds)`);
    const inserts = await repeated(rounds, (round) => rawInserts(pool, singles, writers, round));
    log(`raw: COPY ${batched} rows (${rounds} rounds)`);
    const copy = await repeated(rounds, (round) => rawCopy(pool, batched, round * batched));
    const written = rounds * (singles + batched);
    const more = Math.max(0, readAllEvents - written);
    log(`raw: COPY ${more} more rows for the keyset read`);
    if (more > 0) await rawCopy(pool, more, written);
    log('raw: keyset read');
    const keyset = await rawKeysetRead(pool);
    return { inserts, copy, keyset };
  } finally {
    await pool.end();
  }
}

const fmt = (value: number | undefined) =>
  value === undefined ? 'n/a' : Math.round(value).toLocaleString('en-US');
const ratio = (a: number, b: number | undefined) => (b === undefined ? 'n/a' : `${(a / b).toFixed(2)}×`);
const spread = (figure: Spread) =>
  `${fmt(figure.min)}–${fmt(figure.max)} (${figure.runs.map(fmt).join(', ')})`;

async function main() {
  const rss = watchPeakRss();
  const started = Date.now();
  const ourFigures = await withDatabase(ours);
  const rawFigures = await withDatabase(raw);
  log(`emmett: ${singles} single-event appends (${writers} callers), ${batched} events in 100-event batches`);
  const emmett = await withDatabase((url) =>
    emmettAppends(url, singles, writers, batched, batchWriters, rounds),
  );
  rss.stop();
  const rows: [string, number, number | undefined, number | undefined, string][] = [
    ['single-event appends/s, 1 writer', ourFigures.single1.median, undefined, undefined, ''],
    [
      `single-event appends/s, ${writers} writers`,
      ourFigures.single16.median,
      rawFigures.inserts.median,
      emmett.single.median,
      '≥ 5,000',
    ],
    [
      `batched appends/s (100-event batches, ${batchWriters} writers)`,
      ourFigures.batch.median,
      rawFigures.copy.median,
      emmett.batched.median,
      '≥ 30,000',
    ],
    [
      `read-all events/s, readAll pages of 5,000`,
      ourFigures.readAll,
      rawFigures.keyset,
      emmett.readAll,
      '≥ 80,000',
    ],
    [
      `read-all events/s, catch-up subscription`,
      ourFigures.catchUp,
      rawFigures.keyset,
      emmett.readAll,
      '≥ 80,000',
    ],
  ];
  console.log('');
  console.log('| measure | ours | raw PostgreSQL | ours / raw | Emmett | ours / Emmett | target |');
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const [name, value, rawValue, emmettValue, target] of rows) {
    console.log(
      `| ${name} | ${fmt(value)} | ${fmt(rawValue)} | ${ratio(value, rawValue)} | ${fmt(emmettValue)} | ${ratio(value, emmettValue)} | ${target} |`,
    );
  }
  console.log('');
  console.log(`Appends and inserts: median of ${rounds} rounds. Spread (lowest–highest, each run):`);
  for (const [name, figure] of [
    ['ours, 1 writer', ourFigures.single1],
    [`ours, ${writers} writers`, ourFigures.single16],
    ['ours, batched', ourFigures.batch],
    ['raw INSERT', rawFigures.inserts],
    ['raw COPY', rawFigures.copy],
    ['Emmett, single', emmett.single],
    ['Emmett, batched', emmett.batched],
  ] as const) {
    console.log(`  ${name}: ${spread(figure)}`);
  }
  console.log(
    'raw: single-row INSERT with the same number of clients; COPY; keyset read of 5,000-row pages.',
  );
  console.log(
    `Emmett read-all: its batch reader over the ${fmt(emmett.readAllCount)} events its runs wrote.`,
  );
  if (ourFigures.seedRate !== undefined) {
    console.log(`seeding rate (ours, 1,000-event batches): ${fmt(ourFigures.seedRate)} events/s`);
  }
  console.log(
    `peak RSS: ${rss.peakMb().toFixed(0)} MB; total time ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

await main();
