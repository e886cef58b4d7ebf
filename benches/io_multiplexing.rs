//! Lesson 12's measurement, the seed's central claim: what one wait costs
//! when one descriptor is ready and N others are idle. select and poll
//! hand the kernel all N + 1 on every call and it checks each; epoll has
//! them registered already and hands back the one that is ready.
//!
//! `UPDATE_PLOT=1 cargo bench --bench io_multiplexing` also redraws the
//! book's plot, `book/src/generated/io-multiplexing-wait.svg`.

use std::hint::black_box;
use std::io::Write;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};
use std::os::unix::net::{UnixDatagram, UnixStream};
use std::path::PathBuf;

use plotters::prelude::*;
use workbook::io::{Backend, Interest, Waiter};
use workbook::lessons::io_multiplexing::allow_descriptors;
use workbook::measure::{Bench, Bound};

mod common;
use common::report;

/// Idle descriptors beside the ready one.
const IDLE: [usize; 7] = [10, 30, 100, 300, 1_000, 3_000, 9_000];

/// The three ways to wait that the claim compares.
const BACKENDS: [Backend; 3] = [Backend::Select, Backend::Poll, Backend::Epoll];

/// One ready socket (a byte waits in it, never read) and a pool of idle
/// sockets nothing is ever sent to. Each N watches the first N of the
/// pool, so the small sets all sit below descriptor 1024, where select
/// can watch them.
struct Fds {
    ready: (UnixStream, UnixStream),
    idle: Vec<UnixDatagram>,
}

impl Fds {
    fn new(idle: usize) -> Fds {
        let (a, mut b) = UnixStream::pair().expect("a socket pair");
        b.write_all(b"!").expect("one byte");
        let idle = (0..idle).map(|_| UnixDatagram::unbound().expect("a socket")).collect();
        Fds { ready: (a, b), idle }
    }

    /// The ready socket and `n` idle ones.
    fn watched(&self, n: usize) -> Vec<(BorrowedFd<'_>, Interest)> {
        std::iter::once(self.ready.0.as_fd())
            .chain(self.idle[..n].iter().map(AsFd::as_fd))
            .map(|fd| (fd, Interest::READ))
            .collect()
    }
}

/// Waits `waits` times (each returns at once: one socket is ready).
fn waits(waiter: &mut Waiter, watched: &[(BorrowedFd<'_>, Interest)], waits: usize) {
    let mut ready = Vec::new();
    for _ in 0..waits {
        waiter.wait(watched, None, &mut ready).expect("a wait");
        assert_eq!(ready.len(), 1, "one ready socket");
        black_box(&ready);
    }
}

/// Cost per wait in µs, per backend, for each N in IDLE (None where select
/// cannot go).
type Curves = Vec<(Backend, Vec<(usize, f64)>)>;

fn main() {
    let most = IDLE[IDLE.len() - 1];
    allow_descriptors(most as u64 + 256).expect("room for the idle sockets");
    let mut bench = Bench::new("io-multiplexing: one wait, one ready descriptor and N idle ones", 9);
    // Every set of sockets at once, and every variant's samples
    // interleaved: a machine that slows down halfway slows every N alike.
    let fds = Fds::new(most);
    let lists: Vec<Vec<(BorrowedFd<'_>, Interest)>> = IDLE.iter().map(|&n| fds.watched(n)).collect();
    let mut cases: Vec<(Backend, usize, usize, Waiter)> = Vec::new();
    for (watched, &n) in lists.iter().zip(&IDLE) {
        let highest = watched.iter().map(|(fd, _)| fd.as_raw_fd()).max().unwrap_or(0);
        for backend in BACKENDS {
            if backend == Backend::Select && highest >= 1024 {
                continue;
            }
            let mut waiter = Waiter::new(backend).expect("a waiter");
            for &(fd, interest) in watched {
                waiter.add(fd, interest).expect("registered");
            }
            // Enough waits per sample for several milliseconds: epoll's
            // cost does not depend on N, select's and poll's do.
            let count =
                if backend == Backend::Epoll { 20_000 } else { (400_000 / (n + 100)).clamp(20, 4_000) };
            cases.push((backend, n, count, waiter));
        }
    }
    let labels: Vec<String> =
        cases.iter().map(|(b, n, _, _)| format!("{:<6} N = {n:>5}", b.code())).collect();
    let shape: Vec<(Backend, usize, usize)> = cases.iter().map(|&(b, n, count, _)| (b, n, count)).collect();
    let mut runs: Vec<Box<dyn FnMut() + '_>> = cases
        .iter_mut()
        .map(|(_, n, count, waiter)| {
            let watched = &lists[IDLE.iter().position(|m| m == n).expect("one of IDLE")];
            let count = *count;
            Box::new(move || waits(waiter, watched, count)) as Box<dyn FnMut()>
        })
        .collect();
    let mut variants: Vec<(&str, &mut dyn FnMut())> = labels
        .iter()
        .map(String::as_str)
        .zip(runs.iter_mut().map(|r| &mut **r as &mut dyn FnMut()))
        .collect();
    let times = bench.time_interleaved(&mut variants);
    let mut curves: Curves = BACKENDS.iter().map(|&b| (b, Vec::new())).collect();
    for ((backend, n, count), t) in shape.into_iter().zip(times) {
        let curve = curves.iter_mut().find(|(b, _)| *b == backend).expect("a curve per backend");
        curve.1.push((n, t * 1e6 / count as f64));
    }
    for (backend, points) in &curves {
        let line: Vec<String> = points.iter().map(|(n, us)| format!("{n}: {us:.2}")).collect();
        bench.note(format!("µs per wait, {}: {}", backend.code(), line.join(", ")));
    }
    let growth = |b: Backend| {
        let points = &curves.iter().find(|(c, _)| *c == b).expect("measured").1;
        let (first, last) = (points[0], points[points.len() - 1]);
        (last.1 / first.1, last.0)
    };
    let (epoll, _) = growth(Backend::Epoll);
    let (poll, poll_n) = growth(Backend::Poll);
    let (select, select_n) = growth(Backend::Select);
    let flat = curves[2].1.iter().map(|p| p.1).fold(0.0, f64::max)
        / curves[2].1.iter().map(|p| p.1).fold(f64::MAX, f64::min);
    bench.claim(
        &format!("epoll: slowest / fastest wait, N = {} … {}", IDLE[0], IDLE[IDLE.len() - 1]),
        flat,
        Bound::AtMost(1.3),
    );
    bench.note(format!("epoll: N = {} against N = {}: {epoll:.2}×", IDLE[IDLE.len() - 1], IDLE[0]));
    bench.claim(&format!("poll: N = {poll_n} against N = {}", IDLE[0]), poll, Bound::AtLeast(100.0));
    bench.claim(
        &format!("select: N = {select_n} (its limit) against N = {}", IDLE[0]),
        select,
        Bound::AtLeast(10.0),
    );
    let svg = plot(&curves);
    bench.note(format!("plot: {}", svg.display()));
    report(bench);
}

/// Draws the curves, log-log, into target/ (and into the book with
/// `UPDATE_PLOT=1`). Returns where.
fn plot(curves: &Curves) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let path = if std::env::var_os("UPDATE_PLOT").is_some() {
        root.join("book/src/generated/io-multiplexing-wait.svg")
    } else {
        root.join("target/io-multiplexing-wait.svg")
    };
    let max = curves.iter().flat_map(|(_, p)| p.iter().map(|q| q.1)).fold(1.0, f64::max);
    let min = curves.iter().flat_map(|(_, p)| p.iter().map(|q| q.1)).fold(f64::MAX, f64::min);
    let drawn = path.clone();
    let area = SVGBackend::new(&drawn, (720, 440)).into_drawing_area();
    area.fill(&WHITE).expect("draw");
    let mut chart = ChartBuilder::on(&area)
        .caption("One wait: 1 ready descriptor, N idle", ("sans-serif", 20))
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d((5f64..15_000f64).log_scale(), (min / 2.0..max * 2.0).log_scale())
        .expect("axes");
    chart
        .configure_mesh()
        .label_style(("sans-serif", 13))
        .axis_desc_style(("sans-serif", 15))
        .x_desc("idle descriptors watched (N)")
        .y_desc("µs per wait")
        .draw()
        .expect("mesh");
    for ((backend, points), colour) in curves.iter().zip([RED, BLUE, GREEN]) {
        let series: Vec<(f64, f64)> = points.iter().map(|&(n, us)| (n as f64, us)).collect();
        chart
            .draw_series(LineSeries::new(series.clone(), colour.stroke_width(2)))
            .expect("line")
            .label(backend.code())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], colour.stroke_width(2)));
        chart.draw_series(series.into_iter().map(|p| Circle::new(p, 3, colour.filled()))).expect("points");
    }
    chart
        .configure_series_labels()
        .label_font(("sans-serif", 15))
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE)
        .border_style(BLACK)
        .draw()
        .expect("legend");
    area.present().expect("write the SVG");
    drop(chart);
    drop(area);
    path
}
