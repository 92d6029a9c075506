#!/usr/bin/env bash
# Summary of a bench run (build/bench/): prints the results table, and for a full run (or with
# BENCH_WRITE_RESULTS=1) rewrites the generated part of bench/RESULTS.md, between the
# "bench:run" markers; the analysis around it is kept as written.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
OUT=$ROOT/build/bench
RESULTS=$OUT/results.tsv
FACTS=$OUT/facts
MD=$BENCH_DIR/RESULTS.md

fact() { awk -F '\t' -v k="$1" '$1 == k { v = $2 } END { print v }' "$FACTS" 2>/dev/null; }

table() {
    echo "| # | workload | measured | compared with (same run) | ratio | target | met? |"
    echo "|---|---|---|---|---|---|---|"
    awk -F '\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$RESULTS"
}

# Plans of the statements matching a pattern in an auto_explain capture, without the InitPlan
# lines of the row-level-security actor functions.
plans() { # file pattern
    awk -v pat="$2" '
        /^duration: / { keep = 0; dur = $2 " ms"; next }
        /^Query Text: / { keep = ($0 ~ pat); if (keep) printf "-- %s: %s\n", dur, substr($0, 13, 150) "..."; next }
        /InitPlan [0-9]+ \(returns/ { skip = 1; next }
        skip && /->  Result/ { skip = 0; next }
        { skip = 0 }
        keep' "$1" 2>/dev/null | cut -c1-200
}

plan_sections() {
    local f title
    for f in search search_infix list_filter list_default list_name_sort; do
        [ -f "$OUT/explain_$f.txt" ] || continue
        case $f in
        search) title='search_profiles({"search":"smi","page_size":25})' ;;
        search_infix) title='search_profiles({"search":"oyd","page_size":25})' ;;
        list_filter*) title="rest_profile_list(20, 0, 'lastName', 'asc', '{\"lastName\":\"smith\"}')" ;;
        list_default*) title='rest_profile_list(20, 0): default sort, no filter' ;;
        list_name_sort*) title="rest_profile_list(20, 0, 'lastName', 'desc', NULL): sorted by a name, no filter" ;;
        esac
        echo "$title:"
        echo
        echo '```'
        case $f in
        search*) plans "$OUT/explain_$f.txt" "LIKE" | head -140 ;;
        *) plans "$OUT/explain_$f.txt" "FROM profiles.profile p" | head -50 ;;
        esac
        echo '```'
        echo
    done
}

generated() {
    cat <<EOF
Run of $(fact date) on $(fact machine).
PostgreSQL $(fact pg_version); checkout $(fact commit).

Command: \`$(fact command)\` ($(fact duration) s).

Settings: $(fact settings)

$(table)

Ratios are the throughput measured ÷ the throughput of the comparison, as a percentage; W3b
says how many times faster the C++ trigger is than the PL/pgSQL one. W1 and W2 also show the
ratio per CPU second (CPU per pgbench transaction ÷ CPU per shim request, all processes
involved), which noise from other processes moves much less. Latencies are per call, measured
by pgbench with one client and a per-transaction log, those of W5 over HTTP per request by
\`bench/http/search_latency.py\`; the W1/W2 p99 comes from \`wrk --latency\`, which corrects for
coordinated omission (an upper bound). Rows marked [...] measure a proposed change, made in
profiles_bench only. The \`-floor\` rows are references, not targets: the same wrk load against
\`bench/floor/http_floor\`, which does only the I/O an HTTP front cannot avoid (no token check,
no routing, no error mapping, no log) on as many database connections as the shim, in three
threading models (see "How it measures").

### Where the CPU of one request goes (W1, W2; last round)

| # | pgbench path (per transaction) | shim (or floor) path (per request) | other processes meanwhile (pgbench run / shim run) |
|---|---|---|---|
$(awk -F '|' '{ printf "| %s | %s | %s | %s µs |\n", $1, $2, $3, $4 }' "$OUT/cpu_split" 2>/dev/null)

CPU of the profiles_bench backends (sampled from /proc every 0.2 s), of the shim process and of
the load generator, divided by the requests served. "other processes" in the progress lines is
what the rest of the machine used meanwhile (its share of noise).

### Memory of the export (W4)

| rows | export_profiles() backend VmHWM | its peak private (RssAnon) | COPY backend VmHWM | its peak private | shim download peak RSS |
|---|---|---|---|---|---|
| $(fact base_rows) | $(fact export_hwm_small) MB | $(fact export_anon_small) MB | $(fact copy_hwm_small) MB | $(fact copy_anon_small) MB | $(fact dl_small) |
| $(fact big_rows) | $(fact export_hwm_big) MB | $(fact export_anon_big) MB | $(fact copy_hwm_big) MB | $(fact copy_anon_big) MB | $(fact dl_big) |

VmHWM counts the shared-buffer pages a backend touched (at most shared_buffers), so it grows with
the table until shared_buffers is covered; RssAnon is the backend's private memory.

### W3 rounds

$(fact w3_rounds)

### Plans (auto_explain of the functions' own statements, $(fact big_rows) profiles)

\`InitPlan\` lines (the actor functions, evaluated once per statement) are left out.

$(plan_sections)
EOF
}

echo
echo "Results ($(fact command)):"
table | column -t -s '|' -o '|' 2>/dev/null || table

if { [ "$(fact quick)" = 1 ] || [ "${BENCH_PARTIAL:-0}" = 1 ]; } && [ "${BENCH_WRITE_RESULTS:-0}" != 1 ]; then
    echo "(quick or partial run: bench/RESULTS.md left as it is; the figures are in $OUT)"
    exit 0
fi

begin='<!-- bench:run:begin (generated by bench/report.sh; edit outside these markers) -->'
end='<!-- bench:run:end -->'
body=$(generated)
if [ -f "$MD" ] && grep -qF "$begin" "$MD"; then
    printf '%s\n' "$body" >"$OUT/generated.md"
    awk -v b="$begin" -v e="$end" -v f="$OUT/generated.md" '
        $0 == b { print; while ((getline line < f) > 0) print line; skip = 1; next }
        $0 == e { skip = 0 }
        !skip { print }' "$MD" >"$MD.new"
    mv "$MD.new" "$MD"
else
    {
        echo "# Benchmark results"
        echo
        echo "$begin"
        printf '%s\n' "$body"
        echo "$end"
    } >"$MD"
fi
echo "wrote $MD"
