//! Lesson 11 exercises. Edit the code below, delete the `todo!()`s, then
//! run `just check async` (or `cargo test`). Stuck? `just hint async`.

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
        // TODO: poll `a`, then `b` (`a.as_mut().poll(cx)`), and be ready
        // with the first output there is. Pending only if both are.
        todo!("async/race: poll both")
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
    // TODO: this waits for each page before it asks for the next, like
    // C4's synchronous version. Start them all, then wait for them all.
    let mut pages = Vec::new();
    for name in names {
        pages.push(fetch(name).await);
    }
    todo!("async/concurrent: fetch at the same time");
    pages
}
// ANCHOR_END: concurrent
