/**
 * The `sona` command line.
 */
import { Command } from 'commander';
import { formatTuning } from './cli/tuning.js';
import { SonaError } from './core/errors.js';
import { runDemo } from './cli/demo.js';
import { ALL_ALGORITHMS, formatBeyond, formatResults, jsonResults, runEvaluate } from './cli/evaluate.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { progressReporter } from './cli/progress.js';
import { REPORT_MAX_K, renderReport } from './cli/report.js';
import { openStores, type StoreOptions } from './cli/stores.js';
import { fitEmbedderToCatalog } from './engine/catalog-embedding.js';
import { createEngine } from './engine/engine.js';
import type { SplitMethod } from './evaluation/splits.js';

const program = new Command();
program
  .name('sona')
  .description('SONA: an embeddable hybrid recommendation engine')
  .version(packageVersion(), '-V, --version', 'print the version')
  // Every usage error (unknown option, missing argument) exits 2, like bad input does.
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

program
  .command('demo')
  .description('recommend on the bundled MovieTweetings subset with the zero-configuration engine')
  .option('--users <n>', 'how many users to show', '3')
  .option('--count <n>', 'recommendations per user', '5')
  .action(async (opts: { users: string; count: string }) => {
    await runDemo({ users: positiveInt(opts.users, '--users'), count: positiveInt(opts.count, '--count') });
  });

program
  .command('evaluate')
  .description('split a ratings file, fit each algorithm on train, report ranking metrics on test')
  .requiredOption('--ratings <file>', "ratings file: user, item, rating, timestamp separated by '::', tab or comma")
  .option('--items <file>', 'items file (id, title, genres) for content scoring')
  .option('--split <method>', 'stratified-item | stratified-user | random | time', 'stratified-item')
  .option('--ratio <r>', 'share of each group that goes to train', '0.75')
  .option('--seed <n>', 'random seed of the split', '42')
  .option('--k <n>', 'list length', '10')
  .option(
    '--algorithms <list>',
    `comma-separated: ${ALL_ALGORITHMS.join(', ')} (engine variants run the whole pipeline and need --items)`,
    'popular,als,item-knn,hybrid',
  )
  .option('--engine-users <n>', 'engine variants evaluate at most this many test users', '2000')
  .option('--no-tune', 'engine variants fit at their default settings (no tuning: repeatable on any machine)')
  .option('--json', 'print one JSON object instead of a table')
  .option('--report <file>', `also write a self-contained HTML report with charts of the metrics at k = 1..${REPORT_MAX_K}`)
  .action(
    async (opts: {
      report?: string;
      ratings: string;
      items?: string;
      split: string;
      ratio: string;
      seed: string;
      k: string;
      algorithms: string;
      engineUsers: string;
      tune: boolean;
      json?: boolean;
    }) => {
      const progress = progressReporter();
      const { results, train, test } = await runEvaluate({
        ratings: opts.ratings,
        ...(opts.items ? { items: opts.items } : {}),
        split: opts.split as SplitMethod,
        ratio: Number(opts.ratio),
        seed: Number(opts.seed),
        k: Number(opts.k),
        tune: opts.tune,
        algorithms: opts.algorithms
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        engineUsers: Number(opts.engineUsers),
        onProgress: progress.onProgress,
        ...(opts.report ? { curveTo: REPORT_MAX_K } : {}),
      });
      progress.stop();
      if (opts.report) {
        const meta = { ratings: opts.ratings, split: opts.split, ratio: Number(opts.ratio), seed: Number(opts.seed), k: Number(opts.k), train, test };
        writeFileSync(opts.report, renderReport(results, meta));
        console.error(`report written to ${opts.report}`);
      }
      if (opts.json) {
        console.log(JSON.stringify(jsonResults(results)));
        return;
      }
      console.log(`${opts.split} split, ratio ${opts.ratio}, seed ${opts.seed}: ${train} train / ${test} test interactions`);
      console.log('');
      console.log(formatResults(results, Number(opts.k)));
      console.log('');
      console.log(
        'Beyond accuracy: novelty in bits; diversity as mean pairwise distance (genre Jaccard, reference ALS factors); nDCG by train history length (users).',
      );
      console.log('');
      console.log(formatBeyond(results, Number(opts.k)));
    },
  );

program
  .command('migrate')
  .description('apply pending SQL migrations to a PostgreSQL database (idempotent, safe to run from several processes)')
  .requiredOption('--database-url <url>', 'postgres://user:password@host:port/database (or set DATABASE_URL)', process.env.DATABASE_URL)
  .action(async (opts: { databaseUrl: string }) => {
    const { openServer } = await import('./cli/stores.js');
    const { migrate } = await import('./stores/postgres/index.js');
    const server = await openServer(opts.databaseUrl);
    try {
      const result = await migrate(server.db);
      if (result.applied.length === 0) console.log(`schema up to date (version ${result.current})`);
      for (const m of result.applied) console.log(`applied ${String(m.version).padStart(3, '0')}_${m.name}`);
    } finally {
      await server.close();
    }
  });

/** Options every database command shares. */
function databaseOptions(command: Command): Command {
  return command
    .option('--database-url <url>', 'postgres://user:password@host:port/database (default: DATABASE_URL)')
    .option('--data-dir <dir>', 'a PGlite database folder instead of a server (must exist unless --create)')
    .option('--create', 'create the --data-dir folder and an empty database when it does not exist')
    .option('--model <path>', 'a local ONNX model directory or .onnx file (default: the hashing embedder)');
}

/**
 * The database a command works on: `--database-url` and `--data-dir` are exclusive; DATABASE_URL
 * applies only when neither is given; a `--data-dir` that does not exist is refused unless
 * `--create`, so a typo cannot train on an empty database.
 */
function databaseOf(opts: StoreOptions & { create?: boolean }): StoreOptions {
  if (opts.databaseUrl && opts.dataDir) usage('give either --database-url or --data-dir, not both');
  if (opts.dataDir) {
    if (!opts.create && !existsSync(opts.dataDir))
      usage(`--data-dir ${JSON.stringify(opts.dataDir)} does not exist (add --create to create an empty database there)`);
    return { ...opts, databaseUrl: undefined };
  }
  return { ...opts, databaseUrl: opts.databaseUrl ?? process.env.DATABASE_URL };
}

databaseOptions(
  program
    .command('train')
    .description(
      'tune and fit every model (embeddings, trending, ALS, item-kNN, EASE, RP3beta, profiles) on the stored events and publish a model snapshot to the database',
    )
    .option('--tune <when>', 'auto (first fit, then when the data grew by half), always or never', 'auto')
    .option('--tune-budget <seconds>', 'seconds the tuner may search', '40')
    .option('--json', 'print the report as JSON'),
).action(async (opts: StoreOptions & { json?: boolean; tune: string; tuneBudget: string }) => {
  if (!['auto', 'always', 'never'].includes(opts.tune)) usage(`--tune must be auto, always or never, got ${JSON.stringify(opts.tune)}`);
  const budgetSeconds = positiveInt(opts.tuneBudget, '--tune-budget');
  const opened = await openStores(databaseOf(opts));
  const progress = progressReporter();
  try {
    const engine = await createEngine({ stores: opened.stores, embedder: opened.embedder, snapshots: { load: true, save: true } });
    const tune = opts.tune === 'never' ? false : opts.tune === 'always' ? { budgetSeconds } : undefined;
    const report = await engine.fit({ onProgress: progress.onProgress, ...(tune === undefined ? {} : { tune }) });
    progress.stop();
    await engine.close();
    if (opts.json) console.log(JSON.stringify(report));
    else {
      const c = report.collaborative;
      console.log(
        `trained on ${report.events} events in ${opened.where}: ${report.items} items (${report.itemsEmbedded} re-embedded), ${report.profiles} profiles`,
      );
      console.log(
        `trained sources: ${c.users} users x ${c.items} items${c.snapshotVersion === undefined ? ', nothing to publish' : `, published as snapshot version ${c.snapshotVersion}`}`,
      );
      console.log(formatTuning(report.tuning));
    }
  } finally {
    progress.stop();
    await opened.close();
  }
});

databaseOptions(
  program
    .command('embed')
    .description('embed the stored catalogue: only items that are new, changed, or embedded by another model (resumable)')
    .option('--batch-size <n>', 'items per embedding batch', '64')
    .option('--json', 'print the report as JSON'),
).action(async (opts: StoreOptions & { batchSize: string; json?: boolean }) => {
  const batchSize = positiveInt(opts.batchSize, '--batch-size');
  const opened = await openStores(databaseOf(opts));
  const progress = progressReporter();
  try {
    await fitEmbedderToCatalog(opened.embedder, opened.stores);
    const engine = await createEngine({ stores: opened.stores, embedder: opened.embedder });
    const report = await engine.embedCatalog({ batchSize, onProgress: progress.onProgress });
    progress.stop();
    await engine.close();
    if (opts.json) console.log(JSON.stringify(report));
    else
      console.log(
        `${report.items} items in ${opened.where}: ${report.embedded} embedded, ${report.unchanged} already current (model ${report.modelId}, ${report.seconds.toFixed(1)} s)`,
      );
  } finally {
    progress.stop();
    await opened.close();
  }
});

function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) usage(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

/** The package's version, from its package.json (found from the sources and from dist/). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

/** Ends with a usage error: the message and exit code 2. */
function usage(message: string): never {
  console.error(`sona: ${message}`);
  process.exit(2);
}

program.parseAsync(process.argv).catch((err: unknown) => {
  const message = err instanceof SonaError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
  console.error(`sona: ${message}`);
  // 2 for bad input (like commander's usage errors), 1 for anything else.
  process.exit(err instanceof SonaError && (err.code === 'SONA_VALIDATION' || err.code === 'SONA_CONFIGURATION') ? 2 : 1);
});
