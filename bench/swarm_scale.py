"""The scale case of bench/swarm-vs-local.sh (--scale N): N short batches on the swarm rig, again
with worker 1 killed halfway, then on the local engine.

Plan: N batches of `sleep` 2-20 s in tiers 1-4 (512m, 600m, 800m, 1g), drawn with a fixed seed,
one wave, --schedule continuous, --network none, --retries 1 (a batch lost with its node runs
again). Per leg:
- makespan (journal: run_started to run_finished) against the per-node ideal: every node's work
  (the memory-seconds of the batches that ended there: tier limit x planned sleep) over its
  capacity, the largest of these. A node's capacity is its share of --memory-budget: the run admits
  against the budget and Swarm spreads tasks evenly, so each of the three nodes holds budget / 3
  (the local engine: the whole budget, one node);
- exit detection: each attempt's container `die` event (TimeNano, from the engine of the node that
  ran it: the manager and both workers are watched; this also tells the node) to the journal's
  attempt_ended entry;
- the manager's API calls: every request cfn-wave sends goes through a counting proxy on a unix
  socket (DOCKER_HOST points at it); counted per poll interval, split into listings (GET /tasks,
  /services, /nodes without an id) and the rest, and set against how many attempts had ended by
  then, with the bytes the listings answered;
- orchestrator CPU: utime+stime of the cfn-wave JVM (/proc/PID/stat) over its wall time;
- load average of the machine (1 min, /proc/loadavg) sampled every 5 s while it runs;
- services labelled cfn.managed=true left on the manager afterwards.
"""

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import swarm_vs_local as base  # noqa: E402

TIERS = {1: 512, 2: 600, 3: 800, 4: 1024}  # MiB, the default tier table
CLK_TCK = os.sysconf("SC_CLK_TCK")


def scale_plan(batches, seed):
    rng = random.Random(seed)
    drawn = [(rng.randint(2, 20), rng.randint(1, 4)) for _ in range(batches)]
    plan = {
        "task_id": "swarm-scale",
        "waves": [{
            "wave_number": 1,
            "batches": [
                {"batch_id": f"s{i:04d}", "tier": tier, "files": [f"src/s{i:04d}.ts"],
                 "task_prompt": f"sleep {seconds}"}
                for i, (seconds, tier) in enumerate(drawn)
            ],
        }],
    }
    work = {f"s{i:04d}": (seconds, TIERS[tier]) for i, (seconds, tier) in enumerate(drawn)}
    return plan, work


class CountingProxy(threading.Thread):
    """A unix-socket proxy in front of the manager that notes every request (time, method, path)
    and the bytes answered to it (requests on one connection are sequential: HTTP/1.1 without
    pipelining)."""

    REQUEST = re.compile(rb"^(GET|POST|DELETE|PUT|HEAD) (\S+) HTTP/1\.[01]\r\n")

    def __init__(self, upstream, path):
        super().__init__(daemon=True)
        self.upstream = upstream
        self.path = path
        self.requests = []  # [time, method, path, answered bytes]
        self.lock = threading.Lock()
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(128)

    def run(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(client,), daemon=True).start()

    def close(self):
        self.server.close()
        os.unlink(self.path)

    def serve(self, client):
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        upstream.connect(self.upstream)
        current = [None]
        threading.Thread(target=self.answers, args=(upstream, client, current), daemon=True).start()
        buffer = b""
        try:
            while True:
                data = client.recv(65536)
                if not data:
                    break
                upstream.sendall(data)
                buffer += data
                buffer = self.parse(buffer, current)
        except OSError:
            pass
        finally:
            for s in (upstream, client):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def parse(self, buffer, current):
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return buffer
            head = buffer[:end + 4]
            match = self.REQUEST.match(head)
            length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
            body = int(length.group(1)) if length else 0
            if len(buffer) < end + 4 + body:
                return buffer
            if match:
                entry = [time.time(), match.group(1).decode(), match.group(2).decode(), 0]
                with self.lock:
                    self.requests.append(entry)
                current[0] = entry
            buffer = buffer[end + 4 + body:]

    def answers(self, upstream, client, current):
        try:
            while True:
                data = upstream.recv(65536)
                if not data:
                    break
                client.sendall(data)
                if current[0] is not None:
                    current[0][3] += len(data)
        except OSError:
            pass
        finally:
            for s in (upstream, client):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def is_listing(method, path):
    route = urllib.parse.urlsplit(path).path
    route = re.sub(r"^/v[0-9.]+", "", route)
    return method == "GET" and route in ("/tasks", "/services", "/nodes")


class Deaths:
    """`die` events of swarm task containers on every node: service id -> (time, node)."""

    def __init__(self, sockets, env):
        self.exits = {}
        self.processes = []
        self.threads = []
        for node, sock in sockets.items():
            process = subprocess.Popen(
                ["docker", "-H", sock, "events", "--filter", "type=container", "--filter", "event=die",
                 "--format", '{{.TimeNano}} {{index .Actor.Attributes "com.docker.swarm.service.id"}}'
                 ' {{index .Actor.Attributes "name"}}'],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            thread = threading.Thread(target=self.read, args=(node, process), daemon=True)
            thread.start()
            self.processes.append(process)
            self.threads.append(thread)

    def read(self, node, process):
        for line in process.stdout:
            parts = line.split()
            if len(parts) == 3:  # a task's container; others have no service id
                self.exits[parts[1]] = (int(parts[0]) / 1e9, node)

    def stop(self):
        time.sleep(0.5)
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait()


class Watcher:
    """While a run goes: CPU of its JVM, the load average, and (optionally) a worker killed once
    half the batches have ended."""

    def __init__(self, kill_at=None):
        self.kill_at = kill_at
        self.cpu_seconds = 0.0
        self.loads = []
        self.killed_at = None

    def __call__(self, process, run_folder):
        journal = os.path.join(run_folder, "journal.jsonl")
        next_load = 0.0
        while process.poll() is None:
            try:
                with open(f"/proc/{process.pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                self.cpu_seconds = (int(fields[11]) + int(fields[12])) / CLK_TCK
            except (OSError, IndexError):
                pass
            now = time.monotonic()
            if now >= next_load:
                with open("/proc/loadavg") as f:
                    self.loads.append(float(f.read().split()[0]))
                next_load = now + 5
            if self.kill_at is not None and self.killed_at is None and os.path.exists(journal):
                with open(journal) as f:
                    ended = sum(1 for line in f if '"type":"batch_settled"' in line)
                if ended >= self.kill_at:
                    self.killed_at = time.time()
                    base_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
                    subprocess.run(["bash", os.path.join(base_dir, "scripts", "swarm-rig.sh"),
                                    "kill-worker", "1"], check=True, stdout=subprocess.DEVNULL)
            time.sleep(1)


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def node_ideal(journal, work, nodes, capacity_mib):
    """max over nodes of (memory-seconds of the batches that succeeded there) / capacity."""
    per_node = {}
    for e in journal:
        if e["type"] == "attempt_ended" and e.get("exit_status") == "success":
            seconds, mib = work[e["batch_id"]]
            node = nodes(e)
            per_node[node] = per_node.get(node, 0) + seconds * mib
    ideal = max(v / capacity_mib for v in per_node.values())
    longest = max(seconds for seconds, _ in work.values())
    return max(ideal, longest), {k: round(v / capacity_mib, 1) for k, v in sorted(per_node.items())}


def api_figures(requests, journal, started, finished, poll):
    """Calls per poll interval over the run, in four quarters, with how many attempts had ended."""
    ends = sorted(base.parse_time(e["at"]) for e in journal if e["type"] == "attempt_ended")
    span = finished - started
    quarters = []
    for q in range(4):
        lo, hi = started + span * q / 4, started + span * (q + 1) / 4
        inside = [r for r in requests if lo <= r[0] < hi]
        listings = [r for r in inside if is_listing(r[1], r[2])]
        polls = (hi - lo) / poll
        quarters.append({
            "ended_by_end": sum(1 for t in ends if t < hi),
            "calls_per_poll": round(len(inside) / polls, 1),
            "listings_per_poll": round(len(listings) / polls, 2),
            "listing_kb_per_poll": round(sum(r[3] for r in listings) / polls / 1024, 1),
        })
    others = [r for r in requests if started <= r[0] <= finished and not is_listing(r[1], r[2])]
    return {
        "total_calls": len(requests),
        "calls_per_attempt_besides_listings": round(len(others) / max(1, len(ends)), 1),
        "quarters": quarters,
    }


def held_overhead(journal, exits, key, work):
    """Seconds a batch's memory was held beyond its sleep: from attempt_starting (admitted) to the
    container's start (its exit minus the sleep), and from its exit to attempt_ended."""
    starting = {}
    start, held = [], []
    for e in journal:
        if e["type"] == "attempt_starting":
            starting[(e["batch_id"], e["attempt"])] = base.parse_time(e["at"])
        elif (e["type"] == "attempt_ended" and e.get("exit_status") == "success"
              and e.get(key) in exits):
            admitted = starting.get((e["batch_id"], e["attempt"]))
            if admitted is not None:
                seconds = work[e["batch_id"]][0]
                start.append(exits[e[key]] - seconds - admitted)
                held.append(base.parse_time(e["at"]) - admitted - seconds)
    if not held:
        return None
    return {"admitted_to_running_s": {"p50": round(statistics.median(start), 2),
                                      "p95": round(percentile(start, 0.95), 2)},
            "held_beyond_sleep_s": {"p50": round(statistics.median(held), 2),
                                    "p95": round(percentile(held, 0.95), 2),
                                    "mean": round(statistics.mean(held), 2)}}


def services_left(sock):
    query = urllib.parse.quote(json.dumps({"label": ["cfn.managed=true"]}))
    return len(base.engine_get(sock, f"/services?filters={query}"))


def settlement(journal, dead_node):
    """Every batch settled once; which attempts were retried, and where their first one ran."""
    settled = {}
    attempts = {}
    for e in journal:
        if e["type"] == "batch_settled":
            settled[e["batch_id"]] = settled.get(e["batch_id"], 0) + 1
        if e["type"] == "attempt_ended":
            attempts.setdefault(e["batch_id"], []).append(e)
    retried = {b: a for b, a in attempts.items() if len(a) > 1}
    first_on_dead = sum(1 for a in retried.values() if a[0].get("node") == dead_node)
    lost_on_dead = sum(1 for a in attempts.values() for e in a
                       if e.get("node") == dead_node and e.get("exit_status") != "success")
    return {
        "batches_settled": len(settled),
        "settled_more_than_once": sum(1 for n in settled.values() if n != 1),
        "not_success": sum(1 for a in attempts.values() if a[-1].get("exit_status") != "success"),
        "retried_batches": len(retried),
        "retried_whose_first_attempt_ran_on_killed_worker": first_on_dead,
        "attempts_lost_on_killed_worker": lost_on_dead,
        "retry_errors": sorted({(a[0].get("error") or "")[:60] for a in retried.values()}),
    }


def leg(name, backend, args, folder, env, rig, work, kill=False):
    extra = ["--retries", "1", "--schedule", "continuous"]
    deaths = proxy = None
    run_env = dict(env)
    sockets = {"manager": rig["MANAGER_SOCKET"], "cfn-rig-w1": rig["WORKER1_SOCKET"],
               "cfn-rig-w2": rig["WORKER2_SOCKET"]}
    if backend == "swarm":
        proxy_path = os.path.join(folder, f"manager-{name}.sock")
        proxy = CountingProxy(rig["MANAGER_SOCKET"].removeprefix("unix://"), proxy_path)
        proxy.start()
        run_env["DOCKER_HOST"] = "unix://" + proxy_path
        deaths = Deaths(sockets, env)
    watcher = Watcher(kill_at=args.scale // 2 if kill else None)
    run_id, wall, journal, exits = base.run(backend, args, folder, run_env, extra, watcher)
    at = {e["type"]: base.parse_time(e["at"]) for e in journal
          if e["type"] in ("run_started", "run_finished")}
    result = {"leg": name, "backend": backend}
    if backend == "swarm":
        deaths.stop()
        proxy.close()
        exits = {k: v[0] for k, v in deaths.exits.items()}
        lat = base.latencies(journal, exits, "handle")
        result["overhead"] = held_overhead(journal, exits, "handle", work)
        ideal, per_node = node_ideal(journal, work, lambda e: e.get("node") or "?",
                                     args.budget_mib / 3)
        result["api"] = api_figures(proxy.requests, journal, at["run_started"], at["run_finished"],
                                    args.poll_interval)
        result["services_left"] = services_left(rig["MANAGER_SOCKET"].removeprefix("unix://"))
    else:
        lat = base.latencies(journal, exits, "attempt_name")
        result["overhead"] = held_overhead(journal, exits, "attempt_name", work)
        ideal, per_node = node_ideal(journal, work, lambda e: "local", args.budget_mib)
        query = urllib.parse.quote(json.dumps({"label": [f"cfn.run.id={run_id}"]}))
        result["containers_left"] = len(base.engine_get(
            rig["MANAGER_SOCKET"].removeprefix("unix://"), f"/containers/json?all=1&filters={query}"))
    makespan = at["run_finished"] - at["run_started"]
    result.update({
        "makespan_s": round(makespan, 1),
        "wall_s": round(wall, 1),
        "ideal_s": round(ideal, 1),
        "ratio_to_ideal": round(makespan / ideal, 2),
        "node_work_over_capacity_s": per_node,
        "exit_detection_ms": {"n": len(lat), "p50": round(statistics.median(lat)),
                              "p95": round(percentile(lat, 0.95)), "max": round(max(lat))},
        "cpu_percent_of_a_core": round(100 * watcher.cpu_seconds / wall, 2),
        "cpu_seconds": round(watcher.cpu_seconds, 1),
        "load_1min": {"min": min(watcher.loads), "mean": round(statistics.mean(watcher.loads), 1),
                      "max": max(watcher.loads)},
        "settlement": settlement(journal, "cfn-rig-w1"),
    })
    if kill:
        result["worker1_killed_after_s"] = (round(watcher.killed_at - at["run_started"], 1)
                                            if watcher.killed_at else None)
    return result


def versions(rig):
    out = {}
    for key in ("MANAGER", "WORKER1", "WORKER2"):
        v = base.engine_get(rig[f"{key}_SOCKET"].removeprefix("unix://"), "/version")
        out[key.lower()] = f"{v.get('Version')} (API {v.get('ApiVersion')})"
    return out


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--rig", required=True)
    parser.add_argument("--scale", type=int, required=True, help="number of batches")
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--poll-interval", type=float, default=1.0)
    parser.add_argument("--memory-budget", default="12g")
    parser.add_argument("--legs", default="swarm,swarm-kill,docker")
    parser.add_argument("--keep", action="store_true", help="keep the runs' folders (journals)")
    args = parser.parse_args(argv)
    number, unit = re.fullmatch(r"(\d+)([mg])", args.memory_budget).groups()
    args.budget_mib = int(number) * (1024 if unit == "g" else 1)
    rig = dict(line.split("=", 1) for line in args.rig.splitlines() if "=" in line)
    found = versions(rig)
    print(f"engines: {found}", flush=True)

    folder = tempfile.mkdtemp(prefix="cfn-swarm-scale-")
    results = []
    try:
        os.makedirs(os.path.join(folder, "workspace"))
        plan, work = scale_plan(args.scale, args.seed)
        with open(os.path.join(folder, "plan.json"), "w") as f:
            json.dump(plan, f)
        env = {k: v for k, v in os.environ.items() if not k.startswith("CFN_")}
        env["DOCKER_HOST"] = rig["MANAGER_SOCKET"]
        total = sum(s * m for s, m in work.values())
        print(f"plan: {args.scale} batches, sleep 2-20 s, tiers 1-4, seed {args.seed}: "
              f"{sum(s for s, _ in work.values())} s of work, {total / 1024:.0f} GiB-s; "
              f"--memory-budget {args.memory_budget}, --poll-interval {args.poll_interval}",
              flush=True)
        for name in args.legs.split(","):
            backend = "docker" if name == "docker" else "swarm"
            started = time.strftime("%H:%M:%S", time.gmtime())
            result = leg(name, backend, args, folder, env, rig, work, kill=name == "swarm-kill")
            result["started_utc"] = started
            results.append(result)
            print(json.dumps(result), flush=True)
    finally:
        if args.keep:
            print(f"run folders kept in {folder}", flush=True)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps({"engines": found, "batches": args.scale, "seed": args.seed,
                      "memory_budget": args.memory_budget, "poll_interval_s": args.poll_interval,
                      "results": results}))
