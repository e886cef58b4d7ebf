"""Lesson 07's Python side: queue.Queue with task_done and join.

`just compare` runs this next to benches/producer_consumer.rs, which reads
the two numbers it prints and checks the book's claim (our JoinableQueue
moves at least 50 times as many items a second). Run it alone with
`python3 benches/python/producer_consumer.py [items]`.

Producers put their share of the items and then join the queue; consumers
get, mark each item done, and stop at a None (Python's queue has no close
before 3.13). The best of three runs is printed, as items a second.
"""

import queue
import sys
import threading
import time

CAPACITY = 1000


def run(items, producers, consumers):
    q = queue.Queue(maxsize=CAPACITY)

    def consume():
        while True:
            item = q.get()
            if item is None:
                q.task_done()
                return
            q.task_done()

    def produce(first):
        for i in range(first, items, producers):
            q.put(i)
        q.join()

    threads = [threading.Thread(target=consume) for _ in range(consumers)]
    threads += [threading.Thread(target=produce, args=(p,)) for p in range(producers)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads[consumers:]:
        t.join()
    elapsed = time.perf_counter() - start
    for _ in range(consumers):
        q.put(None)
    for t in threads[:consumers]:
        t.join()
    return items / elapsed


def main():
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    for name, producers, consumers in (("spsc", 1, 1), ("mpmc", 4, 4)):
        best = max(run(items, producers, consumers) for _ in range(3))
        print(f"{name} {best:.0f} items/s")


if __name__ == "__main__":
    main()
