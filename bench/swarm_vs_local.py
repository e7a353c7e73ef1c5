"""Measures one plan on the swarm rig and on the local engine (bench/swarm-vs-local.sh runs it).

Per backend: makespan (the run's own run_started to run_finished, and the command's wall time),
for swarm the node each attempt ran on, and exit-detection latency: the time of the journal's
attempt_ended entry minus the moment the attempt's process exited. That moment is, on docker, the
engine's die event (nanoseconds, streamed while the run goes); on swarm, the task's status
timestamp once it is complete (stamped by the node's agent when the container exits; sampled from
the manager's /tasks every 0.25 s, with the node). The journal's completed_at is whole seconds:
too coarse for this.
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGE = "cfn-wave/test-agent:latest"


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


def engine_get(sock, path):
    conn = UnixHTTPConnection(sock)
    try:
        conn.request("GET", path)
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def plan(batches):
    # 1, 2 or 3 s of work each, in a fixed order: about 2 s per batch on average.
    return {
        "task_id": "swarm-bench",
        "waves": [
            {
                "wave_number": 1,
                "batches": [
                    {
                        "batch_id": f"b{i:02d}",
                        "tier": 1,
                        "files": [f"src/b{i:02d}.ts"],
                        "task_prompt": f"sleep {1 + i % 3}",
                    }
                    for i in range(batches)
                ],
            }
        ],
    }


def parse_time(text):
    """RFC 3339 with up to nanoseconds (Python parses microseconds at most)."""
    text = text.replace("Z", "+00:00")
    if "." in text:
        head, rest = text.split(".", 1)
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits):]
        text = head + "." + (digits[:6]).ljust(6, "0") + zone
    return datetime.fromisoformat(text).timestamp()


def run(backend, args, folder, env, extra=(), during=None):
    run_id = f"bench-{backend}-{int(time.time())}"
    runs = os.path.join(folder, "runs")
    command = [
        os.path.join(ROOT, "bin", "cfn-wave"),
        "run",
        "--backend", backend,
        "--network", "none",
        "--outputs", "none",  # swarm refuses output folders; the same work on both legs
        "--wave-plan", os.path.join(folder, "plan.json"),
        "--run-id", run_id,
        "--runs-dir", runs,
        "--workspace", os.path.join(folder, "workspace"),
        "--base-image", IMAGE,
        "--memory-budget", args.memory_budget,
        "--poll-interval", str(args.poll_interval),
        *extra,
    ]
    deaths = subprocess.Popen(
        ["docker", "events", "--filter", "type=container", "--filter", "event=die",
         "--filter", f"label=cfn.run.id={run_id}",
         "--format", "{{.TimeNano}} {{index .Actor.Attributes \"name\"}}"],
        env=env, stdout=subprocess.PIPE, text=True) if backend == "docker" else None
    started = time.monotonic()
    if during is None:
        done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    else:
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            process = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
            during(process, os.path.join(runs, run_id))
            process.wait()
            out.seek(0)
            err.seek(0)
            done = subprocess.CompletedProcess(command, process.returncode, out.read(), err.read())
    wall = time.monotonic() - started
    exits = {}
    if deaths is not None:
        time.sleep(0.5)
        deaths.terminate()
        for line in deaths.communicate()[0].splitlines():
            nanos, name = line.split(" ", 1)
            exits[name] = int(nanos) / 1e9
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-3000:])
        raise SystemExit(f"{backend} run exited {done.returncode}")
    journal = [json.loads(line) for line in open(os.path.join(runs, run_id, "journal.jsonl"))]
    return run_id, wall, journal, exits


def makespan(journal):
    at = {e["type"]: parse_time(e["at"]) for e in journal if e["type"] in ("run_started", "run_finished")}
    return at["run_finished"] - at["run_started"]


def latencies(journal, exits, key):
    """Milliseconds from each attempt's exit (exits[entry[key]]) to its attempt_ended entry."""
    return [
        (parse_time(e["at"]) - exits[e[key]]) * 1000
        for e in journal
        if e["type"] == "attempt_ended" and e.get(key) in exits
    ]


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


class Placement(threading.Thread):
    """Samples the manager's tasks of every cfn-wave service: service id -> node id."""

    def __init__(self, sock):
        super().__init__(daemon=True)
        self.sock = sock
        self.nodes = {}
        self.exits = {}
        self.stopped = threading.Event()

    def run(self):
        query = urllib.parse.quote(json.dumps({"label": ["cfn.managed=true"]}))
        while not self.stopped.is_set():
            try:
                for task in engine_get(self.sock, f"/tasks?filters={query}"):
                    if task.get("NodeID"):
                        self.nodes[task["ServiceID"]] = task["NodeID"]
                    status = task.get("Status", {})
                    if status.get("State") == "complete":
                        self.exits[task["ServiceID"]] = parse_time(status["Timestamp"])
            except OSError:
                pass
            self.stopped.wait(0.25)


def summary(name, wall, journal, lat):
    return {
        "backend": name,
        "makespan_s": round(makespan(journal), 2),
        "wall_s": round(wall, 2),
        "attempts": sum(1 for e in journal if e["type"] == "attempt_ended"),
        "failed": sum(1 for e in journal if e["type"] == "attempt_ended" and e.get("exit_status") != "success"),
        "exit_detection_ms": {
            "n": len(lat),
            "p50": round(statistics.median(lat)),
            "p95": round(p95(lat)),
            "max": round(max(lat)),
        },
    }


def main():
    if "--scale" in sys.argv:
        import swarm_scale
        swarm_scale.main(sys.argv[1:])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--rig", required=True, help="what swarm-rig.sh up printed")
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument("--poll-interval", type=float, default=1.0)
    parser.add_argument("--memory-budget", default="4g", help="8 batches of 512m at a time")
    args = parser.parse_args()
    rig = dict(line.split("=", 1) for line in args.rig.splitlines() if "=" in line)
    manager_sock = rig["MANAGER_SOCKET"].removeprefix("unix://")
    names = {rig["MANAGER_NODE_ID"]: "manager"}
    for i in (1, 2):
        names[rig[f"WORKER{i}_NODE_ID"]] = f"worker{i}"

    folder = tempfile.mkdtemp(prefix="cfn-swarm-bench-")
    try:
        os.makedirs(os.path.join(folder, "workspace"))
        with open(os.path.join(folder, "plan.json"), "w") as f:
            json.dump(plan(args.batches), f)
        env = {k: v for k, v in os.environ.items() if not k.startswith("CFN_")}
        env["DOCKER_HOST"] = rig["MANAGER_SOCKET"]

        results = []
        _, wall, journal, exits = run("docker", args, folder, env)
        results.append(summary("docker", wall, journal, latencies(journal, exits, "attempt_name")))

        sampler = Placement(manager_sock)
        sampler.start()
        _, wall, journal, _ = run("swarm", args, folder, env)
        sampler.stopped.set()
        sampler.join()
        swarm = summary("swarm", wall, journal, latencies(journal, sampler.exits, "handle"))
        handles = {e["handle"] for e in journal if e["type"] == "attempt_ended" and e.get("handle")}
        placement = {}
        for handle in handles:
            node = names.get(sampler.nodes.get(handle), "unknown")
            placement[node] = placement.get(node, 0) + 1
        swarm["placement"] = dict(sorted(placement.items()))
        results.append(swarm)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(f"plan: {args.batches} batches of 1-3 s (sleep), tier 1 (512m), --memory-budget "
          f"{args.memory_budget}, --poll-interval {args.poll_interval}; this machine: "
          f"{os.cpu_count()} cores")
    print(f"{'backend':8} {'makespan':>9} {'wall':>7} {'attempts':>8} {'exit p50':>9} {'exit p95':>9} {'max':>7} {'n':>3}  placement")
    for r in results:
        e = r["exit_detection_ms"]
        print(f"{r['backend']:8} {r['makespan_s']:8.1f}s {r['wall_s']:6.1f}s {r['attempts']:8d} "
              f"{e['p50']:7d}ms {e['p95']:7d}ms {e['max']:5d}ms {e['n']:3d}  {r.get('placement', '')}")
    print(json.dumps({"poll_interval_s": args.poll_interval, "results": results}))


if __name__ == "__main__":
    main()
