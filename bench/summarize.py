#!/usr/bin/env python3
"""Writes bench/RESULTS.md from the hyperfine JSON files of a bench/run.sh run (also usable on a partial run).

usage: summarize.py RESULTS_DIR RESULTS_MD LAUNCHER RUNS
"""
import datetime, json, os, platform, subprocess, sys
results, target, df, runs = sys.argv[1:5]
def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception:
        return "?"
cpu = sh("lscpu | sed -n 's/^Model name: *//p'") or platform.processor()
rows = []
order = sorted(n for n in os.listdir(results) if n.endswith(".json"))
for file in order:
    try:
        data = json.load(open(os.path.join(results, file)))
    except ValueError:
        continue  # a measurement still running (or interrupted)
    name = open(os.path.join(results, file[:-5] + ".name")).read()
    by = {r["command"]: r for r in data["results"]}
    ours, theirs = by["deployforge"], by["wimlib-imagex"]
    rows.append((name, ours["mean"], ours["stddev"] or 0, theirs["mean"], theirs["stddev"] or 0,
                 ours["mean"] / theirs["mean"], len(ours["times"])))
with open(target, "w") as out:
    out.write("# Benchmark: deployforge vs wimlib-imagex\n\n")
    out.write("Written by `bench/run.sh` (do not edit by hand). Targets (issue 3): each operation at most 1.05x\n")
    out.write("wimlib-imagex wall time; `deployforge info` at most 1.5 s wall including the OSGi start.\n\n")
    out.write("- date: %s\n" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    out.write("- machine: %s, %s cores, %s MiB RAM, %s\n" % (cpu, os.cpu_count(),
              sh("free -m | awk '/Mem:/{print $2}'"), platform.platform()))
    out.write("- tools: %s; %s; Java %s\n" % (sh("wimlib-imagex --version | head -1"), sh("hyperfine --version"),
              sh("$JAVA_HOME/bin/java -version 2>&1 | head -1")))
    out.write("- command: `RUNS=%s bench/run.sh` (hyperfine, mean of the runs; every deployforge run includes the JVM\n"
              "  and OSGi start; inputs from `bench/generate.py`: 100,000 files of 50-4,000 bytes, and ~1 GiB in\n"
              "  400 files, a third random, a third text, a third structured binary)\n" % runs)
    out.write("- load: %s (uptime when written; the 2 cores are shared with other builds, so absolute times are\n"
              "  inflated and noisy; both tools ran interleaved in the same run, so the ratios are the figure to read)\n"
              % sh("uptime | sed 's/.*load average/load average/'"))
    out.write("- launcher: `%s`\n\n" % df.replace(os.path.dirname(os.path.dirname(target)) + "/", ""))
    out.write("| operation | deployforge (s) | wimlib-imagex (s) | ratio | runs |\n|---|---:|---:|---:|---:|\n")
    for name, om, osd, tm, tsd, ratio, n in rows:
        out.write("| %s | %.3f ± %.3f | %.3f ± %.3f | %.2fx | %d |\n" % (name, om, osd, tm, tsd, ratio, n))
    notes = os.environ.get("BENCH_NOTES", "").strip()
    if notes:
        out.write("\nNotes:\n\n" + notes + "\n")
print(open(target).read())
