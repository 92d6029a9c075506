#!/usr/bin/env bash
# CPU accounting for the HTTP and pgbench workloads: where the CPU of one request goes
# (PostgreSQL backends of profiles_bench, the shim, the load generator) and how much CPU other
# processes on the machine used meanwhile. Sourced by run.sh. Times are in clock ticks.

CLK_TCK=$(getconf CLK_TCK)

# utime + stime of a process (all its threads); 0 when it is gone.
proc_ticks() {
    local stat rest
    { read -r stat <"/proc/$1/stat"; } 2>/dev/null || { echo 0; return; }
    rest=${stat##*) }
    set -- $rest
    echo $((${12} + ${13}))
}

# Busy ticks of the whole machine (all cores): user + nice + system + irq + softirq + steal.
machine_busy_ticks() {
    local cpu user nice system idle iowait irq softirq steal rest
    read -r cpu user nice system idle iowait irq softirq steal rest </proc/stat
    echo $((user + nice + system + irq + softirq + steal))
}

# The backends connected to database profiles_bench exit with their client (pgbench); a
# sampler remembers the last CPU figure of each one, so none is lost when it goes.
#   backend_sampler_start FILE   begins sampling every 0.2 s into FILE (pid ticks lines)
#   backend_sampler_stop         ends it
#   backend_ticks FILE           CPU the bench backends used while the sampler ran
backend_sampler_sample() { # round
    local pid stat rest
    for pid in $(pgrep -f '^postgres: [a-z_]+ profiles_bench '); do
        # a backend that exited since pgrep listed it is skipped, not counted as 0
        { read -r stat <"/proc/$pid/stat"; } 2>/dev/null || continue
        rest=${stat##*) }
        set -- $rest
        echo "$ROUND $pid $((${12} + ${13}))"
    done
}
backend_sampler_start() {
    local file=$1
    # Round 1 runs here, before the caller starts its load: the backends it sees (a pool's) are
    # the baseline; any backend first seen later was born during the run and starts from 0.
    ROUND=1 backend_sampler_sample >"$file"
    (
        trap 'exit 0' TERM
        round=1
        while :; do
            sleep 0.2
            round=$((round + 1))
            ROUND=$round backend_sampler_sample >>"$file"
        done
    ) &
    BACKEND_SAMPLER=$!
}
backend_sampler_stop() {
    if [ -n "${BACKEND_SAMPLER:-}" ]; then
        kill "$BACKEND_SAMPLER" 2>/dev/null || true
        wait "$BACKEND_SAMPLER" 2>/dev/null || true
        BACKEND_SAMPLER=
    fi
}
# A pid's first sample is its baseline when it was there at the first round, else 0 (it was
# born during the run).
backend_ticks() {
    awk '!($2 in base) { base[$2] = ($1 == 1 ? $3 : 0) }
         $3 > last[$2] { last[$2] = $3 }
         END { for (p in last) total += last[p] - base[p]; print total + 0 }' "$1"
}
