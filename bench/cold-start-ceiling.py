"""
What simple rankers reach for MovieTweetings newcomers: the user cold-start protocol of
bench/cold-start.ts (fit on the events before the 70% time quantile; users whose first event
comes after it and who have at least 8 events; their first r events revealed; nDCG@10 on their
events after the fifth), with rankers that know only the training events and the revealed ones:
most popular (all-time, and decayed with half-lives of 30, 90 and 180 days), item co-occurrence,
item-kNN (cosine), EASE (lambda 200), and the last two blended with 90-day popularity.
It bounds what the engine can be asked for on this data: if no ranker here reaches twice
most-popular's nDCG, the issue's 2x target measures the data, not the engine.
With --live, a third and fourth table: rankers that know every event before the moment the
list is asked for (the newcomer's r-th event; other users' events too, as a running engine
tracks them), over every item seen by then: popularity (all-time and decayed, half-lives 3 to
90 days), item-kNN (cosine), next-item transitions (how often users went from the newcomer's
last item to each item next), and blends of these with 90-day popularity. Ratios are to the
first tables' most popular (the training events only), which is what the engine is compared with.

Usage: python3 bench/cold-start-ceiling.py [ratings file] [items file] [--live]   (numpy and scipy)
"""
import collections
import math
import sys

import numpy as np
import scipy.sparse as sp

ARGS = [a for a in sys.argv[1:] if a != "--live"]
LIVE = "--live" in sys.argv[1:]
RATINGS = ARGS[0] if len(ARGS) > 0 else "../shared/data/movietweetings-100k/ratings.dat"
ITEMS = ARGS[1] if len(ARGS) > 1 else "../shared/data/movietweetings-100k/movies.dat"
REVEAL = [0, 1, 3, 5]
K = 10

known = {line.split("::")[0] for line in open(ITEMS, encoding="utf8")}
events = []
for line in open(RATINGS, encoding="utf8"):
    user, item, _rating, ts = line.strip().split("::")
    if item in known:
        events.append((int(ts), user, item))
events.sort()
cutoff = events[int(len(events) * 0.7)][0]
train = [e for e in events if e[0] < cutoff]
before = {e[1] for e in train}
later = collections.defaultdict(list)
for e in events:
    if e[0] >= cutoff and e[1] not in before:
        later[e[1]].append(e)
newcomers = sorted(u for u in later if len(later[u]) >= 8)

item_index = {}
for e in train:
    item_index.setdefault(e[2], len(item_index))
user_index = {}
for e in train:
    user_index.setdefault(e[1], len(user_index))
names = list(item_index)
m = len(names)
X = sp.csr_matrix(
    (np.ones(len(train)), ([user_index[e[1]] for e in train], [item_index[e[2]] for e in train])),
    shape=(len(user_index), m),
)
X.data[:] = 1.0  # a repeated rating counts once
counts = np.asarray(X.sum(axis=0)).ravel()
ages = np.array([cutoff - e[0] for e in train], dtype=np.float64)
columns = np.array([item_index[e[2]] for e in train])


def decayed(days):
    out = np.zeros(m)
    np.add.at(out, columns, np.exp(-ages * math.log(2) / (days * 86400)))
    return out


gram = (X.T @ X).toarray().astype(np.float64)
np.fill_diagonal(gram, 0.0)
root = np.sqrt(counts) + 1e-9
cosine = gram / root[:, None] / root[None, :]
regularised = gram.copy()
regularised[np.diag_indices(m)] = counts + 200.0
inverse = np.linalg.inv(regularised)
ease = -inverse / np.diag(inverse)[None, :]
np.fill_diagonal(ease, 0.0)
pop90 = decayed(90)
pop90 = pop90 / pop90.max()


def ndcg(ranked, truth):
    gain = sum(1 / math.log2(i + 2) for i, x in enumerate(ranked[:K]) if x in truth)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(K, len(truth))))
    return gain / ideal


def top(scores, seen, labels=None):
    """The K best of `scores` not in `seen`, as `labels` (default: the training items' ids)."""
    s = scores.astype(np.float64).copy()
    s[list(seen)] = -np.inf
    best = np.argpartition(-s, K)[:K]
    return [(labels or names)[j] for j in best[np.argsort(-s[best], kind="stable")]]


def scaled(v):
    peak = np.abs(v).max()
    return v / peak if peak > 0 else v


rankers = {
    "most popular (all-time)": lambda v: counts,
    "popular, 30-day half-life": lambda v: decayed(30),
    "popular, 90-day half-life": lambda v: decayed(90),
    "popular, 180-day half-life": lambda v: decayed(180),
    "co-occurrence": lambda v: gram.T @ v,
    "item-kNN (cosine)": lambda v: cosine.T @ v,
    "item-kNN + 3 x popular (90 d)": lambda v: scaled(cosine.T @ v) + 3 * pop90,
    "EASE": lambda v: v @ ease,
    "EASE + 1 x popular (90 d)": lambda v: scaled(v @ ease) + pop90,
    "EASE + 3 x popular (90 d)": lambda v: scaled(v @ ease) + 3 * pop90,
}
sums = {r: collections.defaultdict(float) for r in REVEAL}
# The second truth, as bench/cold-start.ts's second table: every event after the ones revealed.
rest_sums = {r: collections.defaultdict(float) for r in REVEAL}
for user in newcomers:
    history = later[user]
    truth = {e[2] for e in history[5:]}
    for r in REVEAL:
        seen = [item_index[e[2]] for e in history[:r] if e[2] in item_index]
        rest = {e[2] for e in history[r:]} - {e[2] for e in history[:r]}
        v = np.zeros(m)
        v[seen] = 1.0
        for name, rank in rankers.items():
            personal = name != "most popular (all-time)" and not name.startswith("popular")
            if personal and r == 0:
                continue  # nothing to go on yet: these rankers start at the first event
            ranked = top(rank(v), seen)
            sums[r][name] += ndcg(ranked, truth)
            rest_sums[r][name] += ndcg(ranked, rest)

n = len(newcomers)


def table(title, totals, bases, names_):
    print(title)
    print()
    print("| ranker | " + " | ".join(f"{r} revealed" for r in REVEAL) + " |")
    print("| --- | " + " | ".join("---:" for _ in REVEAL) + " |")
    for name in names_:
        cells = []
        for r in REVEAL:
            if name not in totals[r]:
                cells.append("–")
                continue
            value = totals[r][name] / n
            base = bases[r]["most popular (all-time)"] / n
            cells.append(f"{value:.4f} ({value / base:.2f}x)")
        print(f"| {name} | " + " | ".join(cells) + " |")


table(f"User cold start, MovieTweetings: {n} newcomers (protocol of bench/cold-start.ts); nDCG@10, and its ratio to most popular", sums, sums, rankers)
print()
table("The same rankers scored on the rest: every event after the ones revealed", rest_sums, rest_sums, rankers)


def live_tables():
    """The --live tables: every event before the moment known, over every item seen by then."""
    every = {}
    for e in events:
        every.setdefault(e[2], len(every))
    whom = {}
    stamps = np.array([e[0] for e in events], dtype=np.float64)
    cols = np.array([every[e[2]] for e in events])
    rows = np.array([whom.setdefault(e[1], len(whom)) for e in events])
    titles = list(every)
    size = len(titles)

    def popularity(upto, t, days=None):
        if days is None:
            return np.bincount(cols[:upto], minlength=size).astype(np.float64)
        weight = np.exp(-(t - stamps[:upto]) * math.log(2) / (days * 86400))
        return np.bincount(cols[:upto], weights=weight, minlength=size)

    def personal(upto, seen):
        """Cosine item-kNN scores and next-item transition counts from the events before `upto`."""
        known_ = sp.csr_matrix((np.ones(upto), (rows[:upto], cols[:upto])), shape=(len(whom), size))
        known_.data[:] = 1.0
        viewers = np.asarray(known_.sum(axis=0)).ravel()
        root_ = np.sqrt(viewers) + 1e-9
        v = np.zeros(size)
        v[seen] = 1.0
        co = np.asarray(known_.T @ (known_ @ (v / root_))).ravel()
        co[seen] -= viewers[seen] / root_[seen]  # an item is not its own neighbour
        cos = co / root_
        last = seen[-1]
        nexts = np.zeros(size)
        order = np.lexsort((stamps[:upto], rows[:upto]))
        r_, c_ = rows[:upto][order], cols[:upto][order]
        went = (r_[:-1] == r_[1:]) & (c_[:-1] == last) & (c_[1:] != last)
        np.add.at(nexts, c_[1:][went], 1.0)
        return cos, nexts

    live = {r: collections.defaultdict(float) for r in REVEAL}
    live_rest = {r: collections.defaultdict(float) for r in REVEAL}
    for user in newcomers:
        history = later[user]
        truth = {e[2] for e in history[5:]}
        for r in REVEAL:
            t = history[0][0] if r == 0 else history[r - 1][0] + 1
            upto = int(np.searchsorted(stamps, t, side="left"))
            seen = [every[e[2]] for e in history[:r]]
            rest = {e[2] for e in history[r:]} - {e[2] for e in history[:r]}
            scores = {"popular, all events so far": popularity(upto, t)}
            for days in (3, 7, 30, 90):
                scores[f"popular, {days}-day half-life, so far"] = popularity(upto, t, days)
            if r > 0:
                cos, nexts = personal(upto, seen)
                recent = scaled(popularity(upto, t, 90))
                scores["item-kNN (cosine), so far"] = cos
                scores["item-kNN + 3 x popular (90 d), so far"] = scaled(cos) + 3 * recent
                scores["next item, so far"] = nexts
                scores["next item + popular (90 d), so far"] = scaled(nexts) + recent
                scores["next item + item-kNN + 2 x popular (90 d), so far"] = scaled(nexts) + scaled(cos) + 2 * recent
            for name, s in scores.items():
                ranked = top(s, seen, titles)
                live[r][name] += ndcg(ranked, truth)
                live_rest[r][name] += ndcg(ranked, rest)
    order_ = list(live[1])
    print()
    table("Live: rankers that know every event before the list is asked for; ratio to the first table's most popular", live, sums, order_)
    print()
    table("Live, scored on the rest", live_rest, rest_sums, order_)


if LIVE:
    live_tables()
