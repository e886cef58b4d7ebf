"""Lesson 13's Python side: an echo server on `selectors`, written the way
the tutorials write one (lesson 12's X2 and X4), with a queue of bytes
owed to each connection and write interest while something is owed.

`just compare` starts it from benches/chat.rs, reads the port it prints,
drives it with the same 50 clients that drive our epoll echo server, and
checks the book's claim (ours makes at least 1.25 times as many round
trips a second). It serves until its stdin closes. Run it alone with
`python3 benches/python/echo_selectors.py` and connect to the port.
"""

import selectors
import socket
import sys

READ_SIZE = 1024


def main():
    sel = selectors.DefaultSelector()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(256)
    listener.setblocking(False)
    sel.register(listener, selectors.EVENT_READ, None)
    sel.register(sys.stdin, selectors.EVENT_READ, "stop")
    owed = {}
    print("port", listener.getsockname()[1], flush=True)

    def close(conn):
        sel.unregister(conn)
        owed.pop(conn, None)
        conn.close()

    def flush(conn):
        queue = owed[conn]
        try:
            sent = conn.send(queue)
        except BlockingIOError:
            sent = 0
        del queue[:sent]
        events = selectors.EVENT_READ | (selectors.EVENT_WRITE if queue else 0)
        if sel.get_key(conn).events != events:
            sel.modify(conn, events, None)

    while True:
        for key, mask in sel.select():
            if key.data == "stop":
                return
            if key.fileobj is listener:
                try:
                    conn, _ = listener.accept()
                except BlockingIOError:
                    continue
                conn.setblocking(False)
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                owed[conn] = bytearray()
                sel.register(conn, selectors.EVENT_READ, None)
                continue
            conn = key.fileobj
            try:
                if mask & selectors.EVENT_READ:
                    data = conn.recv(READ_SIZE)
                    if not data:
                        close(conn)
                        continue
                    owed[conn] += data
                flush(conn)
            except (ConnectionError, BlockingIOError):
                close(conn)


if __name__ == "__main__":
    main()
