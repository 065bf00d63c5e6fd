"""Fuzzes a real ledgerd from docs/openapi.yaml with Schemathesis, a bounded number of cases per
operation, and fails on any answer the document does not describe or any undocumented 5xx.

Usage: fuzz_openapi.py BIN_DIR [MAX_EXAMPLES]. Starts ledgerd from BIN_DIR on a temporary socket with
the example data, forwards a loopback TCP port to its socket (Schemathesis speaks TCP), and runs the
fuzzer with fuzz_hooks.py. Backups are left out: they write where the request says.
"""

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import unix_forwarder

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]


def main() -> int:
    bin_dir = Path(sys.argv[1]).resolve()
    max_examples = sys.argv[2] if len(sys.argv) > 2 else "10"
    with tempfile.TemporaryDirectory(prefix="ledger-fuzz-") as directory:
        socket_path = f"{directory}/ledgerd.sock"
        config = Path(directory, "ledgerd.toml")
        config.write_text(
            f'[daemon]\nsocket = "{socket_path}"\ndata_dir = "{directory}/data"\nlog_level = "error"\n'
            "[postgresql]\nread_wait_ms = 10\n"
        )
        with open(f"{directory}/ledgerd.log", "w") as log:
            daemon = subprocess.Popen([bin_dir / "ledgerd", "--config", config], stderr=log)
        try:
            for _ in range(200):
                if os.path.exists(socket_path):
                    break
                time.sleep(0.05)
            subprocess.run(
                [
                    bin_dir / "ledgerctl",
                    "--socket",
                    socket_path,
                    "append",
                    "--file",
                    ROOT / "examples/deir-ezzor-2015.ndjson",
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            port_file = f"{directory}/port"
            forwarder = threading.Thread(
                target=unix_forwarder.serve_forever, args=(socket_path, port_file), daemon=True
            )
            forwarder.start()
            while not os.path.exists(port_file) or not Path(port_file).read_text():
                time.sleep(0.01)
            port = Path(port_file).read_text()
            environment = dict(os.environ, SCHEMATHESIS_HOOKS="fuzz_hooks", PYTHONPATH=str(HERE))
            result = subprocess.run(
                [
                    Path(sys.executable).with_name("schemathesis"),
                    "run",
                    ROOT / "docs/openapi.yaml",
                    "--url",
                    f"http://127.0.0.1:{port}",
                    "--max-examples",
                    max_examples,
                    "--seed",
                    "20261201",
                    "--checks",
                    "all",
                    "--exclude-checks",
                    "not_a_server_error,positive_data_acceptance",
                    "--exclude-path",
                    "/v1/admin/backup",
                    "--request-timeout",
                    "20",
                    "--no-color",
                    *sys.argv[3:],
                ],
                env=environment,
            )
            if daemon.poll() is not None:
                print(f"ledgerd died during the fuzzing, exit {daemon.returncode}", file=sys.stderr)
                return 1
            return result.returncode
        finally:
            daemon.terminate()
            daemon.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
