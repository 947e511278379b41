#!/usr/bin/env python3
"""The contract test: schemathesis against a live `chengban-center --demo`, every check on.

Usage: run.py <path to chengban-center>   (`cargo xtask test` runs it)

Starts the center on a free loopback port with a fresh demo database, logs in a handler and
the operator, and runs schemathesis over /openapi.json with schemathesis.toml beside this file
(which says what is left out and why). Fails on any failure schemathesis reports.
Environment: CHENGBAN_CONTRACT_EXAMPLES (default 40 per operation and phase),
CHENGBAN_CONTRACT_SEED (default fixed, so a run is repeatable; "random" for a new one).
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SEED = "20261129"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def login(base, username):
    body = json.dumps({"username": username, "password": "demo1234"}).encode()
    req = urllib.request.Request(base + "/v1/login", data=body, headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as res:
        return json.load(res)["token"]


def wait_ready(base, center):
    deadline = time.time() + 30
    while time.time() < deadline:
        if center.poll() is not None:
            sys.exit(f"contract: the center exited ({center.returncode})")
        try:
            urllib.request.urlopen(base + "/openapi.json", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("contract: the center did not answer within 30 s")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        log = open(os.path.join(tmp, "center.log"), "w")
        center = subprocess.Popen(
            [binary, "--db", os.path.join(tmp, "center.sqlite"), "--addr", f"127.0.0.1:{port}", "--demo"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_ready(base, center)
            env = dict(os.environ)
            env["CHENGBAN_HANDLER_TOKEN"] = login(base, "tiexi.handler")
            env["CHENGBAN_OPERATOR_TOKEN"] = login(base, "operator")
            seed = os.environ.get("CHENGBAN_CONTRACT_SEED", DEFAULT_SEED)
            args = [
                "--config-file", os.path.join(HERE, "schemathesis.toml"),
                "run", base + "/openapi.json",
                "--exclude-path-regex", "^/v1/(logout|events)$",
                "--checks", "all",
                "--max-examples", os.environ.get("CHENGBAN_CONTRACT_EXAMPLES", "40"),
                "--no-color",
            ]
            if seed != "random":
                args += ["--seed", seed]
            cli = "import sys; from schemathesis.cli import schemathesis; sys.argv[0] = 'st'; schemathesis()"
            print("contract: st " + " ".join(args), flush=True)
            started = time.time()
            code = subprocess.call([sys.executable, "-c", cli] + args, env=env)
            print(f"contract: schemathesis finished in {time.time() - started:.0f} s with exit code {code}", flush=True)
            if center.poll() is not None:
                sys.exit("contract: the center died during the run")
            sys.exit(code)
        finally:
            center.terminate()
            center.wait(timeout=10)


if __name__ == "__main__":
    main()
