// Blind answers for lesson 02 (gil): exercises merge-once and allow-threads.
// Each module stands in for the whole of lessons/02-gil/exercise.rs.
// Modules that target merge-once keep the obvious `handle`, and the other
// way round.

// ===================================================================
// merge-once: WRONG
// ===================================================================

/// WRONG (merge-once): the starting code without the todo: takes the GIL for every
/// item and works while holding it, so two threads never work at once.
pub mod wrong_merge_per_item_gil {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        for &x in items {
            let mut py = gil.acquire();
            py.total += work(x);
        }
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.requests += 1;
        page
    }
}

/// WRONG (merge-once): works without the GIL but takes it once per item to add that
/// item's result: the work overlaps, but the GIL is taken len(items) times, not once.
pub mod wrong_merge_per_item_merge {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        for &x in items {
            let value = work(x);
            gil.acquire().total += value;
        }
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.requests += 1;
        page
    }
}

/// WRONG (merge-once): merges in batches of 4 "to keep the local sum small": the GIL is
/// taken once per 4 items, so more than once whenever there are more than 4 items.
pub mod wrong_merge_batched_merge {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        for batch in items.chunks(4) {
            let mine: u64 = batch.iter().map(|&x| work(x)).sum();
            gil.acquire().total += mine;
        }
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.requests += 1;
        page
    }
}

/// WRONG (merge-once): takes the GIL once, but at the top, and holds it through the
/// whole loop: one acquisition, yet all the work runs under the GIL.
pub mod wrong_merge_hold_whole_loop {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mut py = gil.acquire();
        for &x in items {
            py.total += work(x);
        }
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.requests += 1;
        page
    }
}

/// WRONG (merge-once): sums into a local, as the hint says, but binds the guard on the
/// line before the work, so the work still runs holding the GIL.
pub mod wrong_merge_acquire_before_work {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mut py = gil.acquire();
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        py.total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.requests += 1;
        page
    }
}

/// WRONG (merge-once): borrows the other exercise's trick: acquire, work inside
/// `allow_threads`, merge. The work is GIL-free, but the GIL is taken twice (re-taking counts).
pub mod wrong_merge_allow_threads_merge {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mut py = gil.acquire();
        let mine = py.allow_threads(|| items.iter().map(|&x| work(x)).sum::<u64>());
        py.total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.requests += 1;
        page
    }
}

/// WRONG (merge-once): reads `total` under one acquisition, works, then writes
/// `before + mine` under another: another thread's merge in between is lost (and the GIL is taken twice).
pub mod wrong_merge_read_then_write {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let before = gil.acquire().total;
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total = before + mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.requests += 1;
        page
    }
}

/// WRONG (merge-once): assigns instead of adding (`total = mine`), overwriting what
/// other threads (or earlier calls) already merged.
pub mod wrong_merge_assign_total {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total = mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.requests += 1;
        page
    }
}

/// WRONG (merge-once): Python's `range(len(items) - 1)`: skips the last item (and
/// underflows, panicking, on an empty slice).
pub mod wrong_merge_drops_last {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mut mine = 0u64;
        for i in 0..items.len() - 1 {
            mine += work(items[i]);
        }
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.requests += 1;
        page
    }
}

/// WRONG (merge-once): "work is pure, don't compute twice": deduplicates the items
/// first, so a repeated item's work is added once instead of once per occurrence.
pub mod wrong_merge_dedup_items {
    use std::collections::BTreeSet;

    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let distinct: BTreeSet<u64> = items.iter().copied().collect();
        let mine: u64 = distinct.iter().map(|&x| work(x)).sum();
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.requests += 1;
        page
    }
}

/// WRONG (merge-once): folds the last item into the merge line after the guard is
/// already bound, so the last item's work runs holding the GIL.
pub mod wrong_merge_last_under_gil {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        if let Some((&last, rest)) = items.split_last() {
            let mine: u64 = rest.iter().map(|&x| work(x)).sum();
            let mut py = gil.acquire();
            py.total += mine + work(last);
        }
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.requests += 1;
        page
    }
}

// ===================================================================
// merge-once: RIGHT
// ===================================================================

/// RIGHT (merge-once): one statement. With primitive operands, `a += b` evaluates `b`
/// first, so all the work runs before `gil.acquire()` on the left is even called.
pub mod right_merge_one_statement {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        gil.acquire().total += items.iter().map(|&x| work(x)).sum::<u64>();
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.requests += 1;
        page
    }
}

/// RIGHT (merge-once): wrapping fold into a local, then one acquisition and a
/// wrapping merge (as the lesson's own work_without_gil does).
pub mod right_merge_wrapping_fold {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mine = items.iter().fold(0u64, |acc, &x| acc.wrapping_add(work(x)));
        let mut py = gil.acquire();
        py.total = py.total.wrapping_add(mine);
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.requests += 1;
        page
    }
}

/// RIGHT (merge-once): an explicit loop over the items in reverse (the order of work
/// is not promised), then the guard lives only inside a block for the merge.
pub mod right_merge_reverse_loop_block {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mut mine = 0u64;
        for &x in items.iter().rev() {
            mine += work(x);
        }
        {
            let mut py = gil.acquire();
            py.total += mine;
        }
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.requests += 1;
        page
    }
}

/// RIGHT (merge-once, edge): with no items there is nothing to merge, so it does not
/// take the GIL at all (zero acquisitions); otherwise exactly one.
pub mod right_merge_skip_empty {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        if items.is_empty() {
            return;
        }
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.requests += 1;
        page
    }
}

// ===================================================================
// allow-threads: WRONG
// ===================================================================

/// WRONG (allow-threads): the starting code without the todo: fetches with the GIL
/// held, so no other thread can run during the fetch.
pub mod wrong_allow_fetch_with_gil {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = fetch(url);
        py.requests += 1;
        page
    }
}

/// WRONG (allow-threads): releases the GIL around nothing, "to let the others run
/// first" (like Python's sleep(0)), then fetches with the GIL held.
pub mod wrong_allow_yield_then_fetch {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        py.allow_threads(|| ());
        let page = fetch(url);
        py.requests += 1;
        page
    }
}

/// WRONG (allow-threads): wraps the fetch in allow_threads but ignores its value and
/// fetches again with the GIL held to get the page: two fetches, the second under the GIL.
pub mod wrong_allow_fetch_twice {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        py.allow_threads(|| fetch(url));
        let page = fetch(url);
        py.requests += 1;
        page
    }
}

/// WRONG (allow-threads): runs the fetch on a scoped helper thread and joins it, but
/// never releases the GIL: the caller holds it for the whole wait.
pub mod wrong_allow_helper_thread {
    use std::thread;

    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = thread::scope(|s| s.spawn(move || fetch(url)).join().expect("fetch does not panic"));
        py.requests += 1;
        page
    }
}

/// WRONG (allow-threads): releases the GIL for the fetch but forgets to count the
/// request: `py.requests` never changes.
pub mod wrong_allow_no_count {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        py.allow_threads(|| fetch(url))
    }
}

/// WRONG (allow-threads): counts the request both when it arrives and when it is
/// done, so each request adds 2 to `py.requests`.
pub mod wrong_allow_count_twice {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        py.requests += 1;
        let page = py.allow_threads(|| fetch(url));
        py.requests += 1;
        page
    }
}

/// WRONG (allow-threads): `py.requests = 1` instead of `+= 1`: the count never
/// goes past one however many requests are handled.
pub mod wrong_allow_assign_one {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.requests = 1;
        page
    }
}

/// WRONG (allow-threads): counts into the wrong field of the interpreter
/// (`py.total` instead of `py.requests`).
pub mod wrong_allow_counts_total {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        py.total += 1;
        page
    }
}

/// WRONG (allow-threads): treats page 0 as "no page" and does not count that request,
/// though every request handled must be counted.
pub mod wrong_allow_skips_zero_page {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(|| fetch(url));
        if page != 0 {
            py.requests += 1;
        }
        page
    }
}

/// WRONG (allow-threads): retries once when the page comes back 0 ("empty, try
/// again"): a request whose page is 0 is fetched twice.
pub mod wrong_allow_retry_on_zero {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let mut page = py.allow_threads(|| fetch(url));
        if page == 0 {
            page = py.allow_threads(|| fetch(url));
        }
        py.requests += 1;
        page
    }
}

// ===================================================================
// allow-threads: RIGHT
// ===================================================================

/// RIGHT (allow-threads): the hint's shape, with a `move` closure and the state
/// reached through an explicit `&mut **py` after the GIL is back.
pub mod right_allow_explicit_deref {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page = py.allow_threads(move || fetch(url));
        let state: &mut Interpreter = &mut **py;
        state.requests += 1;
        page
    }
}

/// RIGHT (allow-threads, edge): counts the request on arrival, while it already holds
/// the GIL, then releases it only for the fetch; the count after the call is the same.
pub mod right_allow_count_first {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        py.requests += 1;
        py.allow_threads(|| fetch(url))
    }
}

/// RIGHT (allow-threads): a named closure handed to allow_threads, and a checked
/// increment (a u64 counter cannot realistically overflow, but says so if it does).
pub mod right_allow_named_closure_checked {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let download = || fetch(url);
        let page = py.allow_threads(download);
        py.requests = py.requests.checked_add(1).expect("fewer than 2^64 requests");
        page
    }
}

/// RIGHT (allow-threads): returns through a block that counts and yields the page,
/// the fetch result bound inside the allow_threads call.
pub mod right_allow_block_tail {
    use workbook::lessons::gil::{Gil, GilGuard, Interpreter};

    pub fn sum_work(gil: &Gil<Interpreter>, items: &[u64], work: &(dyn Fn(u64) -> u64 + Sync)) {
        let mine: u64 = items.iter().map(|&x| work(x)).sum();
        gil.acquire().total += mine;
    }

    pub fn handle(py: &mut GilGuard<'_, Interpreter>, url: u64, fetch: &(dyn Fn(u64) -> u64 + Sync)) -> u64 {
        let page: u64 = py.allow_threads(|| {
            let body = fetch(url);
            body
        });
        {
            py.requests += 1;
        }
        page
    }
}
