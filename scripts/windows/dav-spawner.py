#!/usr/bin/env python3
"""Starts and stops WsgiDAV servers on request, for the WebDAV tests of a Windows build under Wine.

A Windows test binary under Wine cannot start the Linux wsgidav itself, but it shares loopback
and the file system (Wine's drive Z: is the Unix root) with the Linux side. So
scripts/test-windows.sh runs this small service and hands its address to the tests in
SHEBAO_WSGIDAV_SPAWNER; crates/core/tests/support/wsgidav.rs then asks it for each server it
would otherwise have started itself, and reads the served folder through Z:.

  POST /start   body: the wsgidav JSON config the test built (its port included); this adds the
                served folder. Answers {"id": N, "root": "Z:\\tmp\\...\\root"} once the server
                listens, or 500 with the server's log.
  POST /stop/N  kills server N and removes its folder (the "server gone" fault, and cleanup).

Usage: dav-spawner.py WSGIDAV_EXECUTABLE PORT_FILE   (writes the port it listens on to PORT_FILE)
"""
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

WSGIDAV = sys.argv[1]
servers = {}
lock = threading.Lock()
next_id = [0]


def wine_path(path):
    # Wine maps the Unix root to drive Z: in every prefix it creates.
    return "Z:" + path.replace("/", "\\")


def start(config):
    folder = tempfile.mkdtemp(prefix="shebao-dav-")
    root = folder + "/root"
    os.mkdir(root)
    config["provider_mapping"] = {"/dav": root}
    with open(folder + "/wsgidav.json", "w") as f:
        json.dump(config, f)
    log = open(folder + "/wsgidav.log", "wb")
    child = subprocess.Popen([WSGIDAV, "--config", folder + "/wsgidav.json"], cwd=folder,
                             stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    deadline = time.time() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", config["port"]), timeout=0.2).close()
            break
        except OSError:
            if child.poll() is not None or time.time() > deadline:
                child.kill()
                child.wait()
                with open(folder + "/wsgidav.log", "rb") as f:
                    text = f.read().decode("utf-8", "replace")
                shutil.rmtree(folder, ignore_errors=True)
                raise RuntimeError("wsgidav did not listen: " + text)
            time.sleep(0.05)
    with lock:
        next_id[0] += 1
        servers[next_id[0]] = (child, folder)
        return next_id[0], wine_path(root)


def stop(server_id):
    with lock:
        entry = servers.pop(server_id, None)
    if entry:
        child, folder = entry
        child.kill()
        child.wait()
        shutil.rmtree(folder, ignore_errors=True)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            if self.path == "/start":
                server_id, root = start(json.loads(body))
                answer = json.dumps({"id": server_id, "root": root}).encode()
            elif self.path.startswith("/stop/"):
                stop(int(self.path[len("/stop/"):]))
                answer = b"{}"
            else:
                self.send_error(404)
                return
        except Exception as error:  # the test shows this text in its failure
            self.send_response(500)
            self.end_headers()
            self.wfile.write(str(error).encode())
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


# Killed by the script at the end: stop every server it started first.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[2], "w") as f:
    f.write(str(httpd.server_address[1]))
try:
    httpd.serve_forever()
finally:
    for server_id in list(servers):
        stop(server_id)
