"""A TCP proxy that a test can cut, pause and restore, standing between the site and a server."""

import contextlib
import socket
import threading


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target port. cut() closes every connection and refuses
    new ones, as a server that went away; restore() takes connections again on the same port.
    pause() keeps every connection open and accepts new ones but forwards nothing, as a server
    that stalled (its host still acknowledges the packets); resume() delivers what was held,
    as the stalled server would once it runs again."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.port = None
        self.listener = None
        self.connections = []
        self.lock = threading.Lock()
        self.flowing = threading.Event()
        self.flowing.set()
        self.restore()

    def pause(self):
        self.flowing.clear()

    def resume(self):
        self.flowing.set()

    def restore(self):
        self.listener = socket.create_server(("127.0.0.1", self.port or 0))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self):
        listener, self.listener = self.listener, None
        if listener is not None:
            listener.close()
        with self.lock:
            connections, self.connections = self.connections, []
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()

    def close(self):
        self.resume()
        self.cut()

    def _accept(self, listener):
        while self.listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self.lock:
                self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                self.flowing.wait()
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
