#!/usr/bin/env python3
"""Writes the WIM section of bench/RESULTS.md from the hyperfine JSON files of a bench/run.sh run (also usable on a
partial run). Only the text between the BEGIN/END markers is replaced; the other sections of the file are kept.

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
startups = []  # (time, hyperfine result of `deployforge formats`), one per run
for file in sorted(n for n in os.listdir(results) if n.startswith("start-up-") and n.endswith(".json")):
    try:
        result = json.load(open(os.path.join(results, file)))["results"][0]
    except ValueError:
        continue
    startups.append((os.path.getmtime(os.path.join(results, file)), result))
def startup_before(mtime):
    """The start-up measured at the beginning of the run that measured a row."""
    earlier = [result for when, result in startups if when <= mtime]
    return earlier[-1] if earlier else (startups[0][1] if startups else None)
order = sorted(n for n in os.listdir(results) if n.endswith(".json") and not n.startswith("start-up-"))
for file in order:
    try:
        data = json.load(open(os.path.join(results, file)))
    except ValueError:
        continue  # a measurement still running (or interrupted)
    name = open(os.path.join(results, file[:-5] + ".name")).read()
    by = {r["command"]: r for r in data["results"]}
    if "wimlib-imagex" not in by:
        continue  # an old-style start-up file
    ours, theirs = by["deployforge"], by["wimlib-imagex"]
    mtime = os.path.getmtime(os.path.join(results, file))
    when = datetime.datetime.fromtimestamp(mtime, datetime.timezone.utc)
    rows.append((name, ours, theirs, when.strftime("%H:%M"), startup_before(mtime)))

BEGIN = "<!-- BEGIN bench/run.sh: written by bench/summarize.py, do not edit by hand -->"
END = "<!-- END bench/run.sh -->"
from io import StringIO
out = StringIO()
if True:
    out.write(BEGIN + "\n## WIM and the command line (`bench/run.sh`, issue 3)\n\n")
    out.write("Targets (issue 3): each operation at most 1.05x\n")
    out.write("wimlib-imagex wall time; `deployforge info` at most 1.5 s wall including the OSGi start.\n\n")
    out.write("- date: %s\n" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    out.write("- machine: %s, %s cores, %s MiB RAM, %s\n" % (cpu, os.cpu_count(),
              sh("free -m | awk '/Mem:/{print $2}'"), platform.platform()))
    out.write("- tools: %s; %s; Java %s\n" % (sh("wimlib-imagex --version | head -1"), sh("hyperfine --version"),
              sh("$JAVA_HOME/bin/java -version 2>&1 | head -1")))
    out.write("- command: `RUNS=%s bench/run.sh` (hyperfine, mean of the runs; every deployforge run includes the JVM\n"
              "  and OSGi start; inputs from `bench/generate.py`: 100,000 files of 50-4,000 bytes, and ~1 GiB in\n"
              "  400 files, a third random, a third text, a third structured binary)\n" % runs)
    out.write("- load: %s (uptime when written; both tools ran interleaved in the same run, so background load\n"
              "  inflates both; the ratios are the figure to read)\n"
              % sh("uptime | sed 's/.*load average/load average/'"))
    out.write("- launcher: `%s`\n" % df.replace(os.path.dirname(os.path.dirname(target)) + "/", ""))
    for when, startup in startups:
        out.write("- start-up (run of %s UTC): `deployforge formats` (JVM + OSGi start, no image opened) took %.3f s"
                  " ± %.3f wall, %.3f s user CPU, over %d runs\n" % (
                      datetime.datetime.fromtimestamp(when, datetime.timezone.utc).strftime("%H:%M"),
                      startup["mean"], startup["stddev"] or 0, startup["user"], len(startup["times"])))
    if startups:
        out.write("- \"net of start-up\": the deployforge mean minus the start-up measured in the same run\n")
    out.write("\n| operation | deployforge (s) | wimlib-imagex (s) | wall ratio | net of start-up | "
              "CPU (user+sys) ratio | runs | measured (UTC) |\n|---|---:|---:|---:|---:|---:|---:|---|\n")
    for name, ours, theirs, when, startup in rows:
        om, tm = ours["mean"], theirs["mean"]
        net = "%.2fx" % ((om - startup["mean"]) / tm) if startup else "-"
        cpu_ours = ours["user"] + ours["system"]
        cpu_theirs = theirs["user"] + theirs["system"]
        out.write("| %s | %.3f ± %.3f | %.3f ± %.3f | %.2fx | %s | %.2fx | %d | %s |\n" % (
            name, om, ours["stddev"] or 0, tm, theirs["stddev"] or 0, om / tm, net,
            cpu_ours / cpu_theirs if cpu_theirs else float("nan"), len(ours["times"]), when))
    notes = os.environ.get("BENCH_NOTES", "").strip()
    if notes:
        out.write("\nNotes:\n\n" + notes + "\n")
    out.write(END + "\n")
section = out.getvalue()
text = open(target).read() if os.path.exists(target) else "# Benchmark results\n\n"
if BEGIN in text and END in text:
    text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END) + 1:]
else:
    text = text.rstrip("\n") + "\n\n" + section
open(target, "w").write(text)
print(section)
