/**
 * Cold start on MovieTweetings, against most-popular at every step.
 *
 * Users: the engine is fitted on the events before the 70% time quantile, at its defaults and
 * tuned, with the catalogue as of then (items first watched later join when a newcomer first
 * watches them). Up to 1,000 users (seeded) whose first event comes after the quantile and who
 * have at least 8 events are the newcomers: their first 0, 1, 3 and 5 events (in time order)
 * are revealed one by one through track(), as they would arrive, and after each step their top
 * 10 is scored against their events after the fifth (the same truth at every step), and again
 * against the rest (every event after the ones revealed, what comes next included).
 * Most-popular ranks by the training events. With `--users-file` (MovieLens-100K's `u.user`,
 * -1M's `users.dat`, or a CSV with a header), a tuned engine runs again with everyone's
 * demographics known: the training users' before the fit, each newcomer's from sign-up (before
 * any event), as a host that asks at sign-up has them. MovieTweetings has no stated genres or
 * demographics, so there those cold-start sources are not measured.
 *
 * Items: the engine is fitted on the events before the 90% time quantile; the last 10% (about
 * two weeks) are replayed day by day. An item joins the catalogue at the start of the day of its
 * first event, as a host adds a release. Each day, up to 60 users who have events that day are
 * served a top 10 before the day's events are tracked. A "new" item has no event before the
 * cutoff. Reported: the share of lists holding an item added that day (no events yet), holding
 * one first watched in the last 24 hours, holding any new item; the hit rate of listed new
 * items and of all listed items (a listed item the user watched that day). Rows: defaults
 * (fresh items for 24 h, offered to a tenth of users a day), fresh items offered to every list
 * (`freshListShare` 1), none (`freshHours` 0), and exploration off. Most-popular ranks by all
 * events so far.
 * Usage: npx tsx bench/cold-start.ts [ratings file] [items file] [--users] [--users-file path]
 *   (`--users`: the user part only; `--users-file`: the users' demographics, as above)
 */
import { createEngine, type SonaEngine, type ViewingEvent } from '../src/index.js';
import { listMetric } from '../src/algorithms/ranking/list-metrics.js';
import { seededRandom } from '../src/core/random.js';
import { readInteractionsFile, readItemsFile } from '../src/datasets/files.js';
import { readUsersFile } from '../src/datasets/users.js';
import type { Interaction } from '../src/evaluation/types.js';

const argv = process.argv.slice(2);
const usersFileAt = argv.indexOf('--users-file');
const usersFile = usersFileAt >= 0 ? argv[usersFileAt + 1] : undefined;
if (usersFileAt >= 0 && (!usersFile || usersFile.startsWith('--'))) throw new Error('--users-file needs a path');
const args = argv.filter((a, i) => a !== '--users' && (usersFileAt < 0 || (i !== usersFileAt && i !== usersFileAt + 1)));
const usersOnly = argv.includes('--users');
const demographicsOf = new Map((usersFile ? readUsersFile(usersFile) : []).map((u) => [u.userId, u.demographics]));
const ratingsPath = args[0] ?? '../shared/data/movietweetings-100k/ratings.dat';
const itemsPath = args[1] ?? '../shared/data/movietweetings-100k/movies.dat';
const K = 10;
const DAY = 86_400_000;
const REVEAL = [0, 1, 3, 5];

const items = readItemsFile(itemsPath);
const known = new Set(items.map((i) => i.id));
const all = readInteractionsFile(ratingsPath)
  .filter((x) => known.has(x.itemId) && x.timestamp !== undefined)
  .sort((a, b) => a.timestamp! - b.timestamp!);
const toEvent = (x: Interaction): ViewingEvent => ({ userId: x.userId, contentId: x.itemId, type: 'complete', timestamp: x.timestamp! });

/** Top k of `counts` not in `seen`. */
function popular(counts: Map<string, number>, seen: ReadonlySet<string>, k: number): string[] {
  return [...counts]
    .filter(([id]) => !seen.has(id))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([id]) => id);
}

/** Tells `engine` the demographics of `users` that the users file has. */
async function revealDemographics(engine: SonaEngine, users: Iterable<string>): Promise<void> {
  for (const user of users) {
    const demographics = demographicsOf.get(user);
    if (demographics) await engine.updateUserAttributes(user, { demographics });
  }
}

/** The user cold-start table rows of one engine: tuned or at defaults, with demographics known or not. */
async function userColdStart(tune: boolean, withDemographics = false): Promise<{ afterFifth: string[]; rest: string[] }> {
  const cutoff = all[Math.floor(all.length * 0.7)]!.timestamp!;
  const train = all.filter((x) => x.timestamp! < cutoff);
  const before = new Set(train.map((x) => x.userId));
  const byUser = new Map<string, Interaction[]>();
  for (const x of all) {
    if (x.timestamp! < cutoff || before.has(x.userId)) continue;
    const list = byUser.get(x.userId);
    if (list) list.push(x);
    else byUser.set(x.userId, [x]);
  }
  const random = seededRandom(7);
  const eligible = [...byUser.keys()].filter((u) => byUser.get(u)!.length >= 8).sort();
  for (let i = eligible.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [eligible[i], eligible[j]] = [eligible[j]!, eligible[i]!];
  }
  const newcomers = eligible.slice(0, 1000);
  const engine = await createEngine({ clock: () => all.at(-1)!.timestamp! + DAY, cache: { enabled: false } });
  // The catalogue as of the fit: items first watched later are not released yet.
  const released = new Set(train.map((x) => x.itemId));
  await engine.upsertContent(items.filter((i) => released.has(i.id)));
  await engine.track(train.map(toEvent));
  if (withDemographics) await revealDemographics(engine, before);
  await engine.fit({ tune });
  if (withDemographics) await revealDemographics(engine, newcomers);
  const counts = new Map<string, number>();
  for (const x of train) counts.set(x.itemId, (counts.get(x.itemId) ?? 0) + 1);
  // Two truths: the events after the fifth (the same at every step, so steps compare), and the
  // rest (every event after the ones revealed, the wording: what the next film is, too).
  const scores = REVEAL.map(() => ({ engine: [] as number[], popular: [] as number[], engineRest: [] as number[], popularRest: [] as number[] }));
  for (const user of newcomers) {
    const events = byUser.get(user)!;
    const truth = new Set(events.slice(5).map((x) => x.itemId));
    let revealed = 0;
    for (const [step, r] of REVEAL.entries()) {
      if (r > revealed) {
        // A newcomer may watch a release that came out after the fit: the host adds it first.
        const missing = events.slice(revealed, r).filter((x) => !released.has(x.itemId));
        for (const x of missing) released.add(x.itemId);
        if (missing.length > 0) await engine.upsertContent(items.filter((i) => missing.some((x) => x.itemId === i.id)));
        await engine.track(events.slice(revealed, r).map(toEvent));
      }
      revealed = r;
      const seen = new Set(events.slice(0, r).map((x) => x.itemId));
      const list = (await engine.recommend(user, { count: K })).map((x) => x.itemId);
      const popularList = popular(counts, seen, K);
      const rest = new Set(
        events
          .slice(r)
          .map((x) => x.itemId)
          .filter((id) => !seen.has(id)),
      );
      scores[step]!.engine.push(listMetric('ndcg', list, truth, K));
      scores[step]!.popular.push(listMetric('ndcg', popularList, truth, K));
      scores[step]!.engineRest.push(listMetric('ndcg', list, rest, K));
      scores[step]!.popularRest.push(listMetric('ndcg', popularList, rest, K));
    }
  }
  await engine.close();
  userCount = newcomers.length;
  const row = (r: number, e: readonly number[], p: readonly number[]) => {
    const [low, high] = ratioInterval(e, p);
    return `| ${tune ? 'tuned' : 'defaults'}${withDemographics ? ', demographics known' : ''} | ${r} | ${mean(e).toFixed(4)} | ${mean(p).toFixed(4)} | ${(mean(e) / mean(p)).toFixed(2)} | ${low.toFixed(2)}–${high.toFixed(2)} |`;
  };
  return {
    afterFifth: REVEAL.map((r, step) => row(r, scores[step]!.engine, scores[step]!.popular)),
    rest: REVEAL.map((r, step) => row(r, scores[step]!.engineRest, scores[step]!.popularRest)),
  };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * The 90% interval of mean(engine) ÷ mean(popular) over the same users resampled (a paired
 * bootstrap, 2,000 draws, seeded): on a few hundred newcomers a difference of 0.1 in the ratio
 * can be chance, and the table should say so.
 */
function ratioInterval(engine: readonly number[], popular: readonly number[]): [number, number] {
  const random = seededRandom(11);
  const ratios: number[] = [];
  for (let draw = 0; draw < 2000; draw++) {
    let e = 0;
    let p = 0;
    for (let i = 0; i < engine.length; i++) {
      const at = Math.floor(random() * engine.length);
      e += engine[at]!;
      p += popular[at]!;
    }
    ratios.push(p > 0 ? e / p : 0);
  }
  ratios.sort((a, b) => a - b);
  return [ratios[Math.floor(ratios.length * 0.05)]!, ratios[Math.floor(ratios.length * 0.95)]!];
}
let userCount = 0;

async function itemColdStart(label: string, config: object): Promise<string[]> {
  const cutoff = all[Math.floor(all.length * 0.9)]!.timestamp!;
  const train = all.filter((x) => x.timestamp! < cutoff);
  const replay = all.filter((x) => x.timestamp! >= cutoff);
  const trained = new Set(train.map((x) => x.itemId));
  let now = cutoff;
  const engine = await createEngine({ ...config, clock: () => now, cache: { enabled: false } });
  // Items join the catalogue on the day of their first event, as a host adds a release.
  await engine.upsertContent(items.filter((i) => trained.has(i.id)));
  const arrival = new Map<string, number>();
  for (const x of replay) if (!trained.has(x.itemId) && !arrival.has(x.itemId)) arrival.set(x.itemId, x.timestamp!);
  await engine.track(train.map(toEvent));
  await engine.fit({ tune: false });
  const counts = new Map<string, number>();
  for (const x of train) counts.set(x.itemId, (counts.get(x.itemId) ?? 0) + 1);
  const firstSeen = new Map<string, number>();
  const watchedBy = new Map<string, Set<string>>();
  for (const x of all) watchedBy.set(x.userId, (watchedBy.get(x.userId) ?? new Set()).add(x.itemId));
  const random = seededRandom(11);
  const blank = () => ({ lists: 0, today: 0, firstDay: 0, anyNew: 0, hits: 0, listed: 0, allHits: 0 });
  const tally = { engine: blank(), popular: blank() };
  for (let day = cutoff; day <= replay.at(-1)!.timestamp!; day += DAY) {
    const today = replay.filter((x) => x.timestamp! >= day && x.timestamp! < day + DAY);
    if (today.length === 0) continue;
    now = day;
    await engine.upsertContent(items.filter((i) => (arrival.get(i.id) ?? -1) >= day && arrival.get(i.id)! < day + DAY));
    const users = [...new Set(today.map((x) => x.userId))].sort(() => random() - 0.5).slice(0, 60);
    for (const user of users) {
      const theirs = new Set(today.filter((x) => x.userId === user).map((x) => x.itemId));
      const seen = new Set([...(watchedBy.get(user) ?? [])].filter((id) => !theirs.has(id)));
      const lists = {
        engine: (await engine.recommend(user, { count: K })).map((x) => x.itemId),
        popular: popular(counts, seen, K),
      };
      for (const [name, list] of Object.entries(lists) as Array<[keyof typeof tally, string[]]>) {
        const t = tally[name];
        const fresh = list.filter((id) => !trained.has(id));
        t.lists++;
        if (fresh.length > 0) t.anyNew++;
        if (fresh.some((id) => !firstSeen.has(id))) t.today++;
        if (fresh.some((id) => firstSeen.has(id) && now - firstSeen.get(id)! < DAY)) t.firstDay++;
        t.listed += fresh.length;
        t.hits += fresh.filter((id) => theirs.has(id)).length;
        t.allHits += list.filter((id) => theirs.has(id)).length;
      }
    }
    for (const x of today) {
      if (!firstSeen.has(x.itemId)) firstSeen.set(x.itemId, x.timestamp!);
      counts.set(x.itemId, (counts.get(x.itemId) ?? 0) + 1);
    }
    await engine.track(today.map(toEvent));
  }
  await engine.close();
  const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)}%` : '–');
  return (['engine', 'popular'] as const).map((name) => {
    const t = tally[name];
    return `| ${name === 'engine' ? label : 'most popular'} | ${t.lists} | ${pct(t.today, t.lists)} | ${pct(t.firstDay, t.lists)} | ${pct(t.anyNew, t.lists)} | ${pct(t.hits, t.listed)} | ${pct(t.allHits, t.lists * K)} |`;
  });
}

const runs = [await userColdStart(false), await userColdStart(true), ...(demographicsOf.size > 0 ? [await userColdStart(true, true)] : [])];
const userTable = (rows: string[]) => {
  console.log('| engine | revealed events | engine nDCG@10 | most popular nDCG@10 | engine ÷ popular | 90% interval (paired bootstrap) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
};
console.log(
  `User cold start: ${userCount} users who arrive after the 70% time quantile (fit on the events before it); nDCG@10 on each one's events after their fifth, after revealing their first r`,
);
console.log('');
userTable(runs.flatMap((r) => r.afterFifth));
console.log('');
console.log('The same lists scored on the rest: every event after the r revealed (what comes next, too)');
console.log('');
userTable(runs.flatMap((r) => r.rest));
if (!usersOnly) {
  const itemsRows = [
    ...(await itemColdStart('engine (defaults)', {})),
    ...(await itemColdStart('engine, fresh items offered to every list', { coldStart: { freshListShare: 1 } })).slice(0, 1),
    ...(await itemColdStart('engine, no fresh items (freshHours 0)', { coldStart: { freshHours: 0 } })).slice(0, 1),
    ...(await itemColdStart('engine, no exploration', { coldStart: { explorationShare: 0 } })).slice(0, 1),
  ];
  console.log('');
  console.log('Item cold start: the last 10% of events replayed day by day, 60 users served per day');
  console.log('');
  console.log(
    '| ranker | lists | with an item added today (no events yet) | with an item first watched in the last 24 h | with any new item | hit rate of listed new items | hit rate of all listed items |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of itemsRows) console.log(r);
}
