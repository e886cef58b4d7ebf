//! A manager: one process owns a dict and a list; others use them through
//! requests over a Unix domain socket (Python's `multiprocessing.Manager`).
//!
//! Each request is served whole under the store's lock, so each one is
//! atomic. A *sequence* of requests is not: a client that gets a counter and
//! then sets it to one more can lose another client's update in between,
//! exactly as threads did in lesson 03. The cure is a request that does the
//! read-modify-write on the manager: [`Request::Update`].
//!
//! The server caps what a client can cost it: frames up to
//! [`MAX_FRAME`](super::frame::MAX_FRAME), at most [`MAX_CLIENTS`]
//! connections at once. A request that is not a request gets an error
//! reply; a client that vanishes, or sends a frame that cannot be read, is
//! dropped; the others are not disturbed.

use std::collections::BTreeMap;
use std::io;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::ExitStatus;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::{Child, Error, JoinError, Pipe, Program, points};
use crate::trace::Value;

/// The most clients a manager serves at once; one more is told so and
/// closed.
pub const MAX_CLIENTS: usize = 64;

/// The worker role that runs a manager.
pub const ROLE: &str = "manager";

/// What a client asks.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Request {
    /// `d[key]`: the value, if any.
    Get(String),
    /// `d[key] = value`.
    Set(String, Json),
    /// `del d[key]` (nothing if there is no such key).
    Remove(String),
    /// `d[key] += add`, on the manager, in one step: the new value. A
    /// missing key counts as 0.
    Update(String, i64),
    /// `l.append(value)`.
    Append(Json),
    /// A copy of the whole dict.
    Dict,
    /// A copy of the whole list.
    List,
}

/// The manager's answer.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Reply {
    /// For `Get`.
    Value(Option<Json>),
    /// For `Update`: the value before and after.
    Updated(i64, i64),
    /// For `Set` and `Append`.
    Done,
    /// For `Dict`.
    Dict(BTreeMap<String, Json>),
    /// For `List`.
    List(Vec<Json>),
    /// The request could not be served.
    Error(String),
}

/// What a manager owns.
#[derive(Debug, Default)]
pub struct Store {
    dict: BTreeMap<String, Json>,
    list: Vec<Json>,
}

impl Store {
    // ANCHOR: serve
    /// Serves one request. The caller holds the store's lock for the whole
    /// call, so `Update`'s read and write cannot be split by another client.
    pub fn serve(&mut self, request: Request) -> Reply {
        match request {
            Request::Get(key) => Reply::Value(self.dict.get(&key).cloned()),
            Request::Set(key, value) => {
                self.dict.insert(key, value);
                Reply::Done
            }
            Request::Remove(key) => {
                self.dict.remove(&key);
                Reply::Done
            }
            Request::Update(key, add) => {
                let old = match self.dict.get(&key) {
                    None => 0,
                    Some(v) => match v.as_i64() {
                        Some(n) => n,
                        None => return Reply::Error(format!("{key} holds {v}, not an integer")),
                    },
                };
                let Some(new) = old.checked_add(add) else {
                    return Reply::Error(format!("{key}: {old} + {add} overflows"));
                };
                self.dict.insert(key, new.into());
                Reply::Updated(old, new)
            }
            Request::Append(value) => {
                self.list.push(value);
                Reply::Done
            }
            Request::Dict => Reply::Dict(self.dict.clone()),
            Request::List => Reply::List(self.list.clone()),
        }
    }
    // ANCHOR_END: serve
}

/// Runs a manager on a Unix socket at `path`, until `control` (the parent's
/// pipe) closes. Says `"ready"` on `control` once it is listening.
///
/// # Errors
///
/// When the socket cannot be bound, or the parent cannot be told.
pub fn run_server(path: &Path, mut control: Pipe) -> Result<(), Error> {
    let listener = UnixListener::bind(path)?;
    let store = Arc::new(Mutex::new(Store::default()));
    let clients = Arc::new(AtomicUsize::new(0));
    thread::Builder::new().name("accept".into()).spawn(move || {
        for stream in listener.incoming().flatten() {
            let (store, clients) = (Arc::clone(&store), Arc::clone(&clients));
            if clients.fetch_add(1, Relaxed) >= MAX_CLIENTS {
                clients.fetch_sub(1, Relaxed);
                let busy = Reply::Error(format!("busy: {MAX_CLIENTS} clients already"));
                let _ = stream.try_clone().map(|s| Pipe::new(s, stream).send(&busy));
                continue;
            }
            let serve = move || {
                if let Ok(reader) = stream.try_clone() {
                    serve_client(&mut Pipe::new(reader, stream), &store);
                }
                clients.fetch_sub(1, Relaxed);
            };
            // A client we cannot give a thread is simply not served.
            let _ = thread::Builder::new().name("client".into()).spawn(serve);
        }
    })?;
    control.send("ready")?;
    // The parent closes the pipe (or dies): time to go.
    while control.recv::<Json>().is_ok() {}
    let _ = std::fs::remove_file(path);
    Ok(())
}

/// Serves one client until it leaves, vanishes or sends a frame that
/// cannot be read.
fn serve_client(client: &mut Pipe, store: &Mutex<Store>) {
    loop {
        let reply = match client.recv::<Request>() {
            Ok(request) => store.lock().unwrap_or_else(PoisonError::into_inner).serve(request),
            // The frame was whole, so the stream is still in step: say why
            // and go on.
            Err(Error::Decode(e)) => Reply::Error(format!("not a request: {e}")),
            Err(Error::Frame(e)) => {
                // Out of step with the stream: say why and hang up.
                let _ = client.send(&Reply::Error(e.to_string()));
                return;
            }
            Err(_) => return,
        };
        if client.send(&reply).is_err() {
            return;
        }
    }
}

/// A manager process we started, and where it listens.
#[derive(Debug)]
pub struct Manager {
    /// `None` only inside `shutdown`.
    child: Option<Child>,
    path: PathBuf,
}

impl Manager {
    /// Starts a manager process (`program worker manager <socket>`) and
    /// waits until it listens.
    ///
    /// # Errors
    ///
    /// When it cannot be started, or dies before it is ready.
    pub fn start(program: &Program) -> Result<Manager, Error> {
        let path = super::scratch("manager.sock");
        let _ = std::fs::remove_file(&path);
        let mut child = program.spawn("manager", ROLE, [&path])?;
        match child.pipe().recv::<String>()? {
            ready if ready == "ready" => Ok(Manager { child: Some(child), path }),
            other => Err(Error::Remote(format!("the manager said {other:?}, not ready"))),
        }
    }

    /// The socket it listens on: what client processes connect to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A connection to it.
    ///
    /// # Errors
    ///
    /// When it cannot be reached.
    pub fn connect(&self) -> io::Result<Client> {
        Client::connect(&self.path)
    }

    /// Its process id.
    pub fn id(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// Tells it to stop (closes its pipe) and waits for it, at most `limit`.
    ///
    /// # Errors
    ///
    /// When it had to be killed.
    pub fn shutdown(mut self, limit: Duration) -> Result<ExitStatus, JoinError> {
        self.child.take().expect("not shut down yet").join(limit)
    }
}

impl Drop for Manager {
    /// The child is killed if it still runs (see [`Child`]); its socket
    /// file would stay behind, so it goes here. (After a clean
    /// [`shutdown`](Self::shutdown) the manager has removed it already.)
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A connection to a manager. Each call is one request and one reply, and
/// one step of a schedule: `gets`, `sets`, `updates`, `appends`.
#[derive(Debug)]
pub struct Client {
    pipe: Pipe,
}

impl Client {
    /// Connects to the manager listening at `path`.
    ///
    /// # Errors
    ///
    /// When nothing listens there.
    pub fn connect(path: &Path) -> io::Result<Client> {
        let stream = UnixStream::connect(path)?;
        Ok(Client { pipe: Pipe::new(stream.try_clone()?, stream) })
    }

    /// The pipe underneath: for tests that send what a client should not.
    pub fn pipe(&mut self) -> &mut Pipe {
        &mut self.pipe
    }

    /// Sends `request` as the step `label`, recording what `shown` makes
    /// of the reply.
    fn call(
        &mut self,
        label: &'static str,
        request: &Request,
        shown: impl FnOnce(&Reply) -> Value,
    ) -> Result<Reply, Error> {
        let mut answer = None;
        points::point(label, || {
            let reply = self.pipe.call::<_, Reply>(request);
            let value = reply.as_ref().map_or_else(|_| Value::Text("failed".into()), shown);
            answer = Some(reply);
            value
        });
        match answer.expect("the point ran its operation")? {
            Reply::Error(e) => Err(Error::Remote(e)),
            reply => Ok(reply),
        }
    }

    /// `d[key]`.
    ///
    /// # Errors
    ///
    /// When the manager cannot be reached or refuses.
    pub fn get(&mut self, key: &str) -> Result<Option<Json>, Error> {
        match self.call("gets", &Request::Get(key.into()), |r| shown_json(r, |r| r.value()))? {
            Reply::Value(v) => Ok(v),
            other => Err(unexpected(&other)),
        }
    }

    /// `d[key] = value`.
    ///
    /// # Errors
    ///
    /// When the manager cannot be reached or refuses.
    pub fn set(&mut self, key: &str, value: impl Into<Json>) -> Result<(), Error> {
        let value = value.into();
        let shown = match value.as_i64() {
            Some(n) => Value::Int(n.into()),
            None => Value::Text(value.to_string()),
        };
        match self.call("sets", &Request::Set(key.into(), value), |_| shown)? {
            Reply::Done => Ok(()),
            other => Err(unexpected(&other)),
        }
    }

    /// `del d[key]`: afterwards `get` finds nothing there.
    ///
    /// # Errors
    ///
    /// When the manager cannot be reached or refuses.
    pub fn remove(&mut self, key: &str) -> Result<(), Error> {
        match self.call("removes", &Request::Remove(key.into()), |_| Value::None)? {
            Reply::Done => Ok(()),
            other => Err(unexpected(&other)),
        }
    }

    /// `d[key] += add`, on the manager, in one request: the new value.
    ///
    /// # Errors
    ///
    /// When the manager cannot be reached, or `key` holds no integer.
    pub fn update(&mut self, key: &str, add: i64) -> Result<i64, Error> {
        let shown = |r: &Reply| match r {
            &Reply::Updated(old, new) => Value::Change(old.into(), new.into()),
            _ => Value::None,
        };
        match self.call("updates", &Request::Update(key.into(), add), shown)? {
            Reply::Updated(_, new) => Ok(new),
            other => Err(unexpected(&other)),
        }
    }

    /// `l.append(value)`.
    ///
    /// # Errors
    ///
    /// When the manager cannot be reached.
    pub fn append(&mut self, value: impl Into<Json>) -> Result<(), Error> {
        match self.call("appends", &Request::Append(value.into()), |_| Value::None)? {
            Reply::Done => Ok(()),
            other => Err(unexpected(&other)),
        }
    }

    /// A copy of the dict.
    ///
    /// # Errors
    ///
    /// When the manager cannot be reached.
    pub fn dict(&mut self) -> Result<BTreeMap<String, Json>, Error> {
        match self.pipe.call(&Request::Dict)? {
            Reply::Dict(d) => Ok(d),
            other => Err(unexpected(&other)),
        }
    }

    /// A copy of the list.
    ///
    /// # Errors
    ///
    /// When the manager cannot be reached.
    pub fn list(&mut self) -> Result<Vec<Json>, Error> {
        match self.pipe.call(&Request::List)? {
            Reply::List(l) => Ok(l),
            other => Err(unexpected(&other)),
        }
    }
}

impl Reply {
    fn value(&self) -> Option<&Json> {
        match self {
            Reply::Value(v) => v.as_ref(),
            _ => None,
        }
    }
}

/// A JSON value as a trace shows it: integers as numbers, the rest as text.
fn shown_json(reply: &Reply, pick: fn(&Reply) -> Option<&Json>) -> Value {
    match pick(reply) {
        None => Value::Text("none".into()),
        Some(v) => v.as_i64().map_or_else(|| Value::Text(v.to_string()), |n| Value::Int(n.into())),
    }
}

fn unexpected(reply: &Reply) -> Error {
    match reply {
        Reply::Error(e) => Error::Remote(e.clone()),
        other => Error::Remote(format!("an unexpected reply: {other:?}")),
    }
}
