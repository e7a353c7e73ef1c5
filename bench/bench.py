"""cfn-wave's benchmark suite; run it through bench/run.sh, which prepares the machine.

Each case runs its contenders in interleaved rounds and reports the median and the spread
(min-max) of each. Nothing here asserts: the figures are printed, written as JSON and drawn.
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CFN = os.path.join(ROOT, "bin", "cfn-wave")
IMAGE = "cfn-wave/test-agent:latest"
LABEL = "cfn.bench"
RESULTS = os.path.join(ROOT, "bench", "results")


def log(message):
    print(time.strftime("%H:%M:%S") + " bench: " + message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- engine access without a CLI


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=120)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


# The engine the docker CLI and cfn-wave use too: DOCKER_HOST's unix socket, else the local one.
ENGINE_SOCKET = (os.environ["DOCKER_HOST"][len("unix://"):]
                 if os.environ.get("DOCKER_HOST", "").startswith("unix://") else "/var/run/docker.sock")


def engine(method, path, body=None):
    conn = UnixHTTPConnection(ENGINE_SOCKET)
    try:
        payload = None if body is None else json.dumps(body)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, payload, headers)
        response = conn.getresponse()
        data = response.read()
        if response.status >= 400:
            raise RuntimeError(f"{method} {path}: {response.status} {data[:200]!r}")
        return json.loads(data) if data else None
    finally:
        conn.close()


def remove_label(value):
    ids = subprocess.run(
        ["docker", "ps", "-aq", "--filter", f"label={LABEL}={value}"],
        capture_output=True, text=True, check=True).stdout.split()
    for chunk in range(0, len(ids), 50):
        subprocess.run(["docker", "rm", "-f", *ids[chunk:chunk + 50]], capture_output=True)


def remove_run(run_id):
    ids = subprocess.run(
        ["docker", "ps", "-aq", "--filter", f"label=cfn.run.id={run_id}"],
        capture_output=True, text=True, check=True).stdout.split()
    for chunk in range(0, len(ids), 50):
        subprocess.run(["docker", "rm", "-f", *ids[chunk:chunk + 50]], capture_output=True)


# ---------------------------------------------------------------- helpers


def write_plan(path, waves, task_id="bench"):
    with open(path, "w") as f:
        json.dump({"task_id": task_id, "waves": waves}, f)
    return path


def batches(prefix, count, prompt, tier=1):
    return [{"batch_id": f"{prefix}{i}", "tier": tier, "task_prompt": prompt(i) if callable(prompt) else prompt}
            for i in range(count)]


def timed(command, env=None, stdout=subprocess.DEVNULL):
    start = time.monotonic()
    result = subprocess.run(command, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True)
    return time.monotonic() - start, result


def cfn_env(extra=None):
    env = dict(os.environ)
    env.pop("CFN_STDERR_IS_TTY", None)
    env.update({"CFN_DOCKER_IMAGE": IMAGE, "CFN_DOCKER_NETWORK": "bridge"})
    env.update(extra or {})
    return env


def summary(samples):
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples),
            "samples": samples}


def parse_iso(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def docker_finished_at(container_ids):
    out = subprocess.run(["docker", "inspect", "--format", "{{.Id}} {{.State.FinishedAt}}", *container_ids],
                         capture_output=True, text=True, check=True).stdout
    finished = {}
    for line in out.splitlines():
        cid, when = line.split(" ", 1)
        # nanoseconds: keep microseconds for fromisoformat
        when = re.sub(r"(\.\d{6})\d*", r"\1", when)
        finished[cid] = parse_iso(when)
    return finished


# ---------------------------------------------------------------- case 1: spawn


# All three spawn contenders create identical containers: the same limits, workspace mount and
# cfn-wave's secure defaults (no-new-privileges, every capability dropped, a pids limit).
def spawn_cfn(n, workspace, tmp, round_no):
    plan = write_plan(os.path.join(tmp, f"spawn{n}.json"), [{"wave_number": 1, "batches": batches("s", n, "sleep 60")}])
    run_id = f"bs{n}r{round_no}"
    seconds, result = timed([CFN, "spawn", "--wave-plan", plan, "--wave-number", "1", "--workspace", workspace,
                             "--parallel", "5", "--run-id", run_id], env=cfn_env())
    if result.returncode != 0:
        raise RuntimeError("cfn-wave spawn failed: " + result.stderr[-500:])
    remove_run(run_id)
    return seconds


def spawn_cli(n, workspace, round_no):
    tag = f"cli{n}r{round_no}"
    script = (f"seq 1 {n} | xargs -P 5 -I{{}} docker run -d --name bench-{tag}-{{}} --label {LABEL}={tag} "
              f"-m 512m --memory-reservation 512m --memory-swap 512m --mount type=bind,src={workspace},dst=/workspace "
              f"--security-opt no-new-privileges --cap-drop ALL --pids-limit 1024 "
              f"-e TASK_PROMPT='sleep 60' -e BATCH_ID=b{{}} {IMAGE} >/dev/null")
    seconds, result = timed(["bash", "-c", script])
    if result.returncode != 0:
        raise RuntimeError("docker run failed: " + result.stderr[-500:])
    remove_label(tag)
    return seconds


def spawn_api(n, workspace, concurrency, round_no):
    tag = f"api{n}c{concurrency}r{round_no}"

    def one(i):
        body = {"Image": IMAGE, "Env": ["TASK_PROMPT=sleep 60", f"BATCH_ID=b{i}"], "Labels": {LABEL: tag},
                "HostConfig": {"Memory": 512 << 20, "MemoryReservation": 512 << 20, "MemorySwap": 512 << 20,
                               "Mounts": [{"Type": "bind", "Source": workspace, "Target": "/workspace"}],
                               "SecurityOpt": ["no-new-privileges"], "CapDrop": ["ALL"], "PidsLimit": 1024}}
        created = engine("POST", f"/containers/create?name=bench-{tag}-{i}", body)
        engine("POST", f"/containers/{created['Id']}/start")

    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(n)))
    seconds = time.monotonic() - start
    remove_label(tag)
    return seconds


def case_spawn(sizes, rounds, workspace, tmp):
    results = {}
    for n in sizes:
        best_concurrency, best = None, None
        for concurrency in (2, 4, 8):
            seconds = spawn_api(n, workspace, concurrency, 0)
            log(f"spawn N={n}: engine API at concurrency {concurrency}: {seconds:.2f} s")
            if best is None or seconds < best:
                best_concurrency, best = concurrency, seconds
        cfn, cli, api = [], [], []
        for r in range(1, rounds + 1):
            cfn.append(spawn_cfn(n, workspace, tmp, r))
            cli.append(spawn_cli(n, workspace, r))
            api.append(spawn_api(n, workspace, best_concurrency, r))
            log(f"spawn N={n} round {r}: cfn-wave {cfn[-1]:.2f} s, docker CLI {cli[-1]:.2f} s, API {api[-1]:.2f} s")
        results[str(n)] = {
            "cfn_wave": summary(cfn), "docker_cli_xargs_p5": summary(cli),
            f"engine_api_concurrency_{best_concurrency}": summary(api),
            "ratio_cfn_over_cli": statistics.median(cfn) / statistics.median(cli),
            "ratio_cfn_over_engine_limit": statistics.median(cfn) / statistics.median(api),
        }
    return results


# ---------------------------------------------------------------- case 2: watching


def staggered_plan(tmp, n, spread):
    step = spread / n
    return write_plan(os.path.join(tmp, f"watch{n}.json"), [{"wave_number": 1, "batches": batches(
        "w", n, lambda i: f"sleep {step * (i + 1):.2f}")}])


def watch_cfn(n, spread, workspace, tmp, round_no):
    run_id = f"bw{n}r{round_no}"
    manifest = os.path.join(tmp, f"{run_id}.json")
    plan = staggered_plan(tmp, n, spread)
    subprocess.run([CFN, "spawn", "--wave-plan", plan, "--wave-number", "1", "--workspace", workspace,
                    "--run-id", run_id, "--output", manifest], env=cfn_env(), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    watching_from = time.time()
    result = subprocess.run(["/usr/bin/time", "-f", "CPU %U %S", CFN, "monitor", "--containers", manifest,
                             "--poll-interval", "5", "--verbose"], env=cfn_env(), capture_output=True, text=True)
    detected = {}
    for line in result.stderr.splitlines():
        match = re.match(r"(\S+Z) \w+ +(cfn-wave\S+) (success|failed|oom_killed)", line)
        if match:
            detected[match.group(2)] = parse_iso(match.group(1))
    cpu = sum(float(x) for x in re.search(r"CPU ([\d.]+) ([\d.]+)", result.stderr).groups())
    # The same command once every container has ended: what start-up alone costs.
    again = subprocess.run(["/usr/bin/time", "-f", "CPU %U %S", CFN, "monitor", "--containers", manifest,
                            "--poll-interval", "5"], env=cfn_env(), capture_output=True, text=True)
    startup_cpu = sum(float(x) for x in re.search(r"CPU ([\d.]+) ([\d.]+)", again.stderr).groups())
    names = subprocess.run(["docker", "ps", "-a", "--filter", f"label=cfn.run.id={run_id}", "--format",
                            "{{.ID}} {{.Names}}"], capture_output=True, text=True, check=True).stdout.split("\n")
    ids = {line.split()[1]: line.split()[0] for line in names if line.strip()}
    finished = docker_finished_at(list(ids.values()))
    latencies, ended = [], []
    for name, cid in ids.items():
        full = next(k for k in finished if k.startswith(cid))
        if name in detected:
            latencies.append(detected[name] - finished[full])
            ended.append(finished[full])
    latencies = exits_while_watched(latencies, ended, watching_from, "cfn-wave")
    remove_run(run_id)
    return latencies, cpu, startup_cpu


def exits_while_watched(latencies, finished_times, watching_from, who):
    """Only exits after the watcher started measure detection: an engine that starts containers
    slowly (Docker 26.1 here) has the first ones end while the wave is still being spawned, and
    those are found at the watcher's start, whatever its way of watching."""
    kept = [lat for lat, at in zip(latencies, finished_times) if at >= watching_from]
    if len(kept) < len(latencies):
        log(f"watch: {who}: {len(latencies) - len(kept)} of {len(latencies)} containers ended before it "
            f"started watching; left out of its latency")
    return kept


POLLING_MONITOR = r"""
ids=("$@"); declare -A seen
while (( ${#seen[@]} < ${#ids[@]} )); do
  docker ps --all --filter label=cfn.bench=$TAG >/dev/null
  for id in "${ids[@]}"; do
    [[ -n "${seen[$id]:-}" ]] && continue
    state=$(docker inspect --format '{{.State.Status}}' "$id")
    if [[ "$state" == exited ]]; then seen[$id]=1; echo "$id $(date +%s.%N)"; fi
  done
  sleep 5
done
"""


def watch_polling(n, spread, workspace, round_no):
    tag = f"poll{n}r{round_no}"
    step = spread / n
    ids = []
    for i in range(n):
        body = {"Image": IMAGE, "Env": [f"TASK_PROMPT=sleep {step * (i + 1):.2f}"], "Labels": {LABEL: tag},
                "HostConfig": {"Memory": 512 << 20}}
        created = engine("POST", f"/containers/create?name=bench-{tag}-{i}", body)
        engine("POST", f"/containers/{created['Id']}/start")
        ids.append(created["Id"])
    watching_from = time.time()
    result = subprocess.run(["/usr/bin/time", "-f", "CPU %U %S", "bash", "-c", POLLING_MONITOR, "poll", *ids],
                            env={**os.environ, "TAG": tag}, capture_output=True, text=True)
    detected = {line.split()[0]: float(line.split()[1]) for line in result.stdout.splitlines() if line.strip()}
    finished = docker_finished_at(ids)
    seen = [cid for cid in ids if cid in detected]
    latencies = exits_while_watched([detected[cid] - finished[cid] for cid in seen],
                                    [finished[cid] for cid in seen], watching_from, "polling")
    cpu = sum(float(x) for x in re.search(r"CPU ([\d.]+) ([\d.]+)", result.stderr).groups())
    remove_label(tag)
    return latencies, cpu


def median_or_nan(values):
    return statistics.median(values) if values else float("nan")


def p95(values):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def case_watch(n, spread, rounds, workspace, tmp):
    cfn_lat, cfn_cpu, cfn_startup, poll_lat, poll_cpu = [], [], [], [], []
    for r in range(1, rounds + 1):
        lat, cpu, startup = watch_cfn(n, spread, workspace, tmp, r)
        cfn_lat += lat
        cfn_cpu.append(cpu)
        cfn_startup.append(startup)
        lat, cpu = watch_polling(n, spread, workspace, r)
        poll_lat += lat
        poll_cpu.append(cpu)
        log(f"watch round {r}: cfn-wave p95 {p95(cfn_lat) * 1000:.0f} ms, polling p95 {p95(poll_lat) * 1000:.0f} ms")
    return {
        "containers": n, "spread_seconds": spread,
        "cfn_wave": {"latency_median_ms": median_or_nan(cfn_lat) * 1000, "latency_p95_ms": p95(cfn_lat) * 1000,
                     "cpu_seconds": summary(cfn_cpu), "cpu_percent_of_one_core": statistics.median(cfn_cpu) / spread * 100,
                     "startup_cpu_seconds": summary(cfn_startup),
                     "cpu_percent_excluding_startup":
                         (statistics.median(cfn_cpu) - statistics.median(cfn_startup)) / spread * 100},
        "polling_monitor": {"latency_median_ms": median_or_nan(poll_lat) * 1000,
                            "latency_p95_ms": p95(poll_lat) * 1000, "cpu_seconds": summary(poll_cpu),
                            "cpu_percent_of_one_core": statistics.median(poll_cpu) / spread * 100},
    }


# ---------------------------------------------------------------- case 3: makespan


def skewed_plan(tmp, n, long_seconds, short_seconds, estimates):
    """n batches in four waves, each one long batch and short ones; in plan order a wave's long
    batch comes after the short ones of the wave before. expected_seconds only if estimates."""
    waves = []
    per_wave = n // 4
    for w in range(1, 5):
        wave = [{"batch_id": f"w{w}-long", "tier": 1, "task_prompt": f"sleep {long_seconds}"}]
        wave += batches(f"w{w}-s", per_wave - 1, f"sleep {short_seconds}")
        if estimates:
            for b in wave:
                b["expected_seconds"] = long_seconds if b["batch_id"].endswith("long") else short_seconds
        waves.append({"wave_number": w, "batches": wave})
    return write_plan(os.path.join(tmp, f"makespan-{estimates}.json"), waves)


def skewed_ideal(n, slots, long_seconds, short_seconds):
    work = 4 * long_seconds + (n - 4) * short_seconds
    return max(work / slots, long_seconds)


def run_skewed(plan, mode, slots, workspace, runs_dir, run_id):
    seconds, result = timed([CFN, "run", "--wave-plan", plan, "--workspace", workspace,
                             "--schedule", mode, "--memory-budget", f"{slots * 512}m", "--run-id", run_id,
                             "--runs-dir", runs_dir, "--poll-interval", "5"], env=cfn_env())
    if result.returncode != 0:
        raise RuntimeError(f"run --schedule {mode} failed: " + result.stderr[-500:])
    return seconds, result


def case_makespan(n, rounds, workspace, tmp, long_seconds, short_seconds):
    """Waves against continuous, on a plan whose batches say how long they expect to run
    (expected_seconds) and, for reference, continuous on the same plan without those estimates
    and without earlier runs to learn them from (a fresh runs folder each time)."""
    plans = {e: skewed_plan(tmp, n, long_seconds, short_seconds, e) for e in (True, False)}
    slots = 5
    ideal = skewed_ideal(n, slots, long_seconds, short_seconds)
    results = {"batches": n, "concurrency": slots, "ideal_lower_bound_seconds": ideal}
    contenders = (("waves", "waves", True), ("continuous", "continuous", True),
                  ("continuous_without_estimates", "continuous", False))
    samples = {key: [] for key, _, _ in contenders}
    for r in range(1, rounds + 1):
        for key, mode, estimates in contenders:
            run_id = f"bm{mode[:4]}{int(estimates)}{r}{int(time.time()) % 100000}"
            runs_dir = os.path.join(tmp, "runs" if estimates else f"runs-cold-{run_id}")
            seconds, _ = run_skewed(plans[estimates], mode, slots, workspace, runs_dir, run_id)
            samples[key].append(seconds)
            log(f"makespan round {r}: {key} {seconds:.1f} s (ideal {ideal:.1f} s)")
    for key, values in samples.items():
        results[key] = summary(values)
    results["ratio_continuous_over_ideal"] = statistics.median(samples["continuous"]) / ideal
    results["ratio_continuous_over_waves"] = statistics.median(samples["continuous"]) / statistics.median(samples["waves"])
    return results


# ---------------------------------------------------------------- case 3b: history


def case_history(n, rounds, workspace, tmp, long_seconds, short_seconds):
    """continuous on the skewed plan without expected_seconds, run twice in a fresh runs folder:
    the first run has nothing to learn from (plan order), the second takes its estimates from the
    first (learned durations)."""
    plan = skewed_plan(tmp, n, long_seconds, short_seconds, False)
    slots = 5
    ideal = skewed_ideal(n, slots, long_seconds, short_seconds)
    results = {"batches": n, "concurrency": slots, "ideal_lower_bound_seconds": ideal}
    samples = {"first_run": [], "second_run": []}
    for r in range(1, rounds + 1):
        runs_dir = os.path.join(tmp, f"runs-history-{r}")
        for key in samples:
            run_id = f"bh{key[0]}{r}{int(time.time()) % 100000}"
            seconds, result = run_skewed(plan, "continuous", slots, workspace, runs_dir, run_id)
            samples[key].append(seconds)
            said = [line for line in result.stderr.splitlines() if "estimates:" in line]
            log(f"history round {r}: {key} {seconds:.1f} s (ideal {ideal:.1f} s); "
                + (said[0].strip() if said else "no estimates line"))
    for key, values in samples.items():
        results[key] = summary(values)
    results["ratio_second_over_ideal"] = statistics.median(samples["second_run"]) / ideal
    results["ratio_first_over_ideal"] = statistics.median(samples["first_run"]) / ideal
    return results


# ---------------------------------------------------------------- case 3c: backfill


def backfill_plan(tmp, big, big_seconds, small, small_seconds):
    """One wave: big batches of 4g and small ones of 1g, each with expected_seconds, so the big ones
    (longer) are offered memory first and one of them is held at the head while another runs."""
    wave = [{"batch_id": f"big{i}", "memory": "4g", "task_prompt": f"sleep {big_seconds}",
             "expected_seconds": big_seconds} for i in range(big)]
    wave += [{"batch_id": f"small{i}", "memory": "1g", "task_prompt": f"sleep {small_seconds}",
              "expected_seconds": small_seconds} for i in range(small)]
    return write_plan(os.path.join(tmp, "backfill.json"), [{"wave_number": 1, "batches": wave}])


def journal_figures(run_folder):
    """From the run's journal: the makespan (first attempt_starting to last attempt_ended), the
    longest a big batch waited from the run's start, and the longest a big batch started after the
    big batch before it ended (what backfilling may cost the held batch)."""
    with open(os.path.join(run_folder, "journal.jsonl")) as f:
        entries = [json.loads(line) for line in f if line.strip()]
    run_start = parse_iso(next(e["at"] for e in entries if e["type"] == "run_started"))
    starts = {e["batch_id"]: parse_iso(e["at"]) for e in entries if e["type"] == "attempt_starting"}
    ends = {e["batch_id"]: parse_iso(e["at"]) for e in entries if e["type"] == "attempt_ended"}
    bigs = sorted((b for b in starts if b.startswith("big")), key=starts.get)
    delays = [starts[b] - (ends[bigs[i - 1]] if i else run_start) for i, b in enumerate(bigs)]
    return {"makespan": max(ends.values()) - min(starts.values()),
            "longest_big_wait": max(starts[b] - run_start for b in bigs),
            "longest_big_delay": max(delays)}


def case_backfill(rounds, workspace, tmp, big, big_seconds, small, small_seconds):
    """--schedule continuous under a 6g budget, big 4g batches offered first and small 1g ones:
    --backfill-limit 0 (strict order: the small ones wait behind a held big one) against the default
    (they fill the 2g beside the running big one). Figures from each run's journal."""
    plan = backfill_plan(tmp, big, big_seconds, small, small_seconds)
    budget_gib = 6
    work = big * 4 * big_seconds + small * 1 * small_seconds
    ideal = max(work / budget_gib, big * big_seconds)  # two 4g batches never fit 6g at once
    results = {"big_batches": big, "big_seconds": big_seconds, "small_batches": small,
               "small_seconds": small_seconds, "memory_budget": f"{budget_gib}g",
               "ideal_lower_bound_seconds": ideal}
    contenders = (("strict", "0"), ("backfill", None))
    samples = {key: {"makespan": [], "longest_big_wait": [], "longest_big_delay": []} for key, _ in contenders}
    for r in range(1, rounds + 1):
        for key, limit in contenders:
            run_id = f"bb{key[0]}{r}{int(time.time()) % 100000}"
            runs_dir = os.path.join(tmp, f"runs-backfill-{run_id}")
            extra = [] if limit is None else ["--backfill-limit", limit]
            _, result = timed([CFN, "run", "--wave-plan", plan, "--workspace", workspace, "--schedule", "continuous",
                               "--memory-budget", f"{budget_gib}g", "--run-id", run_id, "--runs-dir", runs_dir,
                               "--poll-interval", "5", *extra], env=cfn_env())
            if result.returncode != 0:
                raise RuntimeError(f"run ({key}) failed: " + result.stderr[-500:])
            figures = journal_figures(os.path.join(runs_dir, run_id))
            for name, value in figures.items():
                samples[key][name].append(value)
            log(f"backfill round {r}: {key} makespan {figures['makespan']:.1f} s, longest 4g wait "
                f"{figures['longest_big_wait']:.1f} s, longest 4g delay {figures['longest_big_delay']:.1f} s "
                f"(ideal {ideal:.1f} s)")
    for key, figures in samples.items():
        results[key] = {name: summary(values) for name, values in figures.items()}
    results["ratio_backfill_over_strict"] = (statistics.median(samples["backfill"]["makespan"])
                                             / statistics.median(samples["strict"]["makespan"]))
    results["ratio_backfill_over_ideal"] = statistics.median(samples["backfill"]["makespan"]) / ideal
    return results


# ---------------------------------------------------------------- case 4: cleanup


def exited_containers(n, tag, run_id=None, workspace=None, tmp=None):
    if run_id:
        plan = write_plan(os.path.join(tmp, f"clean{n}.json"), [{"wave_number": 1, "batches": batches(
            "c", n, lambda i: "echo failing; exit 1" if i % 3 == 0 else "echo ok")}], task_id=run_id)
        subprocess.run([CFN, "spawn", "--wave-plan", plan, "--wave-number", "1", "--workspace", workspace,
                        "--run-id", run_id], env=cfn_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
    else:
        for i in range(n):
            prompt = "echo failing; exit 1" if i % 3 == 0 else "echo ok"
            created = engine("POST", f"/containers/create?name=bench-{tag}-{i}",
                             {"Image": IMAGE, "Env": [f"TASK_PROMPT={prompt}"], "Labels": {LABEL: tag}})
            engine("POST", f"/containers/{created['Id']}/start")
    time.sleep(3)


def case_cleanup(sizes, rounds, workspace, tmp):
    """cfn-wave cleanup --preserve-failed-logs against the same work from the CLI (docker logs of the
    failed third, then docker rm -f, five at a time), and against a bare docker rm -f that keeps no log."""
    results = {}
    for n in sizes:
        cfn, cli, bare = [], [], []
        for r in range(1, rounds + 1):
            run_id = f"bc{n}r{r}"
            exited_containers(n, None, run_id, workspace, tmp)
            seconds, result = timed([CFN, "cleanup", "--task-id", run_id, "--preserve-failed-logs"],
                                    env=cfn_env({"CFN_LOG_DIR": os.path.join(tmp, "logs")}))
            if result.returncode != 0:
                raise RuntimeError("cfn-wave cleanup failed: " + result.stderr[-500:])
            cfn.append(seconds)
            tag = f"rm{n}r{r}"
            exited_containers(n, tag)
            logs = os.path.join(tmp, f"cli-logs-{tag}")
            os.makedirs(logs)
            script = (f"docker ps -aq --filter label={LABEL}={tag} --filter status=exited | "
                      f"xargs -r docker inspect --format '{{{{.Id}}}} {{{{.State.ExitCode}}}}' | "
                      f"awk '$2 != 0 {{print $1}}' | "
                      f"xargs -r -P 5 -I ID sh -c 'docker logs ID > {logs}/ID.log 2>&1' && "
                      f"docker ps -aq --filter label={LABEL}={tag} | xargs -r -P 5 -n 10 docker rm -f >/dev/null")
            seconds, result = timed(["bash", "-c", script])
            if result.returncode != 0 or len(os.listdir(logs)) != (n + 2) // 3:
                raise RuntimeError(f"the CLI cleanup kept {len(os.listdir(logs))} logs: " + result.stderr[-300:])
            cli.append(seconds)
            tag = f"bare{n}r{r}"
            exited_containers(n, tag)
            script = f"docker ps -aq --filter label={LABEL}={tag} | xargs -r -P 5 -n 10 docker rm -f >/dev/null"
            seconds, _ = timed(["bash", "-c", script])
            bare.append(seconds)
            log(f"cleanup N={n} round {r}: cfn-wave {cfn[-1]:.2f} s, CLI with logs {cli[-1]:.2f} s "
                f"(logs of a third kept by both), bare docker rm -f {bare[-1]:.2f} s (no logs)")
        results[str(n)] = {"cfn_wave": summary(cfn), "docker_cli_with_logs": summary(cli),
                           "docker_rm_f_no_logs": summary(bare),
                           "ratio_cfn_over_cli": statistics.median(cfn) / statistics.median(cli),
                           "ratio_cfn_over_bare_rm": statistics.median(cfn) / statistics.median(bare)}
    return results


# ---------------------------------------------------------------- case 5: start-up


def case_startup(rounds, workspace, tmp):
    plan = write_plan(os.path.join(tmp, "dry100.json"), [{"wave_number": 1, "batches": batches("d", 100, "true")}])
    version, dry = [], []
    for _ in range(rounds * 3):
        version.append(timed([CFN, "--version"])[0])
        dry.append(timed([CFN, "spawn", "--wave-plan", plan, "--wave-number", "1", "--workspace", workspace,
                          "--dry-run"], env=cfn_env())[0])
    return {"version": summary(version), "spawn_dry_run_100": summary(dry)}


# ---------------------------------------------------------------- case 6: scale


def case_scale(sizes, workspace, tmp):
    results = {}
    for n in sizes:
        plan = write_plan(os.path.join(tmp, f"scale{n}.json"), [{"wave_number": 1, "batches": batches("x", n, "true")}])
        run_id = f"bx{n}{int(time.time()) % 100000}"
        result = subprocess.run(["/usr/bin/time", "-f", "RSS %M WALL %e", CFN, "run", "--wave-plan", plan,
                                 "--workspace", workspace, "--memory-budget", "640m", "--run-id", run_id,
                                 "--runs-dir", os.path.join(tmp, "runs"), "--poll-interval", "5"],
                                env=cfn_env({"CFN_TIER_1_MEMORY": "64m"}), capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"run of {n} failed: " + result.stderr[-500:])
        rss_kb, wall = re.search(r"RSS (\d+) WALL ([\d.]+)", result.stderr).groups()
        results[str(n)] = {"wall_seconds": float(wall), "per_container_seconds": float(wall) / n,
                           "peak_rss_mb": int(rss_kb) / 1024}
        log(f"scale N={n}: {float(wall):.1f} s, {float(wall) / n * 1000:.0f} ms per container, "
            f"peak RSS {int(rss_kb) / 1024:.0f} MB")
    smallest, largest = str(min(sizes)), str(max(sizes))
    results["ratio_per_container_largest_over_smallest"] = (
        results[largest]["per_container_seconds"] / results[smallest]["per_container_seconds"])
    return results


# ---------------------------------------------------------------- report


def machine():
    info = json.loads(subprocess.run(["docker", "info", "--format", "{{json .}}"], capture_output=True,
                                     text=True, check=True).stdout)
    return {"cpus": os.cpu_count(), "memory_gib": round(info.get("MemTotal", 0) / 2**30, 1),
            "engine": info.get("ServerVersion"), "engine_api": engine("GET", "/version").get("ApiVersion"),
            "cgroup": info.get("CgroupVersion"),
            "kernel": platform.release(), "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}


def table(results):
    rows = []
    for case in CASES:
        try:
            rows += table_rows(case, results)
        except KeyError:
            log(f"no current results for {case}: rerun with --cases {case}")
    m = results.get("machine", {})
    lines = [f"Engine {m.get('engine')} (API {m.get('engine_api')}), cgroup v{m.get('cgroup')}, "
             f"{m.get('cpus')} cores, {m.get('date')}", "",
             "| case | cfn-wave | against | ratio |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def table_rows(case, results):
    rows = []
    r_all = results[case]
    if case == "spawn":
        for n, r in r_all.items():
            api_key = next(k for k in r if k.startswith("engine_api"))
            rows.append((f"spawn N={n}", f"cfn-wave {r['cfn_wave']['median']:.2f} s",
                         f"CLI {r['docker_cli_xargs_p5']['median']:.2f} s / API {r[api_key]['median']:.2f} s",
                         f"x{r['ratio_cfn_over_cli']:.2f} of CLI, x{r['ratio_cfn_over_engine_limit']:.2f} of API"))
    elif case == "watch":
        w = r_all
        rows.append((f"watch {w['containers']} exits", f"p95 {w['cfn_wave']['latency_p95_ms']:.0f} ms, "
                     f"CPU {w['cfn_wave']['cpu_percent_of_one_core']:.2f}% "
                     f"({w['cfn_wave']['cpu_percent_excluding_startup']:.2f}% after a "
                     f"{w['cfn_wave']['startup_cpu_seconds']['median']:.2f} s start-up)",
                     f"polling p95 {w['polling_monitor']['latency_p95_ms']:.0f} ms, "
                     f"CPU {w['polling_monitor']['cpu_percent_of_one_core']:.2f}%", ""))
    elif case == "makespan":
        m = r_all
        rows.append((f"makespan {m['batches']} batches", f"continuous {m['continuous']['median']:.1f} s",
                     f"waves {m['waves']['median']:.1f} s / ideal {m['ideal_lower_bound_seconds']:.1f} s / "
                     f"continuous without estimates {m['continuous_without_estimates']['median']:.1f} s",
                     f"x{m['ratio_continuous_over_ideal']:.2f} of ideal, "
                     f"x{m['ratio_continuous_over_waves']:.2f} of waves"))
    elif case == "history":
        m = r_all
        rows.append((f"learned estimates, {m['batches']} batches", f"second run {m['second_run']['median']:.1f} s",
                     f"first run {m['first_run']['median']:.1f} s / ideal {m['ideal_lower_bound_seconds']:.1f} s",
                     f"x{m['ratio_second_over_ideal']:.2f} of ideal (first x{m['ratio_first_over_ideal']:.2f})"))
    elif case == "backfill":
        b = r_all
        rows.append((f"backfill {b['big_batches']}x4g + {b['small_batches']}x1g in {b['memory_budget']}",
                     f"makespan {b['backfill']['makespan']['median']:.1f} s, longest 4g wait "
                     f"{b['backfill']['longest_big_wait']['median']:.1f} s",
                     f"--backfill-limit 0 {b['strict']['makespan']['median']:.1f} s "
                     f"(4g wait {b['strict']['longest_big_wait']['median']:.1f} s) / "
                     f"ideal {b['ideal_lower_bound_seconds']:.1f} s",
                     f"x{b['ratio_backfill_over_strict']:.2f} of strict, x{b['ratio_backfill_over_ideal']:.2f} of ideal"))
    elif case == "cleanup":
        for n, r in r_all.items():
            rows.append((f"cleanup N={n}", f"cfn-wave {r['cfn_wave']['median']:.2f} s",
                         f"CLI with logs {r['docker_cli_with_logs']['median']:.2f} s / "
                         f"bare docker rm -f {r['docker_rm_f_no_logs']['median']:.2f} s",
                         f"x{r['ratio_cfn_over_cli']:.2f} of CLI, x{r['ratio_cfn_over_bare_rm']:.2f} of bare rm"))
    elif case == "startup":
        rows.append(("start-up", f"--version {r_all['version']['median']:.2f} s",
                     f"spawn --dry-run (100) {r_all['spawn_dry_run_100']['median']:.2f} s", ""))
    elif case == "scale":
        for n, r in r_all.items():
            if n.isdigit():
                rows.append((f"scale N={n}", f"{r['per_container_seconds'] * 1000:.0f} ms/container",
                             f"peak RSS {r['peak_rss_mb']:.0f} MB", ""))
        rows.append(("scale ratio", f"x{r_all['ratio_per_container_largest_over_smallest']:.2f}",
                     "per container, largest N over smallest", ""))
    return rows


def chart(results, path):
    try:
        draw_chart(results, path)
    except KeyError as e:
        log(f"no chart: results lack {e} (rerun all cases)")


def draw_chart(results, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib missing: no chart")
        return
    fig, axes = plt.subplots(1, 5, figsize=(20, 4))
    spawn = results["spawn"]
    sizes = list(spawn)
    for i, (key, label) in enumerate((("cfn_wave", "cfn-wave"), ("docker_cli_xargs_p5", "docker run -d, xargs -P5"),
                                      (None, "engine API (best concurrency)"))):
        values = []
        for n in sizes:
            k = key or next(k for k in spawn[n] if k.startswith("engine_api"))
            values.append(spawn[n][k]["median"])
        axes[0].bar([x + i * 0.27 for x in range(len(sizes))], values, 0.27, label=label)
    axes[0].set_xticks([x + 0.27 for x in range(len(sizes))], [f"N={n}" for n in sizes])
    axes[0].set_title("spawn wall time (s)")
    axes[0].legend(fontsize=7)
    w = results["watch"]
    axes[1].bar(["cfn-wave", "polling"], [w["cfn_wave"]["latency_p95_ms"], w["polling_monitor"]["latency_p95_ms"]])
    axes[1].set_title("exit detection p95 (ms)")
    m = results["makespan"]
    axes[2].bar(["ideal", "continuous", "continuous,\nno estimates", "waves"],
                [m["ideal_lower_bound_seconds"], m["continuous"]["median"],
                 m["continuous_without_estimates"]["median"], m["waves"]["median"]])
    axes[2].set_title(f"makespan, {m['batches']} skewed batches (s)")
    b = results["backfill"]
    axes[3].bar(["ideal", "backfill\n(default)", "strict\n(limit 0)"],
                [b["ideal_lower_bound_seconds"], b["backfill"]["makespan"]["median"],
                 b["strict"]["makespan"]["median"]])
    axes[3].set_title(f"makespan, {b['big_batches']}x4g + {b['small_batches']}x1g in {b['memory_budget']} (s)")
    c = results["cleanup"]
    for i, (key, label) in enumerate((("cfn_wave", "cfn-wave"), ("docker_cli_with_logs", "CLI, same logs"),
                                      ("docker_rm_f_no_logs", "bare docker rm -f"))):
        axes[4].bar([x + i * 0.27 for x in range(len(c))], [c[n][key]["median"] for n in c], 0.27, label=label)
    axes[4].set_xticks([x + 0.27 for x in range(len(c))], [f"N={n}" for n in c])
    axes[4].set_title("cleanup wall time (s)")
    axes[4].legend(fontsize=7)
    fig.suptitle(f"cfn-wave benchmarks, {results['machine']['cpus']} cores, engine {results['machine']['engine']}, "
                 f"{results['machine']['date']}", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=90)


CASES = ("spawn", "watch", "makespan", "history", "backfill", "cleanup", "startup", "scale")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small N, one round")
    parser.add_argument("--cases", default=",".join(CASES),
                        help="comma-separated subset of " + ",".join(CASES) + " (results of the rest are kept)")
    args = parser.parse_args()
    cases = args.cases.split(",")
    unknown = set(cases) - set(CASES)
    if unknown:
        parser.error("unknown case(s): " + ",".join(sorted(unknown)))
    quick = args.quick
    rounds = 1 if quick else 3
    os.makedirs(RESULTS, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cfn-bench-", dir=os.environ.get("CFN_BENCH_TMPDIR")) as tmp:
        workspace = os.path.join(tmp, "workspace")
        os.makedirs(workspace)
        subprocess.run([CFN, "--version"], capture_output=True)  # builds the class-data archive
        name = "quick" if quick else "latest"
        results = {}
        previous = os.path.join(RESULTS, f"{name}.json")
        if set(cases) != set(CASES) and os.path.exists(previous):
            with open(previous) as f:
                results = json.load(f)
        results.update({"machine": machine(), "quick": quick})
        plans = {
            "spawn": lambda: case_spawn([5] if quick else [28, 100], rounds, workspace, tmp),
            "watch": lambda: case_watch(6 if quick else 28, 6 if quick else 60, rounds, workspace, tmp),
            "makespan": lambda: case_makespan(12 if quick else 60, rounds, workspace, tmp,
                                              4 if quick else 20, 1 if quick else 2),
            "history": lambda: case_history(12 if quick else 60, rounds, workspace, tmp,
                                            4 if quick else 20, 1 if quick else 2),
            "backfill": lambda: case_backfill(rounds, workspace, tmp, 2 if quick else 4, 6 if quick else 20,
                                              12 if quick else 24, 2 if quick else 5),
            "cleanup": lambda: case_cleanup([6] if quick else [28, 100], rounds, workspace, tmp),
            "startup": lambda: case_startup(rounds, workspace, tmp),
            "scale": lambda: case_scale([10, 30] if quick else [28, 100, 500], workspace, tmp),
        }
        for case in CASES:
            if case in cases:
                results[case] = plans[case]()
    with open(os.path.join(RESULTS, f"{name}.json"), "w") as f:
        json.dump(results, f, indent=2)
    chart(results, os.path.join(RESULTS, f"{name}.png"))
    print(table(results))
    log(f"wrote bench/results/{name}.json and {name}.png")


if __name__ == "__main__":
    main()
