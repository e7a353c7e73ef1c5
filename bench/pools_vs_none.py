"""bench/pools.sh: the same plan with a pool in front of a rate-limiting API and without it.

The API is faked in the workspace: each batch registers itself in /workspace/api, waits 1 s,
counts who is registered, and answers 75 (rate limited) when more than --api-limit are; otherwise
it works --work seconds and leaves. Legs:
- pooled: the plan declares `"pools": {"api": --pool}` and every batch `"uses": ["api"]`;
- unpooled: the same plan without the pool; only --parallel and memory bound it.
Both run with --retries 0 (a rate-limited attempt goes back to the queue without using a retry)
and the default backoff. Per leg: makespan (report.json), attempts in all, rate-limited attempts
(the wasted ones), batches succeeded, and the ideal: batches x (1 + work) / api-limit.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGE = "cfn-wave/test-agent:latest"


def log(text):
    print(time.strftime("%H:%M:%S", time.gmtime()) + " pools-bench: " + text, file=sys.stderr, flush=True)


def fake_api(limit, work):
    return ("mkdir -p /workspace/api; f=/workspace/api/$(hostname); touch $f; sleep 1;"
            f" n=$(ls /workspace/api | wc -l); if [ $n -gt {limit} ]; then rm -f $f; exit 75; fi;"
            f" sleep {work}; rm -f $f")


def plan(args, pooled):
    batches = []
    for i in range(args.batches):
        batch = {"batch_id": f"p{i:03d}", "tier": 1, "task_prompt": fake_api(args.api_limit, args.work)}
        if pooled:
            batch["uses"] = ["api"]
        batches.append(batch)
    document = {"task_id": "pools-bench", "waves": [{"wave_number": 1, "batches": batches}]}
    if pooled:
        document["pools"] = {"api": args.pool}
    return document


def leg(name, args, pooled):
    folder = tempfile.mkdtemp(prefix="cfn-pools-bench-")
    with open(os.path.join(folder, "plan.json"), "w") as f:
        json.dump(plan(args, pooled), f)
    os.makedirs(os.path.join(folder, "workspace"))
    run_id = f"bench-pools-{name}-{int(time.time())}"
    command = [
        os.path.join(ROOT, "bin", "cfn-wave"), "run",
        "--wave-plan", os.path.join(folder, "plan.json"),
        "--run-id", run_id, "--runs-dir", os.path.join(folder, "runs"),
        "--workspace", os.path.join(folder, "workspace"),
        "--base-image", IMAGE, "--network", "none", "--outputs", "none",
        "--memory-budget", args.memory_budget, "--parallel", str(args.parallel),
        "--retries", "0", "--schedule", "continuous", "--quiet",
    ]
    log(f"{name}: {args.batches} batches")
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with open(os.path.join(folder, "runs", run_id, "report.json")) as f:
        report = json.load(f)
    attempts = [a for b in report["batches"] for a in b["attempts"]]
    return {
        "leg": name,
        "exit_code": done.returncode,
        "makespan_s": round(report["duration_seconds"], 1),
        "succeeded": sum(1 for b in report["batches"] if b["final_status"] == "success"),
        "attempts": len(attempts),
        "rate_limited_attempts": sum(1 for a in attempts if a["exit_status"] == "rate_limited"),
        "pools": report.get("pools", []),
    }


def main(argv):
    parser = argparse.ArgumentParser(prog="bench/pools.sh")
    parser.add_argument("--batches", type=int, default=24)
    parser.add_argument("--api-limit", type=int, default=4, help="the fake API answers 75 above this")
    parser.add_argument("--pool", type=int, default=4, help="the pooled leg's pool limit")
    parser.add_argument("--work", type=int, default=5, help="seconds a batch works once let in")
    parser.add_argument("--parallel", type=int, default=8)
    parser.add_argument("--memory-budget", default="8g")
    args = parser.parse_args(argv)
    version = subprocess.run(["docker", "version", "--format", "{{.Server.Version}} (API {{.Server.APIVersion}})"],
                             stdout=subprocess.PIPE, text=True, check=True).stdout.strip()
    legs = [leg("pooled", args, True), leg("unpooled", args, False)]
    print(json.dumps({
        "engine": "Docker " + version,
        "batches": args.batches, "api_limit": args.api_limit, "pool": args.pool, "work_s": args.work,
        "ideal_s": round(args.batches * (1 + args.work) / args.api_limit, 1),
        "legs": legs,
    }, indent=2))
    return 0 if all(l["exit_code"] == 0 and l["succeeded"] == args.batches for l in legs) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
