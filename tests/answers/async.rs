// Blind review answers for lessons/11-async (slug `async`).
// Each module stands in for the whole of lessons/11-async/exercise.rs.
// Modules named *_race_* target `race` and keep fetch_all as the obvious
// correct code (join_all of the futures); modules named *_conc_* target
// `concurrent` and keep race as the obvious correct code.

/// WRONG (race): must return as soon as either finishes; this one awaits `a`, then `b`, and
/// returns `Left`: it waits for both (for ever if `a` never ends) and never answers `Right`.
pub mod wrong_race_awaits_in_turn {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        // a goes first, so a's output is the one to return; b gets its turn after
        let out = a.await;
        let _ = b.await;
        Either::Left(out)
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        coro::join_all(futures).await
    }
}

/// WRONG (race): both futures must be polled on every wake-up; this one polls `b` only on the
/// first poll ("it has our waker now"), so when `b` wakes the task nobody looks at it: lost wake-up.
pub mod wrong_race_b_polled_once {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        let mut b_polled = false;
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            if !b_polled {
                // b holds our waker now: it will wake us when it is done
                b_polled = true;
                if let Poll::Ready(out) = b.as_mut().poll(cx) {
                    return Poll::Ready(Either::Right(out));
                }
            }
            Poll::Pending
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        coro::join_all(futures).await
    }
}

/// WRONG (race): reads "poll a, then b" as a sequence in time: `a` is polled on the first poll
/// only, then only `b`; an `a` that finishes later is never seen (waits for `b`, or for ever).
pub mod wrong_race_a_polled_once {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        let mut a_polled = false;
        std::future::poll_fn(|cx| {
            if !a_polled {
                a_polled = true;
                if let Poll::Ready(out) = a.as_mut().poll(cx) {
                    return Poll::Ready(Either::Left(out));
                }
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        coro::join_all(futures).await
    }
}

/// WRONG (race): a pending race must sleep until `a` or `b` wakes it; this one also wakes itself
/// before every `Pending` ("to be sure to be polled again"): a busy poll, right answer, 100% CPU.
pub mod wrong_race_self_wake_busy {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            if let Poll::Ready(out) = b.as_mut().poll(cx) {
                return Poll::Ready(Either::Right(out));
            }
            cx.waker().wake_by_ref(); // make sure we come round again
            Poll::Pending
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        coro::join_all(futures).await
    }
}

/// WRONG (race): the futures must get the task's waker; this one polls them with a no-op waker
/// and wakes itself every time instead: the answer comes, by busy polling.
pub mod wrong_race_noop_waker_busy {
    use std::future::Future;
    use std::task::Poll;

    use std::task::{Context, Waker};
    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            let mut quiet = Context::from_waker(Waker::noop());
            if let Poll::Ready(out) = a.as_mut().poll(&mut quiet) {
                return Poll::Ready(Either::Left(out));
            }
            if let Poll::Ready(out) = b.as_mut().poll(&mut quiet) {
                return Poll::Ready(Either::Right(out));
            }
            cx.waker().wake_by_ref(); // nobody else will wake us: look again
            Poll::Pending
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        coro::join_all(futures).await
    }
}

/// WRONG (race): both futures must be able to wake the task; `a` is only peeked at with a no-op
/// waker, so `a` finishing wakes nobody: the race waits for `b` (or for ever) though `a` was first.
pub mod wrong_race_peeks_a_with_noop_waker {
    use std::future::Future;
    use std::task::Poll;

    use std::task::{Context, Waker};
    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            // a look at a, without signing up for its wake-up; b gets the real waker
            let mut peek = Context::from_waker(Waker::noop());
            if let Poll::Ready(out) = a.as_mut().poll(&mut peek) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        coro::join_all(futures).await
    }
}

/// WRONG (race): once `a` is ready, `b` must not run again; this one polls both every time and
/// then picks, so `b` runs one step more and, if it finished in that step, its output is thrown away.
pub mod wrong_race_polls_b_after_a_won {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            let ra = a.as_mut().poll(cx);
            let rb = b.as_mut().poll(cx);
            match (ra, rb) {
                (Poll::Ready(x), _) => Poll::Ready(Either::Left(x)),
                (Poll::Pending, Poll::Ready(y)) => Poll::Ready(Either::Right(y)),
                (Poll::Pending, Poll::Pending) => Poll::Pending,
            }
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        coro::join_all(futures).await
    }
}

/// WRONG (race): the loser must be dropped (which cancels its wait); this one `mem::forget`s both
/// boxed futures "so the loser is not cut off": the loser's destructor never runs (its timer stays).
pub mod wrong_race_forgets_loser {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = Box::pin(a);
        let mut b = Box::pin(b);
        let out = std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await;
        // the loser may be half-way through something: leave it be rather than cut it off
        std::mem::forget(a);
        std::mem::forget(b);
        out
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        coro::join_all(futures).await
    }
}

/// WRONG (race): must return when the first finishes; this one (a join) notes which finished first
/// but returns only when both have: right answer, late, and never if the loser never ends.
pub mod wrong_race_waits_for_both {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        let mut first: Option<Either<A::Output, B::Output>> = None;
        let mut a_done = false;
        let mut b_done = false;
        std::future::poll_fn(|cx| {
            if !a_done {
                if let Poll::Ready(x) = a.as_mut().poll(cx) {
                    a_done = true;
                    if first.is_none() {
                        first = Some(Either::Left(x));
                    }
                }
            }
            if !b_done {
                if let Poll::Ready(y) = b.as_mut().poll(cx) {
                    b_done = true;
                    if first.is_none() {
                        first = Some(Either::Right(y));
                    }
                }
            }
            // let both finish cleanly, then report the winner
            if a_done && b_done {
                Poll::Ready(first.take().expect("one of them finished first"))
            } else {
                Poll::Pending
            }
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        coro::join_all(futures).await
    }
}

/// RIGHT (race, reviewed): polls `b` first, so a tie (both ready on one poll) is `Right`. The
/// TODO suggests polling `a` first, but the doc comment only promises "whichever finishes first",
/// and on a tie neither does; the check does not try ties.
pub mod right_race_polls_b_first {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = b.as_mut().poll(cx) {
                return Poll::Ready(Either::Right(out));
            }
            a.as_mut().poll(cx).map(Either::Left)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        coro::join_all(futures).await
    }
}

/// WRONG (race): must sleep until woken; this one polls each once, then `yield_now().await` and
/// looks again, in a loop (asyncio.sleep(0) style): the right answer, by busy polling through the queue.
pub mod wrong_race_yield_now_loop {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        loop {
            if let Poll::Ready(out) = std::future::poll_fn(|cx| Poll::Ready(a.as_mut().poll(cx))).await {
                return Either::Left(out);
            }
            if let Poll::Ready(out) = std::future::poll_fn(|cx| Poll::Ready(b.as_mut().poll(cx))).await {
                return Either::Right(out);
            }
            coro::yield_now().await; // let the others run, then look again
        }
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        coro::join_all(futures).await
    }
}

/// WRONG (race): must give the thread back while it waits; this one checks both, then
/// `std::thread::sleep(1 ms)` and checks again, never returning to the executor: every other task
/// freezes (a future that waits on another task never finishes). Sleep-only futures still "work".
pub mod wrong_race_thread_sleep_loop {
    use std::future::Future;
    use std::task::Poll;

    use std::time::Duration;
    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        loop {
            if let Poll::Ready(out) = std::future::poll_fn(|cx| Poll::Ready(a.as_mut().poll(cx))).await {
                return Either::Left(out);
            }
            if let Poll::Ready(out) = std::future::poll_fn(|cx| Poll::Ready(b.as_mut().poll(cx))).await {
                return Either::Right(out);
            }
            std::thread::sleep(Duration::from_millis(1)); // check again in a moment
        }
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        coro::join_all(futures).await
    }
}

/// RIGHT (race): the same polls as a nested `match`: `a` first, `b` only if `a` is pending,
/// `Pending` only when both are.
pub mod right_race_nested_match {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| match a.as_mut().poll(cx) {
            Poll::Ready(x) => Poll::Ready(Either::Left(x)),
            Poll::Pending => match b.as_mut().poll(cx) {
                Poll::Ready(y) => Poll::Ready(Either::Right(y)),
                Poll::Pending => Poll::Pending,
            },
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        coro::join_all(futures).await
    }
}

/// RIGHT (race): a hand-written `Future` struct holding both futures in `Pin<Box<_>>` (so it is
/// `Unpin`); awaiting it and dropping it drops the loser, as the pinned locals would.
pub mod right_race_hand_written_future {
    use std::future::Future;
    use std::task::Poll;

    use std::pin::Pin;
    use std::task::Context;
    use workbook::coro::{self, Either};

    struct Race<A: Future, B: Future> {
        a: Pin<Box<A>>,
        b: Pin<Box<B>>,
    }

    impl<A: Future, B: Future> Future for Race<A, B> {
        type Output = Either<A::Output, B::Output>;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            if let Poll::Ready(out) = self.a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            self.b.as_mut().poll(cx).map(Either::Right)
        }
    }

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let race = Race { a: Box::pin(a), b: Box::pin(b) };
        race.await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        coro::join_all(futures).await
    }
}

/// RIGHT (race): futures boxed in `Option`s; the winner's branch sets the loser to `None`,
/// dropping it before `race` even returns (earlier than required, never later).
pub mod right_race_drops_loser_at_once {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = Some(Box::pin(a));
        let mut b = Some(Box::pin(b));
        std::future::poll_fn(move |cx| {
            if let Some(fa) = a.as_mut() {
                if let Poll::Ready(out) = fa.as_mut().poll(cx) {
                    b = None; // the loser goes now
                    return Poll::Ready(Either::Left(out));
                }
            }
            if let Some(fb) = b.as_mut() {
                if let Poll::Ready(out) = fb.as_mut().poll(cx) {
                    a = None;
                    return Poll::Ready(Either::Right(out));
                }
            }
            Poll::Pending
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        coro::join_all(futures).await
    }
}

/// RIGHT (race, edge): tokio-style fairness: `a` first on the first poll, then the order alternates.
/// Only a tie on a later poll (both became ready since the last poll) can go to `b`.
pub mod right_race_alternates_order {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        let mut b_first = false;
        std::future::poll_fn(|cx| {
            let flip = b_first;
            b_first = !b_first;
            if flip {
                if let Poll::Ready(out) = b.as_mut().poll(cx) {
                    return Poll::Ready(Either::Right(out));
                }
                a.as_mut().poll(cx).map(Either::Left)
            } else {
                if let Poll::Ready(out) = a.as_mut().poll(cx) {
                    return Poll::Ready(Either::Left(out));
                }
                b.as_mut().poll(cx).map(Either::Right)
            }
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        coro::join_all(futures).await
    }
}

/// WRONG (concurrent): must fetch all at the same time; the starting code with the `todo!()`
/// removed: each page is awaited before the next is asked for.
pub mod wrong_conc_one_after_another {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let mut pages = Vec::new();
        for name in names {
            pages.push(fetch(name).await);
        }
        pages
    }
}

/// WRONG (concurrent): makes every future first, then awaits them in turn; futures are lazy, so
/// each fetch still starts only when the one before it is done (sequential in disguise).
pub mod wrong_conc_makes_all_then_awaits_each {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        // start them all first...
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        // ...then collect the pages
        let mut pages = Vec::new();
        for future in futures {
            pages.push(future.await);
        }
        pages
    }
}

/// WRONG (concurrent): spawns each fetch as a task but awaits its handle before spawning the
/// next: one task at a time.
pub mod wrong_conc_spawn_and_await_each {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let mut pages = Vec::new();
        for name in names {
            pages.push(coro::spawn(fetch(name)).await);
        }
        pages
    }
}

/// WRONG (concurrent): pages must come back in the order of `names`; each task pushes its page
/// when it finishes, so they come back in finishing order (reversed in the check's setup).
pub mod wrong_conc_finishing_order {
    use std::future::Future;
    use std::task::Poll;

    use std::cell::RefCell;
    use std::rc::Rc;
    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let pages: Rc<RefCell<Vec<String>>> = Rc::new(RefCell::new(Vec::new()));
        let mut handles = Vec::new();
        for name in names {
            let page = fetch(name);
            let pages = Rc::clone(&pages);
            handles.push(coro::spawn(async move {
                let page = page.await;
                pages.borrow_mut().push(page);
            }));
        }
        coro::join_all(handles).await;
        let out = std::mem::take(&mut *pages.borrow_mut());
        out
    }
}

/// WRONG (concurrent): "in the order of names" is not sorted order; this one fetches all at once,
/// then sorts the pages (right only when names, and pages, happen to be sorted alike).
pub mod wrong_conc_sorts_pages {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let mut pages = coro::join_all(names.into_iter().map(|name| fetch(name))).await;
        pages.sort(); // in order
        pages
    }
}

/// WRONG (concurrent): keys each page by its name in a HashMap, then returns `into_values()`:
/// hash order, not the order of `names` (and a repeated name collapses to one page).
pub mod wrong_conc_hashmap_values {
    use std::future::Future;
    use std::task::Poll;

    use std::collections::HashMap;
    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let handles: Vec<_> = names.iter().map(|&name| coro::spawn(fetch(name))).collect();
        let pages = coro::join_all(handles).await;
        // keyed by name, so no page can land under the wrong one
        let by_name: HashMap<&'static str, String> = names.into_iter().zip(pages).collect();
        by_name.into_values().collect()
    }
}

/// RIGHT (concurrent, reviewed): fetches each *distinct* name once and copies the page for
/// repeats. The blind reviewer filed it as wrong ("fetches every page in names"); every page in
/// `names` does come back, in its place, and fetching the same page twice is not promised.
pub mod right_conc_dedups_names {
    use std::future::Future;
    use std::task::Poll;

    use std::collections::HashMap;
    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let mut unique: Vec<&'static str> = names.clone();
        unique.sort_unstable();
        unique.dedup(); // no need to fetch a page twice
        let pages = coro::join_all(unique.iter().map(|&name| fetch(name))).await;
        let by_name: HashMap<&'static str, String> = unique.into_iter().zip(pages).collect();
        names.iter().map(|name| by_name[name].clone()).collect()
    }
}

/// WRONG (concurrent): a hand-made join that wakes itself before every `Pending`: all start at
/// once and the order is right, but it busy-polls until the last page is in.
pub mod wrong_conc_busy_join {
    use std::future::Future;
    use std::task::Poll;

    use std::pin::Pin;
    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let mut futures: Vec<Pin<Box<Fut>>> = names.into_iter().map(|name| Box::pin(fetch(name))).collect();
        let mut pages: Vec<Option<String>> = futures.iter().map(|_| None).collect();
        std::future::poll_fn(|cx| {
            for (i, future) in futures.iter_mut().enumerate() {
                if pages[i].is_none() {
                    if let Poll::Ready(page) = future.as_mut().poll(cx) {
                        pages[i] = Some(page);
                    }
                }
            }
            if pages.iter().all(Option::is_some) {
                Poll::Ready(())
            } else {
                cx.waker().wake_by_ref(); // not all in: look again
                Poll::Pending
            }
        })
        .await;
        pages.into_iter().map(|p| p.expect("every page is in")).collect()
    }
}

/// WRONG (concurrent): a hand-made join that returns `Pending` at the first unfinished future
/// without polling the rest: later fetches start only when earlier ones end (sequential again).
pub mod wrong_conc_join_stops_at_first_pending {
    use std::future::Future;
    use std::task::Poll;

    use std::pin::Pin;
    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let mut futures: Vec<Pin<Box<Fut>>> = names.into_iter().map(|name| Box::pin(fetch(name))).collect();
        let mut pages: Vec<Option<String>> = futures.iter().map(|_| None).collect();
        std::future::poll_fn(|cx| {
            for (i, future) in futures.iter_mut().enumerate() {
                if pages[i].is_none() {
                    match future.as_mut().poll(cx) {
                        Poll::Ready(page) => pages[i] = Some(page),
                        Poll::Pending => return Poll::Pending, // wait for this one
                    }
                }
            }
            Poll::Ready(())
        })
        .await;
        pages.into_iter().map(|p| p.expect("every page is in")).collect()
    }
}

/// WRONG (concurrent): empty input must give an empty Vec; this hand-made join is Ready only
/// when the last future finishes *during* a poll, so with no names it is Pending for ever (a hang).
pub mod wrong_conc_empty_hangs {
    use std::future::Future;
    use std::task::Poll;

    use std::pin::Pin;
    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let mut futures: Vec<Pin<Box<Fut>>> = names.into_iter().map(|name| Box::pin(fetch(name))).collect();
        let mut pages: Vec<Option<String>> = futures.iter().map(|_| None).collect();
        let mut left = futures.len();
        std::future::poll_fn(|cx| {
            for (i, future) in futures.iter_mut().enumerate() {
                if pages[i].is_some() {
                    continue;
                }
                if let Poll::Ready(page) = future.as_mut().poll(cx) {
                    pages[i] = Some(page);
                    left -= 1;
                    if left == 0 {
                        return Poll::Ready(()); // the last one just came in
                    }
                }
            }
            Poll::Pending
        })
        .await;
        pages.into_iter().map(|p| p.expect("every page is in")).collect()
    }
}

/// WRONG (concurrent): must wait inside the running executor; this one calls `coro::block_on` on
/// a join from inside a task (blocking the thread): it panics, block_on inside block_on.
pub mod wrong_conc_block_on_inside {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let futures: Vec<Fut> = names.into_iter().map(|name| fetch(name)).collect();
        // run them all to the end, together, and hand the pages back
        coro::block_on(coro::join_all(futures))
    }
}

/// WRONG (concurrent): must wait for every page; this one spawns all, sleeps 60 ms ("the slowest
/// takes 50") and returns what is in: a timeout taken for "all done"; slower pages go missing.
pub mod wrong_conc_fixed_sleep {
    use std::future::Future;
    use std::task::Poll;

    use std::cell::RefCell;
    use std::rc::Rc;
    use std::time::Duration;
    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let slots: Rc<RefCell<Vec<Option<String>>>> = Rc::new(RefCell::new(vec![None; names.len()]));
        for (i, name) in names.into_iter().enumerate() {
            let page = fetch(name);
            let slots = Rc::clone(&slots);
            coro::spawn(async move {
                let page = page.await;
                slots.borrow_mut()[i] = Some(page);
            });
        }
        // the slowest page takes 50 ms: give them all 60, then collect
        coro::sleep(Duration::from_millis(60)).await;
        let pages: Vec<String> = slots.borrow().iter().flatten().cloned().collect();
        pages
    }
}

/// WRONG (concurrent): must sleep until the pages are in; this one spawns all, then loops
/// `yield_now().await` until every slot is filled: right pages, right order, busy-waiting on a flag.
pub mod wrong_conc_yield_until_filled {
    use std::future::Future;
    use std::task::Poll;

    use std::cell::RefCell;
    use std::rc::Rc;
    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let slots: Rc<RefCell<Vec<Option<String>>>> = Rc::new(RefCell::new(vec![None; names.len()]));
        for (i, name) in names.into_iter().enumerate() {
            let page = fetch(name);
            let slots = Rc::clone(&slots);
            coro::spawn(async move {
                let page = page.await;
                slots.borrow_mut()[i] = Some(page);
            });
        }
        loop {
            let done = slots.borrow().iter().all(Option::is_some);
            if done {
                break;
            }
            coro::yield_now().await; // let the fetches run, then look again
        }
        let pages: Vec<String> = slots.borrow_mut().iter_mut().map(|p| p.take().expect("filled")).collect();
        pages
    }
}

/// WRONG (concurrent): must fetch *all* at the same time; this one joins them two at a time
/// (chunks of 2), so the third starts only after the first two are done.
pub mod wrong_conc_two_at_a_time {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let mut pages = Vec::new();
        for chunk in names.chunks(2) {
            let batch = coro::join_all(chunk.iter().map(|&name| fetch(name))).await;
            pages.extend(batch);
        }
        pages
    }
}

/// RIGHT (concurrent): spawns every fetch as a task of its own, then `join_all`s the handles
/// (outputs in the order given).
pub mod right_conc_spawn_and_join_handles {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let handles: Vec<_> = names.into_iter().map(|name| coro::spawn(fetch(name))).collect();
        coro::join_all(handles).await
    }
}

/// RIGHT (concurrent): spawns them all first (so all run at once), then awaits the handles one
/// by one in the order of names: later handles are already done by the time they are awaited.
pub mod right_conc_spawn_then_await_in_order {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let mut handles = Vec::new();
        for name in names {
            handles.push(coro::spawn(fetch(name)));
        }
        let mut pages = Vec::with_capacity(handles.len());
        for handle in handles {
            pages.push(handle.await);
        }
        pages
    }
}

/// RIGHT (concurrent): a hand-made join on this task: polls every unfinished future with the
/// task's waker, Pending without waking itself; empty input is Ready at once.
pub mod right_conc_hand_join {
    use std::future::Future;
    use std::task::Poll;

    use std::pin::Pin;
    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let mut futures: Vec<Pin<Box<Fut>>> = names.into_iter().map(|name| Box::pin(fetch(name))).collect();
        let mut pages: Vec<Option<String>> = futures.iter().map(|_| None).collect();
        std::future::poll_fn(|cx| {
            for (future, page) in futures.iter_mut().zip(pages.iter_mut()) {
                if page.is_none() {
                    if let Poll::Ready(p) = future.as_mut().poll(cx) {
                        *page = Some(p);
                    }
                }
            }
            if pages.iter().all(Option::is_some) { Poll::Ready(()) } else { Poll::Pending }
        })
        .await;
        pages.into_iter().map(|p| p.expect("every page is in")).collect()
    }
}

/// RIGHT (concurrent): each task writes its page into slot i of a shared Vec; `join_all` on the
/// (unit) handles waits for all, then the slots are read in order.
pub mod right_conc_slots_by_index {
    use std::future::Future;
    use std::task::Poll;

    use std::cell::RefCell;
    use std::rc::Rc;
    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        let slots: Rc<RefCell<Vec<Option<String>>>> = Rc::new(RefCell::new(vec![None; names.len()]));
        let mut handles = Vec::new();
        for (i, name) in names.into_iter().enumerate() {
            let page = fetch(name);
            let slots = Rc::clone(&slots);
            handles.push(coro::spawn(async move {
                let page = page.await;
                slots.borrow_mut()[i] = Some(page);
            }));
        }
        coro::join_all(handles).await;
        let pages: Vec<String> = slots.borrow_mut().drain(..).map(|p| p.expect("joined")).collect();
        pages
    }
}

/// RIGHT (concurrent, edge): an empty fast path, then `join_all` over async blocks that call
/// `fetch` on their first poll (not up front): join_all's first poll starts them all at once.
pub mod right_conc_lazy_blocks {
    use std::future::Future;
    use std::task::Poll;

    use workbook::coro::{self, Either};

    /// Runs `a` and `b` at the same time, on this task, and returns the output
    /// of whichever finishes first (`Left` for `a`, `Right` for `b`).
    pub async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
        let mut a = std::pin::pin!(a);
        let mut b = std::pin::pin!(b);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                return Poll::Ready(Either::Left(out));
            }
            b.as_mut().poll(cx).map(Either::Right)
        })
        .await
    }

    /// Fetches every page in `names` with `fetch`, all at the same time, and
    /// returns them in the order of `names`.
    pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
    where
        F: Fn(&'static str) -> Fut,
        Fut: Future<Output = String> + 'static,
    {
        if names.is_empty() {
            return Vec::new();
        }
        let fetch = &fetch;
        coro::join_all(names.into_iter().map(move |name| async move { fetch(name).await })).await
    }
}
