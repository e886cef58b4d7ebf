//! [`Queue`]: one queue, many processes.

use std::sync::Arc;
use std::thread;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{Error, Pipe};
use crate::sync::JoinableQueue;

/// What a process asks of the queue, over its pipe.
#[derive(Debug, Serialize, Deserialize)]
pub enum Request {
    /// Put this message in.
    Put(serde_json::Value),
    /// Take the oldest message out (waiting for one); `None` once the queue
    /// is closed and empty.
    Get,
}

// ANCHOR: queue
/// A queue any number of processes put messages to and get them from
/// (Python's `multiprocessing.Queue`). It lives in the parent: lesson 07's
/// [`JoinableQueue`], with a thread per child that [`serve`](Self::serve)s
/// the requests arriving on that child's pipe. Each message is one frame on
/// one pipe, so messages from different children never mix, and each
/// child's messages come out in the order it put them.
#[derive(Clone)]
pub struct Queue {
    items: Arc<JoinableQueue<serde_json::Value>>,
}
// ANCHOR_END: queue

impl Default for Queue {
    fn default() -> Self {
        Queue { items: Arc::new(JoinableQueue::unbounded()) }
    }
}

impl std::fmt::Debug for Queue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Queue").field("len", &self.items.len()).finish()
    }
}

impl Queue {
    /// An empty, unbounded queue.
    pub fn new() -> Self {
        Self::default()
    }

    /// Puts `message` in.
    ///
    /// # Errors
    ///
    /// When the queue is closed, or `message` cannot be encoded.
    pub fn put(&self, message: &impl Serialize) -> Result<(), Error> {
        let value = serde_json::to_value(message).map_err(Error::Decode)?;
        self.items.put(value).map_err(|_| Error::Closed)
    }

    /// Takes the oldest message, waiting while there is none. `Ok(None)`
    /// once the queue is closed and empty.
    ///
    /// # Errors
    ///
    /// When the message is not a `T`.
    pub fn get<T: DeserializeOwned>(&self) -> Result<Option<T>, Error> {
        match self.items.get() {
            None => Ok(None),
            Some(value) => {
                // task_done is no one's business but ours: a get is the end of it.
                let _ = self.items.task_done();
                serde_json::from_value(value).map(Some).map_err(Error::Decode)
            }
        }
    }

    /// Closes the queue: puts fail, and gets return `None` once it is empty.
    pub fn close(&self) {
        self.items.close();
    }

    /// Serves a child's requests arriving on `pipe`, on a thread of its
    /// own, until the child closes the pipe.
    ///
    /// # Errors
    ///
    /// The thread returns an error when a request could not be read (a
    /// garbled or truncated frame) or answered (the child is gone).
    ///
    /// # Panics
    ///
    /// When the OS cannot create a thread.
    pub fn serve(&self, mut pipe: Pipe) -> thread::JoinHandle<Result<(), Error>> {
        let items = Arc::clone(&self.items);
        let body = move || loop {
            match pipe.recv::<Request>() {
                Ok(Request::Put(value)) => items.put(value).map_err(|_| Error::Closed)?,
                Ok(Request::Get) => {
                    let value = items.get();
                    if value.is_some() {
                        let _ = items.task_done();
                    }
                    pipe.send(&value)?;
                }
                Err(Error::Closed) => return Ok(()),
                Err(e) => return Err(e),
            }
        };
        thread::Builder::new().name("queue server".into()).spawn(body).expect("the OS creates a thread")
    }
}

/// A child's end of a [`Queue`] its parent serves: requests over the
/// child's stdin and stdout.
#[derive(Debug)]
pub struct QueueHandle {
    pipe: Pipe,
}

impl QueueHandle {
    /// The queue the parent serves on this process's stdin and stdout.
    pub fn stdio() -> Self {
        QueueHandle { pipe: Pipe::stdio() }
    }

    /// Puts `message` in.
    ///
    /// # Errors
    ///
    /// When the parent is gone.
    pub fn put(&mut self, message: &impl Serialize) -> Result<(), Error> {
        let value = serde_json::to_value(message).map_err(Error::Decode)?;
        self.pipe.send(&Request::Put(value))
    }

    /// Takes the oldest message, waiting while there is none; `None` once
    /// the queue is closed and empty.
    ///
    /// # Errors
    ///
    /// When the parent is gone, or the message is not a `T`.
    pub fn get<T: DeserializeOwned>(&mut self) -> Result<Option<T>, Error> {
        let value: Option<serde_json::Value> = self.pipe.call(&Request::Get)?;
        value.map(serde_json::from_value).transpose().map_err(Error::Decode)
    }
}
