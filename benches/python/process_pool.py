"""Lesson 09's Python side: multiprocessing.Pool.

`just compare` runs this next to benches/process_pool.rs, which reads the
numbers it prints and checks the book's claims against them. Run it alone
with `python3 benches/python/process_pool.py [tasks]`.

It prints, each the best of three runs:
- `apply_async`: trivial tasks (add one) a second, each with a callback,
  from submitting the first to `join` returning;
- `map`: trivial tasks a second through `Pool.map` with its default
  chunksize;
- `startup`: seconds to start a pool and have every worker answer once.

The pool has as many workers as the machine has cores, as `Pool()` does.
"""

import multiprocessing
import os
import sys
import time


def add_one(i):
    return i + 1


def apply_async_rate(tasks, workers):
    pool = multiprocessing.Pool(workers)
    pool.map(add_one, range(workers))  # every worker is up
    done = []
    start = time.perf_counter()
    for i in range(tasks):
        pool.apply_async(add_one, (i,), callback=done.append)
    pool.close()
    pool.join()
    elapsed = time.perf_counter() - start
    assert len(done) == tasks
    return tasks / elapsed


def map_rate(tasks, workers):
    with multiprocessing.Pool(workers) as pool:
        pool.map(add_one, range(workers))
        start = time.perf_counter()
        out = pool.map(add_one, range(tasks))
        elapsed = time.perf_counter() - start
    assert out[-1] == tasks
    return tasks / elapsed


def startup(workers):
    start = time.perf_counter()
    pool = multiprocessing.Pool(workers)
    pool.map(add_one, range(workers), chunksize=1)
    elapsed = time.perf_counter() - start
    pool.terminate()
    pool.join()
    return elapsed


def main():
    tasks = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    workers = os.cpu_count() or 1
    print(f"apply_async {max(apply_async_rate(tasks, workers) for _ in range(3)):.0f} tasks/s")
    print(f"map {max(map_rate(tasks, workers) for _ in range(3)):.0f} tasks/s")
    print(f"startup {min(startup(workers) for _ in range(3)):.6f} s")
    print(f"workers {workers}")


if __name__ == "__main__":
    main()
