"""bench/thousand-at-once.sh: N batches (1,100 by default) running at the same time on one host.

First the engine's own start rate: K containers of the same image, memory limit and command,
started by the docker CLI K/P at a time (P = --parallel) on a network of its own, timed from the
first `docker run -d` to the last container's `start` event, then removed.

Then `cfn-wave run` of N batches, each with an 8m limit, --parallel P, one wave,
--networks-per-run M (a bridge takes 1,023 containers, so 1,100 at once need two). Every batch
waits at a barrier: it reads a named pipe in the workspace, which blocks until the bench opens it
for writing once the engine reported all N containers started (or none started for 120 s); then
batch i sleeps i x --spread / N seconds and exits 0. So all N run at once, no time is spent
sleeping past that, and they end spread over --spread seconds (--spread 0: all in the same second,
a herd that killed 9 containerd shims at a load average of 827 on the first measurement here).
Measured:
- makespan (report.json: duration_seconds) against the ideal at the engine's own rate, N / rate
  (starting them all) + --spread;
- peak running containers, from the engine's start and die events of the run's containers;
- the start rate cfn-wave reached (starts over the time from the first to the last start);
- outcomes from report.json, attempts per batch, attempt_requeued lines (a network was full);
- the orchestrator's peak RSS (VmHWM) and CPU (utime+stime over its wall time) from /proc;
- the machine's 1-minute load average, sampled every 5 s;
- containers and networks labelled with the run's id left afterwards, and containerd shims left
  running without a container (the first measurement here left 335 after containerd killed shims
  under a herd of exits; the next dockerd restart then timed out cleaning them up: kill them and
  empty /var/run/docker/containerd/daemon/io.containerd.runtime.v2.task/moby before going on).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGE = "cfn-wave/test-agent:latest"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PROBE_LABEL = "cfn.bench=thousand-at-once-probe"


def log(text):
    print(time.strftime("%H:%M:%S", time.gmtime()) + " thousand-at-once: " + text, file=sys.stderr, flush=True)


def docker(*args, check=True):
    return subprocess.run(["docker", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, check=check).stdout


class Events:
    """The engine's start and die events of containers carrying one label, in a thread."""

    def __init__(self, label):
        self.starts, self.dies = [], []
        self.process = subprocess.Popen(
            ["docker", "events", "--filter", "type=container", "--filter", "event=start",
             "--filter", "event=die", "--filter", "label=" + label,
             "--format", "{{.TimeNano}} {{.Action}}"],
            stdout=subprocess.PIPE, text=True)
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()

    def read(self):
        for line in self.process.stdout:
            nanos, action = line.split()
            (self.starts if action == "start" else self.dies).append(int(nanos) / 1e9)

    def stop(self):
        time.sleep(1)
        self.process.terminate()
        self.thread.join(5)

    def peak_running(self):
        marks = sorted([(t, 1) for t in self.starts] + [(t, -1) for t in self.dies])
        running = peak = 0
        for _, step in marks:
            running += step
            peak = max(peak, running)
        return peak

    def start_rate(self):
        if len(self.starts) < 2:
            return None
        return (len(self.starts) - 1) / (max(self.starts) - min(self.starts))


def remove_probe(network):
    ids = docker("ps", "-aq", "--filter", "label=" + PROBE_LABEL).split()
    for i in range(0, len(ids), 100):
        docker("rm", "-f", *ids[i:i + 100], check=False)
    docker("network", "rm", network, check=False)


def engine_start_rate(count, parallel):
    """Containers a second the engine starts for the docker CLI, `parallel` at a time."""
    network = "cfn-bench-probe"
    docker("network", "create", "--label", PROBE_LABEL, network, check=False)
    events = Events(PROBE_LABEL)
    try:
        time.sleep(0.5)
        began = time.time()
        names = "\n".join(f"cfn-bench-probe-{i}" for i in range(count))
        subprocess.run(
            ["xargs", "-P", str(parallel), "-I", "NAME", "docker", "run", "-d", "--name", "NAME",
             "--label", PROBE_LABEL, "--network", network, "--memory", "8m",
             "--env", "TASK_PROMPT=sleep 600", IMAGE],
            input=names, text=True, stdout=subprocess.DEVNULL, check=True)
        deadline = time.time() + 120
        while len(events.starts) < count and time.time() < deadline:
            time.sleep(0.2)
    finally:
        events.stop()
        remove_probe(network)
    return len(events.starts) / (max(events.starts) - began)


BARRIER = ".cfn-bench-barrier"


def plan(batches, spread):
    def prompt(i):
        return f"cat /workspace/{BARRIER} >/dev/null && sleep {i * spread // batches}"
    return {
        "task_id": "thousand-at-once",
        "waves": [{
            "wave_number": 1,
            "batches": [{"batch_id": f"c{i:04d}", "memory": "8m", "task_prompt": prompt(i)}
                        for i in range(batches)],
        }],
    }


def release_when_all_started(events, batches, fifo, process):
    """Opens the barrier once all batches started, or none started for 120 s, or the run ended."""
    last_count, last_change = 0, time.time()
    while process.poll() is None:
        count = len(events.starts)
        if count != last_count:
            last_count, last_change = count, time.time()
        if count >= batches or time.time() - last_change > 120:
            break
        time.sleep(0.5)
    released = time.time()
    threading.Thread(target=keep_open, args=(fifo, process), daemon=True).start()
    return released


def keep_open(fifo, process):
    """Releases whoever waits at the barrier, again every 2 s for any that came to it late."""
    while process.poll() is None:
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass  # ENXIO: nobody waits
        time.sleep(2)


class Watch:
    """The orchestrator's CPU and peak RSS, and the machine's load average, while it runs."""

    def __init__(self):
        self.cpu_seconds = 0.0
        self.peak_rss_kib = 0
        self.loads = []

    def __call__(self, process):
        last_load = 0
        while process.poll() is None:
            try:
                with open(f"/proc/{process.pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                self.cpu_seconds = (int(fields[11]) + int(fields[12])) / CLK_TCK
                with open(f"/proc/{process.pid}/status") as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            self.peak_rss_kib = int(line.split()[1])
            except (FileNotFoundError, ProcessLookupError, IndexError):
                pass
            if time.time() - last_load >= 5:
                with open("/proc/loadavg") as f:
                    self.loads.append(float(f.read().split()[0]))
                last_load = time.time()
            time.sleep(1)


def journal_lines(run_folder):
    with open(os.path.join(run_folder, "journal.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def leaked_shims():
    """containerd-shim processes whose container the engine no longer runs."""
    running = set(docker("ps", "-q", "--no-trunc").split())
    listing = subprocess.run(["pgrep", "-af", "containerd-shim-runc-v2"], stdout=subprocess.PIPE,
                             text=True).stdout.splitlines()
    leaked = 0
    for line in listing:
        words = line.split()
        if "-id" in words and words[words.index("-id") + 1] not in running:
            leaked += 1
    return leaked


def main(argv):
    parser = argparse.ArgumentParser(prog="bench/thousand-at-once.sh")
    parser.add_argument("--batches", type=int, default=1100)
    parser.add_argument("--parallel", type=int, default=16)
    parser.add_argument("--networks-per-run", type=int, default=2)
    parser.add_argument("--probe", type=int, default=100, help="containers to time the engine's own start rate")
    parser.add_argument("--spread", type=int, default=300, help="seconds over which the batches end")
    parser.add_argument("--memory-budget", default="12g")
    args = parser.parse_args(argv)

    version = docker("version", "--format", "{{.Server.Version}} (API {{.Server.APIVersion}})").strip()
    log(f"engine {version}; timing the engine's own start rate with {args.probe} containers")
    rate = engine_start_rate(args.probe, args.parallel)
    log(f"engine starts {rate:.2f} containers/s at {args.parallel} at a time")

    folder = tempfile.mkdtemp(prefix="cfn-thousand-")
    with open(os.path.join(folder, "plan.json"), "w") as f:
        json.dump(plan(args.batches, args.spread), f)
    os.makedirs(os.path.join(folder, "workspace"))
    fifo = os.path.join(folder, "workspace", BARRIER)
    os.mkfifo(fifo, 0o666)
    os.chmod(fifo, 0o666)
    run_id = f"bench-thousand-{int(time.time())}"
    runs = os.path.join(folder, "runs")
    command = [
        os.path.join(ROOT, "bin", "cfn-wave"), "run",
        "--wave-plan", os.path.join(folder, "plan.json"),
        "--run-id", run_id, "--runs-dir", runs,
        "--workspace", os.path.join(folder, "workspace"),
        "--base-image", IMAGE,
        "--memory-budget", args.memory_budget,
        "--parallel", str(args.parallel),
        "--networks-per-run", str(args.networks_per_run),
        "--progress-interval", "60",
    ]
    events = Events("cfn.run.id=" + run_id)
    watch = Watch()
    time.sleep(0.5)
    with open(os.path.join(folder, "stderr.log"), "w") as err:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        watcher = threading.Thread(target=watch, args=(process,), daemon=True)
        watcher.start()
        released = release_when_all_started(events, args.batches, fifo, process)
        log(f"{len(events.starts)} started; barrier opened")
        process.wait()
        watcher.join(5)
    events.stop()
    run_folder = os.path.join(runs, run_id)
    with open(os.path.join(run_folder, "report.json")) as f:
        report = json.load(f)
    journal = journal_lines(run_folder)
    makespan = report["duration_seconds"]
    ideal = args.batches / rate + args.spread
    outcomes = {}
    for batch in report["batches"]:
        outcomes[batch["final_status"]] = outcomes.get(batch["final_status"], 0) + 1
    attempts = sum(len(b.get("attempts", [])) for b in report["batches"])
    left_containers = docker("ps", "-aq", "--filter", "label=cfn.run.id=" + run_id).split()
    left_networks = docker("network", "ls", "-q", "--filter", "label=cfn.managed=true").split()
    figures = {
        "engine": "Docker " + version,
        "batches": args.batches,
        "spread_s": args.spread,
        "all_started_after_s": round(released - min(events.starts, default=released)),
        "parallel": args.parallel,
        "networks_per_run": args.networks_per_run,
        "engine_start_rate_per_s": round(rate, 2),
        "cfn_wave_start_rate_per_s": round(events.start_rate() or 0, 2),
        "makespan_s": round(makespan),
        "ideal_s": round(ideal),
        "ratio": round(makespan / ideal, 3),
        "peak_running": events.peak_running(),
        "outcomes": outcomes,
        "attempts": attempts,
        "requeued": sum(1 for j in journal if j["type"] == "attempt_requeued"),
        "exit_code": process.returncode,
        "orchestrator_peak_rss_mb": round(watch.peak_rss_kib / 1024),
        "orchestrator_cpu_percent_of_a_core": round(100 * watch.cpu_seconds / makespan, 2),
        "load_average_mean": round(sum(watch.loads) / max(1, len(watch.loads)), 1),
        "load_average_max": max(watch.loads, default=0),
        "containers_left": len(left_containers),
        "cfn_networks_left_on_engine": len(left_networks),
        "leaked_containerd_shims": leaked_shims(),
        "run_folder": run_folder,
    }
    print(json.dumps(figures, indent=2))
    return 0 if process.returncode == 0 and outcomes.get("success") == args.batches else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
