"""Instructions per article, counted by valgrind: a figure the machine's load cannot move.

Seconds on a shared machine swing by a fifth from one run to the next, which
hides the 1-5 % that most changes to the per-article stages are worth.
Callgrind counts the instructions the interpreter executes instead; for the
same code, inputs and Python they come out the same whatever else runs.

    python benchmarks/instructions.py            # the first 100 corpus articles
    python benchmarks/instructions.py -n 300 --corpus DIR

It runs geomap twice under callgrind, once reading no article and once
reading N (start-up, imports and the gazetteer load are in both), and
prints the difference divided by N: read, places and events of one article,
without the merge. It needs valgrind (Debian: `apt-get install valgrind`)
and the benchmark corpus (`python benchmarks/run.py` builds it). Under
callgrind Python runs about 50 times slower, so 100 articles take two minutes.
To compare two versions, run it in each (a git worktree, or a stash).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_COLLECTED = re.compile(r"Collected : (\d+)")


def extract_first(corpus: Path, n: int) -> None:
    """The measured work: read, places and events of the first `n` articles, in order."""
    from geomap.pipeline import Context, iter_results

    files = sorted(corpus.glob("*.txt"))[:n]
    if len(files) < n:
        raise SystemExit(f"{corpus} holds {len(files)} articles, fewer than {n}")
    ctx = Context.create(str(_HERE.parent / "gazetteer"))
    for _ in iter_results(files, ctx, lambda skipped: None):
        pass


def count(corpus: Path, n: int) -> int:
    """Instructions of one run over `n` articles, start-up included."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--child",
        str(n),
        "--corpus",
        str(corpus),
    ]
    # String hashes are salted per process, which moves set and dict orders and
    # so the count; a fixed seed makes runs of the same code count the same.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"callgrind run failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--articles", type=int, default=100)
    parser.add_argument("--corpus", type=Path, default=_HERE / "results" / "corpus")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        extract_first(args.corpus, args.child)
        return
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    base = count(args.corpus, 0)
    total = count(args.corpus, args.articles)
    per_article = (total - base) / args.articles
    print(
        f"{per_article / 1e6:.2f} M instructions per article "
        f"(first {args.articles} articles of {args.corpus}; start-up {base / 1e9:.2f} G)"
    )


if __name__ == "__main__":
    main()
