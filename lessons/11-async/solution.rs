//! Lesson 11: the reference solutions. `cargo test --features solutions`
//! checks them with the same checks as the exercises.

use std::future::Future;
use std::task::Poll;

use workbook::coro::{self, Either};

// ANCHOR: race
/// Runs `a` and `b` at the same time, on this task, and returns the output
/// of whichever finishes first (`Left` for `a`, `Right` for `b`). The
/// other is dropped, which cancels what it was waiting for (asyncio's
/// `wait(..., return_when=FIRST_COMPLETED)`, tokio's `select!`).
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
// ANCHOR_END: race

// ANCHOR: concurrent
/// Fetches every page in `names` with `fetch`, all at the same time, and
/// returns them in the order of `names`.
pub async fn fetch_all<F, Fut>(names: Vec<&'static str>, fetch: F) -> Vec<String>
where
    F: Fn(&'static str) -> Fut,
    Fut: Future<Output = String> + 'static,
{
    let tasks: Vec<_> = names.into_iter().map(|name| coro::spawn(fetch(name))).collect();
    coro::join_all(tasks).await
}
// ANCHOR_END: concurrent
