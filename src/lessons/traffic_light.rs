//! Lesson 06, traffic-light: acting on what you saw. Ports E1 and E2.
//!
//! The Python original runs a light thread that cycles green (10 ticks),
//! yellow (3) and red (7), with a `threading.Event` that is set while cars
//! may go; car threads check the event and wait on it. Here the light is a
//! [`Light`] built on our [`Event`], a crossing is a point named `crosses`
//! that records the colour the light shows at that moment, and the outcome
//! counts the crossings made on red.
//!
//! - [`Version::Glance`] (E2): the car glances at the light
//!   ([`Event::is_set`]), drives up to the line, and goes if it saw green.
//!   The light can turn red between the glance and the crossing: the
//!   *check-then-act gap*. A script forces it; random schedules and the OS
//!   find it too.
//! - [`Version::WaitThenGo`] (E1): the car waits for green ([`Event::wait`])
//!   and then goes. It never goes on a red it saw, but `wait` only says the
//!   light *was* green: the gap is shorter, not gone, and the same script
//!   still puts a crossing on red.
//! - [`Version::Hold`]: the car crosses inside [`Event::wait_then`], with
//!   the event's lock held, so the light cannot turn red until it is
//!   across: no red crossing under any schedule, and the script that breaks
//!   the other two cannot even run.

use std::sync::Mutex as StdMutex;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::thread;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::sched::{self, Schedule, ScheduleError};
use crate::sync::Event;
use crate::trace::{Trace, Value};

/// What the light shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colour {
    /// Go. The event is set.
    Green,
    /// Go if you must: the event is still set, as in the Python original.
    Yellow,
    /// Stop. The event is clear.
    Red,
}

impl Colour {
    /// `green`, `yellow`, `red`.
    pub fn name(self) -> &'static str {
        match self {
            Colour::Green => "green",
            Colour::Yellow => "yellow",
            Colour::Red => "red",
        }
    }

    /// How many ticks the light stays this colour (Python: 10, 3, 7 seconds).
    pub fn ticks(self) -> u32 {
        match self {
            Colour::Green => 10,
            Colour::Yellow => 3,
            Colour::Red => 7,
        }
    }

    fn from_u8(v: u8) -> Colour {
        match v {
            0 => Colour::Green,
            1 => Colour::Yellow,
            _ => Colour::Red,
        }
    }
}

/// What the lesson's threads do, as they do it: what a live display shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sight {
    /// The light turned to this colour.
    Turns(Colour),
    /// Car `car` (0 = A) crossed while the light showed `on`.
    Crosses {
        /// Which car.
        car: usize,
        /// The colour at that moment.
        on: Colour,
    },
}

/// A traffic light: an [`Event`] that is set while cars may go (green and
/// yellow) and clear on red, and the colour it shows. It starts green.
///
/// The colour changes in the order that keeps the two consistent for
/// anyone holding the event's lock: red is shown only after the event is
/// cleared, and green before it is set. So while the flag is set *and* the
/// lock is held, the light cannot show red.
#[derive(Debug)]
pub struct Light {
    go: Event,
    /// What the light shows: a std atomic, read by [`Light::colour`] to judge
    /// a crossing. It measures; it is not part of the lesson's protocol.
    shown: AtomicU8,
    running: AtomicBool,
    tick: Duration,
}

impl Light {
    /// A green light whose colours last [`Colour::ticks`] ticks of `tick`.
    pub fn new(tick: Duration) -> Self {
        let go = Event::new();
        go.set();
        Light { go, shown: AtomicU8::new(Colour::Green as u8), running: AtomicBool::new(true), tick }
    }

    /// The colour the light shows now.
    pub fn colour(&self) -> Colour {
        Colour::from_u8(self.shown.load(Ordering::SeqCst))
    }

    /// The event cars look at: set on green and yellow.
    pub fn event(&self) -> &Event {
        &self.go
    }

    /// True until the light has finished its cycles (and stays green).
    pub fn running(&self) -> bool {
        self.running.load(Ordering::SeqCst)
    }

    fn show(&self, colour: Colour, watch: &Watch<'_>) {
        sched::point("turns", || {
            self.shown.store(colour as u8, Ordering::SeqCst);
            colour.name()
        });
        watch(Sight::Turns(colour));
    }

    fn stay(&self, colour: Colour) {
        sched::sleep(self.tick * colour.ticks());
    }

    // ANCHOR: light
    /// The light thread: `cycles` times green, yellow, red, and back to green,
    /// where it stays so that every waiting car gets through.
    pub fn cycle(&self, cycles: usize, watch: &Watch<'_>) {
        for _ in 0..cycles {
            self.stay(Colour::Green);
            self.show(Colour::Yellow, watch); // still set: cars may go
            self.stay(Colour::Yellow);
            self.go.clear(); // first stop the cars that ask...
            self.show(Colour::Red, watch); // ...then show red
            self.stay(Colour::Red);
            self.show(Colour::Green, watch); // show green...
            self.go.set(); // ...then let the waiting cars go
        }
        self.running.store(false, Ordering::SeqCst);
    }
    // ANCHOR_END: light

    /// A crossing: a point named `crosses` that records the colour shown.
    fn cross(&self, car: usize, watch: &Watch<'_>) -> Colour {
        let on = sched::point_shown("crosses", || self.colour(), |c| Value::Text(format!("on {}", c.name())));
        watch(Sight::Crosses { car, on });
        on
    }
}

/// Sees what happens, as it happens (the binary prints it; runs that only
/// count pass [`unwatched`]).
pub type Watch<'a> = dyn Fn(Sight) + Sync + 'a;

/// A [`Watch`] that looks away.
pub fn unwatched(_: Sight) {}

// ANCHOR: glance
/// E2: glance at the light, drive up to the line (2 to 6 ticks), go if it
/// was green.
fn glance(light: &Light, car: usize, rng: &mut StdRng, watch: &Watch<'_>) -> Option<Colour> {
    let green = light.event().is_set(); // the check...
    sched::sleep(light.tick * rng.random_range(2..=6)); // ...the gap...
    green.then(|| light.cross(car, watch)) // ...the act, on what was seen
}
// ANCHOR_END: glance

// ANCHOR: wait-then-go
/// E1: wait for green, then go. No red is ever *seen*, but the light can
/// change between `wait` returning and the crossing.
fn wait_then_go(light: &Light, car: usize, watch: &Watch<'_>) -> Colour {
    light.event().wait();
    light.cross(car, watch)
}
// ANCHOR_END: wait-then-go

// ANCHOR: hold
/// Fixed: cross inside `wait_then`, which holds the event's lock while the
/// flag is set. `clear` needs that lock, so the light stays green (or
/// yellow) until the car is across.
fn hold(light: &Light, car: usize, watch: &Watch<'_>) -> Colour {
    light.event().wait_then(|| light.cross(car, watch))
}
// ANCHOR_END: hold

/// The three cars.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// E2: acts on a glance taken a moment ago.
    Glance,
    /// E1: waits for green, then goes.
    WaitThenGo,
    /// Crosses while holding the light green.
    Hold,
}

impl Version {
    /// The versions that can cross on red.
    pub const WRONG: [Version; 2] = [Version::Glance, Version::WaitThenGo];

    /// A short name for output.
    pub fn name(self) -> &'static str {
        match self {
            Version::Glance => "wrong: glances at the light, then drives up and goes (E2)",
            Version::WaitThenGo => "wrong, rarely: waits for green, then goes (E1)",
            Version::Hold => "fixed: waits for green and crosses while holding it (Event::wait_then)",
        }
    }

    /// What a car of this version does, in a few words: `glance, then drive up`.
    pub fn does(self) -> &'static str {
        match self {
            Version::Glance => "glance, then drive up",
            Version::WaitThenGo => "wait for green, then go",
            Version::Hold => "cross holding the light green",
        }
    }

    /// The cars of this version, in a few words: `glancing cars`.
    pub fn cars(self) -> &'static str {
        match self {
            Version::Glance => "glancing cars",
            Version::WaitThenGo => "cars that wait, then go",
            Version::Hold => "cars that hold the light",
        }
    }

    /// One approach to the light: the colour it crossed on, or `None` if it
    /// saw red and drove on around the block.
    fn approach(self, light: &Light, car: usize, rng: &mut StdRng, watch: &Watch<'_>) -> Option<Colour> {
        match self {
            Version::Glance => glance(light, car, rng, watch),
            Version::WaitThenGo => Some(wait_then_go(light, car, watch)),
            Version::Hold => Some(hold(light, car, watch)),
        }
    }
}

/// The size of a run.
#[derive(Clone, Copy, Debug)]
pub struct Setup {
    /// How many times the light goes green, yellow, red.
    pub cycles: usize,
    /// How long a tick lasts in real time (under a controlled schedule
    /// nobody sleeps, and a wait is one step).
    pub tick: Duration,
    /// Seeds how long each car drives around the block (1 to 8 ticks).
    pub seed: u64,
}

impl Setup {
    /// The default run: 2 cycles, a 1 ms tick, seed 1.
    pub fn new() -> Self {
        Setup { cycles: 2, tick: Duration::from_millis(1), seed: 1 }
    }
}

impl Default for Setup {
    fn default() -> Self {
        Self::new()
    }
}

/// One crossing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Crossing {
    /// Which car (0 = A).
    pub car: usize,
    /// The colour the light showed.
    pub on: Colour,
}

/// What one run did.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// Every crossing, in the order they happened.
    pub crossings: Vec<Crossing>,
    /// What each thread did; crossings on red are marked.
    pub trace: Trace,
}

impl Outcome {
    /// Crossings made while the light showed red.
    pub fn on_red(&self) -> usize {
        self.crossings.iter().filter(|c| c.on == Colour::Red).count()
    }
}

/// The mark on a crossing made on red.
pub const RAN_THE_RED: &str = "ran the red light";

/// Cars of the given versions (A, B, … in order) drive around the block
/// and through the light while it runs its cycles, under `schedule`; the
/// light is the thread named `light`, and starts first in the cast.
///
/// # Errors
///
/// When the schedule cannot be followed (see [`Schedule::finish`]).
pub fn drive(
    cars: &[Version],
    setup: Setup,
    schedule: Schedule,
    watch: &Watch<'_>,
) -> Result<Outcome, ScheduleError> {
    let light = Light::new(setup.tick);
    let crossings = StdMutex::new(Vec::new());
    // Every actor joins before any thread starts, so that round-robin and
    // random schedules know the whole cast from the first step.
    let light_actor = schedule.actor("light");
    let car_actors: Vec<_> = sched::names(cars.len()).into_iter().map(|n| schedule.actor(n)).collect();
    thread::scope(|s| {
        let light = &light;
        s.spawn(move || light_actor.run(|| light.cycle(setup.cycles, watch)));
        for (car, (actor, &version)) in car_actors.into_iter().zip(cars).enumerate() {
            let crossings = &crossings;
            s.spawn(move || {
                actor.run(|| {
                    let mut rng = StdRng::seed_from_u64(setup.seed.wrapping_add(car as u64));
                    while light.running() {
                        sched::sleep(setup.tick * rng.random_range(1..=8)); // around the block
                        if let Some(on) = version.approach(light, car, &mut rng, watch) {
                            crossings.lock().expect("no panics while pushing").push(Crossing { car, on });
                        }
                    }
                });
            });
        }
    });
    let mut trace = schedule.finish()?;
    mark_red_crossings(&mut trace);
    let crossings = crossings.into_inner().expect("no panics while pushing");
    Ok(Outcome { crossings, trace })
}

/// `cars` cars of one version: see [`drive`].
///
/// # Errors
///
/// When the schedule cannot be followed.
pub fn run(
    version: Version,
    cars: usize,
    setup: Setup,
    schedule: Schedule,
) -> Result<Outcome, ScheduleError> {
    drive(&vec![version; cars], setup, schedule, &unwatched)
}

/// Marks every crossing made on red.
pub fn mark_red_crossings(trace: &mut Trace) {
    for e in &mut trace.events {
        if e.label == "crosses" && e.value == Value::Text("on red".into()) {
            e.mark = Some(RAN_THE_RED.into());
        }
    }
}

/// The worst case, as the first steps of a script
/// ([`Schedule::then_round_robin`] finishes the run): every car sees green,
/// the light turns yellow and then red, and only then does every car
/// cross. It runs for [`Version::Glance`] and [`Version::WaitThenGo`]; for
/// [`Version::Hold`] it cannot, because the light's `clear` waits for the
/// lock the car holds.
pub fn red_script(version: Version, cars: usize) -> Vec<String> {
    let looks: &[&str] = match version {
        Version::Glance => &["sleeps", "reads", "sleeps"], // around, glance, drive up
        Version::WaitThenGo => &["sleeps", "reads"],       // around, wait (sees green at once)
        Version::Hold => &["sleeps", "locks", "reads"],    // around, wait_then (holds the lock)
    };
    let names = sched::names(cars);
    let mut steps: Vec<String> =
        names.iter().flat_map(|car| looks.iter().map(move |step| format!("{car} {step}"))).collect();
    steps.extend(
        ["sleeps", "turns", "sleeps", "locks", "writes", "unlocks", "turns"]
            .map(|step| format!("light {step}")),
    );
    steps.extend(names.iter().map(|car| format!("{car} crosses")));
    steps
}

/// The worst-case schedule for `version`: [`red_script`] then round-robin,
/// or round-robin alone for [`Version::Hold`], where the script cannot run.
pub fn worst(version: Version, cars: usize) -> Schedule {
    match version {
        Version::Hold => Schedule::round_robin(),
        _ => Schedule::script(red_script(version, cars)).then_round_robin(),
    }
}

/// Many runs of one version, summed up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// How many runs.
    pub runs: usize,
    /// Crossings over all runs.
    pub crossings: usize,
    /// Of which on red.
    pub on_red: usize,
    /// Runs with at least one crossing on red.
    pub bad_runs: usize,
}

impl Tally {
    /// Adds one run.
    pub fn add(&mut self, outcome: &Outcome) {
        let on_red = outcome.on_red();
        self.runs += 1;
        self.crossings += outcome.crossings.len();
        self.on_red += on_red;
        self.bad_runs += usize::from(on_red > 0);
    }

    /// `3 of 41 crossings on red, in 2/10 runs`.
    pub fn summary(&self) -> String {
        let mut text = format!("{} of {} crossings on red", self.on_red, self.crossings);
        if self.on_red > 0 {
            text.push_str(&format!(", in {}/{} runs", self.bad_runs, self.runs));
        }
        text
    }
}

/// Runs `version` `runs` times, the `i`th run under `schedule(i)`, the
/// cars' driving seeded with `setup.seed + i`.
///
/// # Errors
///
/// The first schedule that could not be followed.
pub fn tally(
    version: Version,
    cars: usize,
    setup: Setup,
    runs: usize,
    schedule: impl Fn(usize) -> Schedule,
) -> Result<Tally, ScheduleError> {
    let seeded = |i: usize| (schedule(i), Setup { seed: setup.seed.wrapping_add(i as u64), ..setup });
    super::tally_runs(runs, seeded, |(schedule, setup)| run(version, cars, setup, schedule), Tally::add)
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn the_script_sees_green_turns_red_then_crosses() {
        let steps = red_script(Version::WaitThenGo, 2);
        assert_eq!(steps[..4], ["A sleeps", "A reads", "B sleeps", "B reads"]);
        assert_eq!(steps[steps.len() - 3..], ["light turns", "A crosses", "B crosses"]);
    }

    #[test]
    fn colours_round_trip() {
        for c in [Colour::Green, Colour::Yellow, Colour::Red] {
            assert_eq!(Colour::from_u8(c as u8), c);
        }
    }
}
