"""
What simple rankers reach for MovieTweetings newcomers: the user cold-start protocol of
bench/cold-start.ts (fit on the events before the 70% time quantile; users whose first event
comes after it and who have at least 8 events; their first r events revealed; nDCG@10 on their
events after the fifth), with rankers that know only the training events and the revealed ones:
most popular (all-time, and decayed with half-lives of 30, 90 and 180 days), item co-occurrence,
item-kNN (cosine), EASE (lambda 200), and the last two blended with 90-day popularity.
It bounds what the engine can be asked for on this data: if no ranker here reaches twice
most-popular's nDCG, the issue's 2x target measures the data, not the engine.

Usage: python3 bench/cold-start-ceiling.py [ratings file] [items file]   (numpy and scipy)
"""
import collections
import math
import sys

import numpy as np
import scipy.sparse as sp

RATINGS = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/movietweetings-100k/ratings.dat"
ITEMS = sys.argv[2] if len(sys.argv) > 2 else "../shared/data/movietweetings-100k/movies.dat"
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


def top(scores, seen):
    s = scores.astype(np.float64).copy()
    s[list(seen)] = -np.inf
    best = np.argpartition(-s, K)[:K]
    return [names[j] for j in best[np.argsort(-s[best], kind="stable")]]


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


def table(title, totals):
    print(title)
    print()
    print("| ranker | " + " | ".join(f"{r} revealed" for r in REVEAL) + " |")
    print("| --- | " + " | ".join("---:" for _ in REVEAL) + " |")
    for name in rankers:
        cells = []
        for r in REVEAL:
            if name not in totals[r]:
                cells.append("–")
                continue
            value = totals[r][name] / n
            base = totals[r]["most popular (all-time)"] / n
            cells.append(f"{value:.4f} ({value / base:.2f}x)")
        print(f"| {name} | " + " | ".join(cells) + " |")


table(f"User cold start, MovieTweetings: {n} newcomers (protocol of bench/cold-start.ts); nDCG@10, and its ratio to most popular", sums)
print()
table("The same rankers scored on the rest: every event after the ones revealed", rest_sums)
