"""Serving a built site on this machine only (`dataplan serve`, the browser of `a11y-check`).

Listening on 127.0.0.1 is not enough: a page on another site can point a name it
controls at 127.0.0.1 (DNS rebinding) and read the preview, including the internal
edition. So a request is answered only when its `Host` header names this server
(127.0.0.1 or localhost, with its port); folders are never listed, and no file is
served through a symbolic link (a link in the built site could lead anywhere).
"""

from __future__ import annotations

import functools
import os
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = "127.0.0.1"
LOCAL_NAMES = ("127.0.0.1", "localhost")


class LocalSiteHandler(SimpleHTTPRequestHandler):
    """Serves regular files of one folder to requests addressed to this server only."""

    def send_head(self):  # the base's signature
        if not self._addressed_here():
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "Host not served here")
            return None
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            index = os.path.join(path, "index.html")
            if not self.path.split("?", 1)[0].endswith("/") or not os.path.isfile(index):
                # the base would redirect or list the folder: neither is needed by a site
                self.send_error(HTTPStatus.NOT_FOUND, "File not found")
                return None
            path = index
        if not self._plain_file_inside(Path(path)):
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        return super().send_head()

    def list_directory(self, path):  # never list a folder
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    def _addressed_here(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        address = self.server.server_address
        port = address[1] if isinstance(address, tuple) else None
        return port is not None and host in {f"{name}:{port}" for name in LOCAL_NAMES}

    def _plain_file_inside(self, path: Path) -> bool:
        """Every step from the served folder to the file is no symlink, and the file is regular."""
        root = Path(self.directory)
        try:
            relative = path.relative_to(root)
        except ValueError:
            return False
        current = root
        mode = 0
        for part in relative.parts:
            current = current / part
            try:
                mode = os.lstat(current).st_mode
            except OSError:
                return True  # missing: the base answers 404
            if stat.S_ISLNK(mode):
                return False
        return stat.S_ISREG(mode)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        return


def local_server(folder: Path, port: int) -> ThreadingHTTPServer:
    """A server for `folder` on 127.0.0.1:`port` (0: any free port), not yet serving."""
    handler = functools.partial(LocalSiteHandler, directory=str(folder))
    return ThreadingHTTPServer((HOST, port), handler)


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (an ephemeral port) in a thread; yield its base URL."""
    server = local_server(folder, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
