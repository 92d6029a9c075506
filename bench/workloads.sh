#!/usr/bin/env bash
# The workloads of bench/run.sh, one function each. Sourced by run.sh, which sets the sizes,
# the URLs, $OUT and the shim settings first.

# ---------------------------------------------------------------------------------------------
# Data: grows profiles_bench to $1 profiles with two loaders in parallel, then VACUUM ANALYZE.
load_to() {
    local target=$1 have half t0=$SECONDS
    have=$(psql_admin_value -c "SELECT count(*) FROM profiles.profile WHERE id BETWEEN '$(uid 1)' AND '$(uid 999999999999)'")
    [ "$have" -ge "$target" ] && return 0
    half=$(((have + target) / 2))
    psql_admin -c "SELECT bench.load($((have + 1)), $half)" >/dev/null &
    local other=$!
    psql_admin -c "SELECT bench.load($((half + 1)), $target)" >/dev/null
    wait "$other"
    # The loaders skip triggers, the profile tally's too (see README, Backup and restore).
    psql_admin -c "SELECT profiles.recount_profiles()" -c "VACUUM ANALYZE" >/dev/null
    progress "  loaded $have -> $target profiles in $((SECONDS - t0)) s"
}

# ---------------------------------------------------------------------------------------------
# Workloads 1 and 2: the shim under wrk against pgbench sending the same statements the same
# way (set_actor + api, pipelined, one implicit transaction) over as many connections as the
# shim's pool has.

# Seconds of CPU (user + sys) of the children of a subshell, from `times` (line 2).
children_seconds() { awk 'NR == 2 { split($1, a, "m"); split($2, b, "m"); print a[1] * 60 + a[2] + b[1] * 60 + b[2] }' "$1"; }

# pgbench for $HTTP_SECONDS; sets PGB_TPS, PGB_LAT (ms) and PGB_CPU_* (µs per transaction).
run_pgbench_api() { # action
    local log=$OUT/pgb_$1.out m0 m1 n pg gen
    backend_sampler_start "$OUT/cpu_backends"
    sleep 0.3
    m0=$(machine_busy_ticks)
    (
        "$PGBENCH" -n -M prepared -c "$PGBENCH_CLIENTS" -j 1 -T "$HTTP_SECONDS" -D nusers="$NUSERS" \
            -f "bench/pgbench/api_$1.sql" "$BENCH_SHIM_URL" >"$log" 2>&1
        times >"$OUT/times"
    )
    m1=$(machine_busy_ticks)
    sleep 0.3
    backend_sampler_stop
    grep -q 'number of failed transactions: 0 ' "$log" || { cat "$log" >&2; die "pgbench $1 had failures"; }
    n=$(awk '/actually processed/ { print $NF }' "$log")
    PGB_TPS=$(awk '/^tps/ { printf "%.0f", $3 }' "$log")
    PGB_LAT=$(awk '/latency average/ { print $4 }' "$log")
    pg=$(backend_ticks "$OUT/cpu_backends")
    gen=$(children_seconds "$OUT/times")
    PGB_CPU_PG=$(calc "$pg * 1000000 / $CLK_TCK / $n" 0)
    PGB_CPU_GEN=$(calc "$gen * 1000000 / $n" 0)
    PGB_CPU_OTHER=$(calc "(($m1 - $m0) - $pg - $gen * $CLK_TCK) * 1000000 / $CLK_TCK / $n" 0)
}

# wrk against the shim for $HTTP_SECONDS; sets WRK_RPS, WRK_LAT, WRK_P99 (ms) and WRK_CPU_*.
to_ms() { awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }'; }
run_wrk_api() { # action [url pid]: the shim by default, or the HTTP floor
    local log=$OUT/wrk_$1.out s0 s1 m0 m1 n pg gen shim url=${2:-$SHIM_URL} pid=${3:-$SHIM_PID}
    backend_sampler_start "$OUT/cpu_backends"
    sleep 0.3
    s0=$(proc_ticks "$pid")
    m0=$(machine_busy_ticks)
    (
        $WRK_TASKSET wrk -t "$WRK_THREADS" -c "$WRK_CONNECTIONS" -d "${HTTP_SECONDS}s" --latency \
            -s bench/wrk/api.lua "$url" -- "$USERS_FILE" "$1" >"$log" 2>&1
        times >"$OUT/times"
    )
    m1=$(machine_busy_ticks)
    s1=$(proc_ticks "$pid")
    sleep 0.3
    backend_sampler_stop
    if grep -q 'Non-2xx' "$log" || grep -q 'Socket errors' "$log"; then
        cat "$log" >&2
        die "wrk $1: errors (see $OUT/shim.err)"
    fi
    n=$(awk '/requests in/ { print $1 }' "$log")
    WRK_RPS=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$log")
    WRK_LAT=$(awk '$1 == "Latency" { print $2; exit }' "$log" | to_ms)
    WRK_P99=$(awk '$1 == "99%" { print $2 }' "$log" | to_ms)
    pg=$(backend_ticks "$OUT/cpu_backends")
    shim=$((s1 - s0))
    gen=$(children_seconds "$OUT/times")
    WRK_CPU_PG=$(calc "$pg * 1000000 / $CLK_TCK / $n" 0)
    WRK_CPU_SHIM=$(calc "$shim * 1000000 / $CLK_TCK / $n" 0)
    WRK_CPU_GEN=$(calc "$gen * 1000000 / $n" 0)
    WRK_CPU_OTHER=$(calc "(($m1 - $m0) - $pg - $shim - $gen * $CLK_TCK) * 1000000 / $CLK_TCK / $n" 0)
}

workload_http() { # id title action
    local id=$1 title=$2 action=$3 r
    local tps=() rps=() p99=() lat=() plat=() cpu_pgb=() cpu_http=()
    local -A floor_rps=() floor_split=()
    # Warm-up: plans cached in every backend, data in shared buffers.
    "$PGBENCH" -n -M prepared -c "$PGBENCH_CLIENTS" -j 1 -T "$WARMUP_SECONDS" -D nusers="$NUSERS" \
        -f "bench/pgbench/api_$action.sql" "$BENCH_SHIM_URL" >/dev/null 2>&1
    wrk -t 1 -c "$WRK_CONNECTIONS" -d "${WARMUP_SECONDS}s" -s bench/wrk/api.lua "$SHIM_URL" -- "$USERS_FILE" "$action" >/dev/null
    for r in $(seq 1 "$HTTP_ROUNDS"); do
        run_pgbench_api "$action"
        tps+=("$PGB_TPS")
        plat+=("$PGB_LAT")
        cpu_pgb+=("$((PGB_CPU_PG + PGB_CPU_GEN))")
        progress "  $id round $r: pgbench $PGB_TPS tps (avg $PGB_LAT ms; CPU µs/tx: postgres $PGB_CPU_PG, pgbench $PGB_CPU_GEN; other processes $PGB_CPU_OTHER)"
        run_wrk_api "$action"
        rps+=("$WRK_RPS")
        p99+=("$WRK_P99")
        lat+=("$WRK_LAT")
        cpu_http+=("$((WRK_CPU_PG + WRK_CPU_SHIM + WRK_CPU_GEN))")
        progress "  $id round $r: shim    $WRK_RPS req/s (avg $WRK_LAT ms, p99 $WRK_P99 ms; CPU µs/req: postgres $WRK_CPU_PG, shim $WRK_CPU_SHIM, wrk $WRK_CPU_GEN; other processes $WRK_CPU_OTHER)"
        local shim_split="postgres $WRK_CPU_PG + shim $WRK_CPU_SHIM + wrk $WRK_CPU_GEN = $((WRK_CPU_PG + WRK_CPU_SHIM + WRK_CPU_GEN)) µs/req"
        local shim_other=$WRK_CPU_OTHER
        local mode
        for mode in "${FLOOR_MODES[@]}"; do
            run_wrk_api "$action" "${FLOOR_URLS[$mode]}" "${FLOOR_PIDS[$mode]}"
            floor_rps[$mode]+=" $WRK_RPS"
            floor_split[$mode]="postgres $WRK_CPU_PG + floor $WRK_CPU_SHIM + wrk $WRK_CPU_GEN = $((WRK_CPU_PG + WRK_CPU_SHIM + WRK_CPU_GEN)) µs/req|$PGB_CPU_OTHER / $WRK_CPU_OTHER"
            progress "  $id round $r: floor ($mode) $WRK_RPS req/s (avg $WRK_LAT ms, p99 $WRK_P99 ms; CPU µs/req: postgres $WRK_CPU_PG, floor $WRK_CPU_SHIM, wrk $WRK_CPU_GEN; other processes $WRK_CPU_OTHER)"
        done
    done
    local m_tps m_rps m_p99 ratio met cpu_ratio
    m_tps=$(echo "${tps[*]}" | median)
    m_rps=$(echo "${rps[*]}" | median)
    m_p99=$(echo "${p99[*]}" | median)
    ratio=$(calc "100 * $m_rps / $m_tps")
    met=$(verdict "$ratio" 70)
    # The same comparison per CPU second (what each path costs), which other processes on the
    # machine do not move.
    cpu_ratio=$(calc "100 * $(echo "${cpu_pgb[*]}" | median) / $(echo "${cpu_http[*]}" | median)")
    progress "$id $title: shim $m_rps req/s vs pgbench $m_tps tps -> $ratio % (target >= 70 %) $(met_word "$met"); p99 $m_p99 ms; per CPU second $cpu_ratio %"
    result "$id" "$title" "$m_rps req/s (p99 $m_p99 ms, avg $(echo "${lat[*]}" | median) ms)" \
        "pgbench $m_tps tps (avg $(echo "${plat[*]}" | median) ms)" "$ratio % (per CPU s: $cpu_ratio %)" ">= 70 %" "$met"
    printf '%s|postgres %s + pgbench %s = %s µs/tx|%s|%s / %s\n' "$id" \
        "$PGB_CPU_PG" "$PGB_CPU_GEN" "$((PGB_CPU_PG + PGB_CPU_GEN))" "$shim_split" "$PGB_CPU_OTHER" "$shim_other" >>"$OUT/cpu_split"
    local mode m_floor floor_ratio what
    for mode in "${FLOOR_MODES[@]}"; do
        m_floor=$(echo "${floor_rps[$mode]}" | median)
        floor_ratio=$(calc "100 * $m_floor / $m_tps")
        case $mode in
        events) what="event loop" ;;
        threads) what="thread per connection" ;;
        *) what="threads sharing one epoll set" ;;
        esac
        progress "$id through the HTTP floor ($what, no auth or routing): $m_floor req/s -> $floor_ratio % of pgbench"
        result "$id-floor-$mode" "$title through bench/floor/http_floor ($what, no auth or routing; a reference)" \
            "$m_floor req/s" "pgbench $m_tps tps" "$floor_ratio %" "-" "-"
        printf '%s floor (%s)|(as above)|%s\n' "$id" "$what" "${floor_split[$mode]}" >>"$OUT/cpu_split"
    done
}

# ---------------------------------------------------------------------------------------------
# Workload 3: UPDATE of every profile with the C++ activity trigger, without it, and with the
# PL/pgSQL equivalent (bench/sql/plpgsql_trigger.sql). Rounds interleave the three variants
# (rotating which goes first); every UPDATE starts from the same packed table right after a
# CHECKPOINT (see update_all), so each finds the same layout and pays the same full-page writes.
set_trigger_variant() { # cpp|none|plpgsql
    local cpp=DISABLE pl=DISABLE
    case $1 in cpp) cpp=ENABLE ;; plpgsql) pl=ENABLE ;; esac
    psql_admin -c "ALTER TABLE profiles.profile $cpp TRIGGER profile_activity" \
        -c "ALTER TABLE profiles.profile $pl TRIGGER bench_activity_plpgsql" >/dev/null
}
# The backend's own CPU (user + system clock ticks of /proc/self/stat, read by the superuser's
# backend itself) around the UPDATE, beside the wall clock: the UPDATE is CPU-bound, and its
# CPU does not move with what else the machine is doing the way its wall clock does.
BACKEND_TICKS="SELECT (f[12]::bigint + f[13]::bigint) AS sum FROM (SELECT pg_catalog.string_to_array(pg_catalog.regexp_replace(pg_catalog.pg_read_file('/proc/self/stat'), '^.*\\) ', ''), ' ') AS f) s"
# Every UPDATE starts from the same state: profile rewritten packed (VACUUM FULL, its indexes
# rebuilt), activities empty, right after a checkpoint. After a plain VACUUM the free space an
# UPDATE finds depends on the UPDATE before it, and with it how many new row versions stay on
# their page (HOT, no index entries): that moved one variant's time by 20 % between rounds.
# Packed, every new version goes to another page and every index of profile gets its entry.
update_all() { # round variant -> "seconds ticks"
    psql_admin -c "VACUUM FULL profiles.profile" -c "TRUNCATE profiles.activities" -c "CHECKPOINT" >/dev/null
    psql_admin -tA <<SQL | tail -1
$BACKEND_TICKS \gset c0_
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
BEGIN;
SELECT profiles.set_actor('$ADMIN_ID', NULL, 'bench-w3', NULL) \g /dev/null
SET LOCAL bench.request_id = 'bench-w3';
UPDATE profiles.profile SET job_title = 'Title $1 $2' WHERE id BETWEEN '$(uid 1)' AND '$(uid "$BASE_ROWS")';
COMMIT;
SELECT round((extract(epoch FROM clock_timestamp()) - :t0)::numeric, 3) AS s \gset
$BACKEND_TICKS \gset c1_
SELECT :s || ' ' || (:c1_sum - :c0_sum);
SQL
}
check_activities() { # expected
    local n
    n=$(psql_admin_value -c "SELECT count(*) FROM profiles.activities WHERE action = 'profile_updated'")
    [ "$n" = "$1" ] || die "W3: expected $1 activities, found $n"
}
# Each round runs the three variants back to back (rotating which goes first); a ratio is the
# median over the rounds of that round's own ratio, so that a slow stretch of the machine moves
# both sides of a ratio together instead of skewing one median.
workload_trigger() {
    local r v t order line
    declare -A runs=() ticks=() round_s=() round_ticks=()
    local none_pct=() pl_x=() none_cpu=() pl_cpu=()
    psql_admin -f bench/sql/plpgsql_trigger.sql >/dev/null
    # No autovacuum of either table in the middle of a timed UPDATE (profiles_bench only).
    psql_admin -c "ALTER TABLE profiles.profile SET (autovacuum_enabled = off)" \
        -c "ALTER TABLE profiles.activities SET (autovacuum_enabled = off)" >/dev/null
    set_trigger_variant cpp
    update_all 0 warmup >/dev/null
    for r in $(seq 1 "$UPDATE_ROUNDS"); do
        case $((r % 3)) in
        1) order="cpp none plpgsql" ;; 2) order="none plpgsql cpp" ;; 0) order="plpgsql cpp none" ;;
        esac
        line=""
        for v in $order; do
            set_trigger_variant "$v"
            read -r t c < <(update_all "$r" "$v")
            if [ "$v" = none ]; then check_activities 0; else check_activities "$BASE_ROWS"; fi
            runs[$v]="${runs[$v]:-} $t"
            ticks[$v]="${ticks[$v]:-} $c"
            round_s[$v]=$t
            round_ticks[$v]=$c
            line="$line $v ${t}s (CPU ${c} ticks)"
        done
        none_pct+=("$(calc "100 * ${round_s[none]} / ${round_s[cpp]}")")
        pl_x+=("$(calc "${round_s[plpgsql]} / ${round_s[cpp]}" 2)")
        none_cpu+=("$(calc "100 * ${round_ticks[none]} / ${round_ticks[cpp]}")")
        pl_cpu+=("$(calc "${round_ticks[plpgsql]} / ${round_ticks[cpp]}" 2)")
        progress "  W3 round $r:$line -> ${none_pct[-1]} % of no trigger, ${pl_x[-1]}x PL/pgSQL (per CPU: ${none_cpu[-1]} %, ${pl_cpu[-1]}x)"
    done
    set_trigger_variant cpp
    # The next workloads start from a settled table, not beside an autovacuum of the last UPDATE's
    # dead row versions.
    psql_admin -c "DROP TRIGGER bench_activity_plpgsql ON profiles.profile" -c "TRUNCATE profiles.activities" \
        -c "VACUUM ANALYZE profiles.profile" \
        -c "ALTER TABLE profiles.profile RESET (autovacuum_enabled)" \
        -c "ALTER TABLE profiles.activities RESET (autovacuum_enabled)" >/dev/null
    local t_cpp t_none t_pl r_none r_pl c_none c_pl met_none met_pl
    t_cpp=$(echo "${runs[cpp]}" | median)
    t_none=$(echo "${runs[none]}" | median)
    t_pl=$(echo "${runs[plpgsql]}" | median)
    r_none=$(echo "${none_pct[*]}" | median)
    r_pl=$(echo "${pl_x[*]}" | median)
    c_none=$(echo "${none_cpu[*]}" | median)
    c_pl=$(echo "${pl_cpu[*]}" | median)
    met_none=$(verdict "$r_none" 90)
    met_pl=$(verdict "$r_pl" 2)
    rows_s() { calc "$BASE_ROWS / $1" 0; }
    progress "W3 C++ trigger $(rows_s "$t_cpp") rows/s vs no trigger $(rows_s "$t_none") rows/s -> $r_none % (target >= 90 %) $(met_word "$met_none"); per CPU second $c_none %"
    progress "W3 C++ trigger vs PL/pgSQL trigger $(rows_s "$t_pl") rows/s -> ${r_pl}x (target >= 2x) $(met_word "$met_pl"); per CPU second ${c_pl}x"
    result W3a "UPDATE of $BASE_ROWS profiles, C++ activity trigger" "$t_cpp s ($(rows_s "$t_cpp") rows/s)" \
        "no activity trigger: $t_none s ($(rows_s "$t_none") rows/s)" "$r_none % (per CPU s: $c_none %)" ">= 90 %" "$met_none"
    result W3b "UPDATE of $BASE_ROWS profiles, C++ activity trigger" "$t_cpp s" \
        "PL/pgSQL trigger: $t_pl s ($(rows_s "$t_pl") rows/s)" "${r_pl}x faster (per CPU s: ${c_pl}x)" ">= 2x" "$met_pl"
    fact w3_rounds "Seconds — C++ trigger:${runs[cpp]}; no activity trigger:${runs[none]}; PL/pgSQL trigger:${runs[plpgsql]}. Backend CPU ticks — C++:${ticks[cpp]}; none:${ticks[none]}; PL/pgSQL:${ticks[plpgsql]}. Each round's ratios — no trigger ÷ C++: ${none_pct[*]} % (per CPU: ${none_cpu[*]} %); PL/pgSQL ÷ C++: ${pl_x[*]} (per CPU: ${pl_cpu[*]})."
}

# ---------------------------------------------------------------------------------------------
# Workload 4: CSV export through profiles.export_profiles() against COPY of the same query
# through psql, with the peak memory of the backend doing each; the shim's memory while it
# serves the download, when it has the route.

# One export or COPY as the admin actor through the shim's login role (row-level security
# applies to both); sets EXP_S, EXP_HWM / EXP_ANON (kB, backend peaks), EXP_ROWS, EXP_UPLOAD.
export_once() { # export|copy
    local app=bench_$1_$$ pid="" client body
    local stop=$OUT/rss.stop rss=$OUT/rss.out
    rm -f "$stop" "$rss"
    if [ "$1" = export ]; then
        body="SELECT profiles.export_profiles('bench') AS r \\gset"
    else
        body="\\o /dev/null
COPY (SELECT * FROM profiles.export_rows ORDER BY profile_id) TO STDOUT WITH CSV HEADER;
\\o"
    fi
    PGAPPNAME=$app psql_shim -tA >"$OUT/export.out" <<SQL &
SELECT pg_sleep(0.3);
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
BEGIN;
SELECT profiles.set_actor('$ADMIN_ID', NULL, 'bench-w4', NULL) \g /dev/null
$body
COMMIT;
SELECT 'elapsed ' || round((extract(epoch FROM clock_timestamp()) - :t0)::numeric, 3);
$([ "$1" = export ] && echo "SELECT 'result ' || :'r';")
SELECT pg_sleep(0.3);
SQL
    client=$!
    for _ in $(seq 50); do
        pid=$(psql_admin_value -c "SELECT pid FROM pg_stat_activity WHERE application_name = '$app'")
        [ -n "$pid" ] && break
        sleep 0.05
    done
    [ -n "$pid" ] && rss_watch "$pid" "$rss" "$stop"
    wait "$client"
    touch "$stop"
    sleep 0.1
    EXP_S=$(sed -n 's/^elapsed //p' "$OUT/export.out")
    EXP_HWM=$(awk '{ print $1 }' "$rss" 2>/dev/null || echo 0)
    EXP_ANON=$(awk '{ print $2 }' "$rss" 2>/dev/null || echo 0)
    if [ "$1" = export ]; then
        EXP_ROWS=$(sed -n 's/^result //p' "$OUT/export.out" | sed -n 's/.*"row_count":\([0-9]*\).*/\1/p')
        EXP_UPLOAD=$(sed -n 's/^result //p' "$OUT/export.out" | sed -n 's/.*"upload_id":"\([^"]*\)".*/\1/p')
    fi
}

# Downloads an export through the shim; sets DL_S and DL_HWM (kB, the shim's peak RSS during
# the download: its high-water mark is reset first).
download_once() { # upload_id
    local stop=$OUT/rss.stop rss=$OUT/rss.out t0 code
    rm -f "$stop" "$rss"
    echo 5 >"/proc/$SHIM_PID/clear_refs" 2>/dev/null || true
    rss_watch "$SHIM_PID" "$rss" "$stop"
    t0=$(date +%s.%N)
    code=$(curl -s -o "$OUT/download.csv" -w '%{http_code}' \
        "$SHIM_URL/api/v5/artifacts/profiles/export/$1" -H "Authorization: Bearer $ADMIN_TOKEN")
    DL_S=$(calc "$(date +%s.%N) - $t0" 3)
    touch "$stop"
    sleep 0.1
    DL_HWM=$(awk '{ print $1 }' "$rss" 2>/dev/null || echo 0)
    DL_LINES=$(wc -l <"$OUT/download.csv")
    rm -f "$OUT/download.csv"
    [ "$code" = 200 ] || DL_HWM="(HTTP $code)"
}

declare -A EXPORT_ANON=()
workload_export() { # rows small|big|variant [title suffix]
    local rows=$1 size=$2 suffix=${3:-} r upload=""
    local e_s=() c_s=() pair_pct=() e_hwm=0 e_anon=0 c_hwm=0 c_anon=0
    local download=no
    # The download route exists when the shim's sources have it and the running shim answers.
    if [ -z "$suffix" ] && grep -rq 'export/{' shim/src 2>/dev/null; then
        shim_start
        shim_has_route GET /api/v5/artifacts/profiles/export/00000000-0000-4000-8000-000000000000 && download=yes
    fi
    local reps=$EXPORT_REPS
    [ "$size" = big ] && reps=$EXPORT_REPS_BIG
    for r in $(seq 1 "$reps"); do
        psql_admin -c "TRUNCATE profiles.export, profiles.export_chunk" -c "CHECKPOINT" >/dev/null
        export_once export
        [ "$EXP_ROWS" = "$rows" ] || die "W4: the export wrote ${EXP_ROWS:-no} rows, expected $rows (see $OUT/export.out)"
        e_s+=("$EXP_S")
        [ "$EXP_HWM" -gt "$e_hwm" ] && e_hwm=$EXP_HWM
        [ "$EXP_ANON" -gt "$e_anon" ] && e_anon=$EXP_ANON
        upload=$EXP_UPLOAD
        export_once copy
        c_s+=("$EXP_S")
        [ "$EXP_HWM" -gt "$c_hwm" ] && c_hwm=$EXP_HWM
        [ "$EXP_ANON" -gt "$c_anon" ] && c_anon=$EXP_ANON
        pair_pct+=("$(calc "100 * ${c_s[-1]} / ${e_s[-1]}")")
        progress "  W4 $rows rows, rep $r: export_profiles ${e_s[-1]} s, COPY ${c_s[-1]} s -> ${pair_pct[-1]} %"
    done
    if [ -n "$suffix" ]; then
        :
    elif [ "$download" = yes ]; then
        download_once "$upload"
        if [[ $DL_HWM =~ ^[0-9]+$ ]]; then
            fact "dl_$size" "$((DL_HWM / 1024)) MB ($DL_S s, $DL_LINES lines)"
            progress "  W4 $rows rows: shim download $DL_S s ($DL_LINES lines), shim peak RSS $((DL_HWM / 1024)) MB"
        else
            fact "dl_$size" "download failed $DL_HWM"
            progress "  W4 $rows rows: shim download failed $DL_HWM"
        fi
    else
        fact "dl_$size" "not measured (the shim has no download route)"
    fi
    shim_stop
    local te tc ratio met
    te=$(echo "${e_s[*]}" | median)
    tc=$(echo "${c_s[*]}" | median)
    EXPORT_ANON[$size]=$e_anon
    fact "export_hwm_$size" "$((e_hwm / 1024))"
    fact "export_anon_$size" "$((e_anon / 1024))"
    fact "copy_hwm_$size" "$((c_hwm / 1024))"
    fact "copy_anon_$size" "$((c_anon / 1024))"
    # The median of each repetition's own ratio: an export and its COPY run back to back, so a
    # slow stretch of the machine (or of its disk, which only the export writes to) moves both.
    ratio=$(echo "${pair_pct[*]}" | median)
    met=$(verdict "$ratio" 90)
    EXPORT_MET=$met
    progress "W4 export of $rows rows$suffix: $(calc "$rows / $te" 0) rows/s vs COPY $(calc "$rows / $tc" 0) rows/s -> $ratio % (target >= 90 %) $(met_word "$met"); backend peak: export VmHWM $((e_hwm / 1024)) MB (private $((e_anon / 1024)) MB), COPY VmHWM $((c_hwm / 1024)) MB (private $((c_anon / 1024)) MB)"
    result "W4-$size" "CSV export of $rows profiles$suffix" "$(calc "$rows / $te" 0) rows/s ($te s)" \
        "COPY through psql: $(calc "$rows / $tc" 0) rows/s ($tc s)" "$ratio %" ">= 90 %" "$met"
    psql_admin -c "TRUNCATE profiles.export, profiles.export_chunk" >/dev/null
}

workload_export_memory() {
    local small=${EXPORT_ANON[small]:-} big=${EXPORT_ANON[big]:-} flat
    [ -n "$small" ] && [ -n "$big" ] || return 0
    flat=$(awk -v a="$small" -v b="$big" 'BEGIN { print (b <= a * 1.25 + 4096) ? "yes" : "no" }')
    local verdict_word
    verdict_word=$([ "$flat" = yes ] && echo flat || echo GROWS)
    if [ "$QUICK" = 1 ]; then
        # The exporting backend's private memory reaches its working size within the first 100k
        # rows (10 MB at 10k, 40 MB at 100k, 35 MB at 1M here): the quick run's pair straddles
        # that, the full run's does not.
        flat=-
        verdict_word="not judged in a quick run (the full run compares 100k with 1M rows)"
    fi
    progress "W4 export backend private memory $((small / 1024)) MB at $BASE_ROWS rows vs $((big / 1024)) MB at $BIG_ROWS rows: $verdict_word"
    result W4-rss "export backend peak private memory (RssAnon)" "$((big / 1024)) MB at $BIG_ROWS rows" \
        "$((small / 1024)) MB at $BASE_ROWS rows" "$(calc "$big / $small" 2)x" "flat" "$flat"
}

# ---------------------------------------------------------------------------------------------
# Workload 6: bulk_create of $BULK_ITEMS items in one call against INSERT ... SELECT of the
# same rows (the same JSON document), triggers on in both.
bulk_payload() {
    psql_admin_value -o "$OUT/bulk.json" <<SQL
SELECT jsonb_build_object('profiles', jsonb_agg(jsonb_build_object(
           'email', 'bulk' || g.i || '@bulk.example.com', 'first_name', f.v, 'last_name', l.v,
           'job_title', 'Engineer', 'city', 'Paris', 'country_numeric_code', '250',
           'timezone', 'Europe/Paris', 'tags', jsonb_build_array('bulk')) ORDER BY g.i))
FROM generate_series(1, $BULK_ITEMS) g(i)
JOIN bench.first_names f ON f.i = 1 + g.i % 200 JOIN bench.last_names l ON l.i = 1 + g.i % 200;
SQL
}
bulk_cleanup() {
    psql_admin -c "SET session_replication_role = replica" \
        -c "DELETE FROM profiles.profile p USING profiles.users u WHERE u.id = p.id AND u.email LIKE '%@bulk.example.com'" \
        -c "DELETE FROM profiles.users u WHERE u.email LIKE '%@bulk.example.com'" \
        -c "RESET session_replication_role" -c "TRUNCATE profiles.activities" \
        -c "VACUUM profiles.users, profiles.profile" -c "CHECKPOINT" >/dev/null
}
bulk_check() { # label
    local n
    n=$(psql_admin_value -c "SELECT count(*) FROM profiles.profile p JOIN profiles.users u ON u.id = p.id WHERE u.email LIKE '%@bulk.example.com'")
    [ "$n" = "$BULK_ITEMS" ] || die "W6 $1: $n profiles created, expected $BULK_ITEMS"
    n=$(psql_admin_value -c "SELECT count(*) FROM profiles.activities WHERE action = 'profile_created'")
    [ "$n" = "$BULK_ITEMS" ] || die "W6 $1: $n activities, expected $BULK_ITEMS"
}
# As the API is called: the shim's role (after the superuser raised the item limit), admin actor.
bulk_api() {
    psql_admin -tA <<SQL | tail -1
SET pg_profiles.max_bulk_items = $BULK_ITEMS;
SET ROLE profiles_shim;
\set payload \`cat $OUT/bulk.json\`
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
BEGIN;
SELECT profiles.set_actor('$ADMIN_ID', NULL, 'bench-w6', NULL) \g /dev/null
SELECT profiles.bulk_create(:'payload'::jsonb) \g /dev/null
COMMIT;
SELECT round((extract(epoch FROM clock_timestamp()) - :t0)::numeric, 3);
SQL
}
# Set-based: the superuser (the shim's role may not insert users), same actor for the activities.
bulk_sql() {
    psql_admin -tA <<SQL | tail -1
\set payload \`cat $OUT/bulk.json\`
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
BEGIN;
SELECT profiles.set_actor('$ADMIN_ID', NULL, 'bench-w6', NULL) \g /dev/null
WITH items AS MATERIALIZED (
    SELECT pg_catalog.gen_random_uuid() AS id, e FROM jsonb_array_elements(:'payload'::jsonb -> 'profiles') e),
u AS (INSERT INTO profiles.users (id, email, role) SELECT id, e ->> 'email', 'standard_user' FROM items)
INSERT INTO profiles.profile (id, email, first_name, last_name, job_title, city, country_numeric_code, timezone, tags)
SELECT id, e ->> 'email', e ->> 'first_name', e ->> 'last_name', e ->> 'job_title', e ->> 'city',
       e ->> 'country_numeric_code', e ->> 'timezone', ARRAY(SELECT jsonb_array_elements_text(e -> 'tags'))
FROM items;
COMMIT;
SELECT round((extract(epoch FROM clock_timestamp()) - :t0)::numeric, 3);
SQL
}
workload_bulk() {
    local r t b_api=() b_sql=()
    bulk_payload
    bulk_cleanup
    for r in $(seq 1 "$BULK_REPS"); do
        t=$(bulk_api)
        bulk_check bulk_create
        bulk_cleanup
        b_api+=("$t")
        t=$(bulk_sql)
        bulk_check "INSERT ... SELECT"
        bulk_cleanup
        b_sql+=("$t")
        progress "  W6 rep $r: bulk_create ${b_api[-1]} s, INSERT ... SELECT ${b_sql[-1]} s"
    done
    local t_api t_sql ratio met
    t_api=$(echo "${b_api[*]}" | median)
    t_sql=$(echo "${b_sql[*]}" | median)
    ratio=$(calc "100 * $t_sql / $t_api")
    met=$(verdict "$ratio" 50)
    progress "W6 bulk_create $(calc "$BULK_ITEMS / $t_api" 0) rows/s vs INSERT ... SELECT $(calc "$BULK_ITEMS / $t_sql" 0) rows/s -> $ratio % (target >= 50 %) $(met_word "$met")"
    result W6 "bulk create of $BULK_ITEMS profiles in one call" "$(calc "$BULK_ITEMS / $t_api" 0) rows/s ($t_api s)" \
        "INSERT ... SELECT: $(calc "$BULK_ITEMS / $t_sql" 0) rows/s ($t_sql s)" "$ratio %" ">= 50 %" "$met"
}

# ---------------------------------------------------------------------------------------------
# Workloads 5 and 7: latency at $BIG_ROWS profiles, one pgbench client with a per-transaction
# log, each call made the way the shim makes it (set_actor + the function, pipelined).
latency_run() { # name script [url] -> LAT_P50 LAT_P95 LAT_P99 LAT_N
    local prefix=$OUT/txlog_$1 url=${3:-$BENCH_SHIM_URL}
    rm -f "$prefix".*
    "$PGBENCH" -n -M prepared -c 1 -j 1 -T "$WARMUP_SECONDS" -f "$2" "$url" >/dev/null 2>&1
    "$PGBENCH" -n -M prepared -c 1 -j 1 -T "$LATENCY_SECONDS" -l --log-prefix="$prefix" \
        -f "$2" "$url" >"$OUT/pgb_$1.out" 2>&1 || { cat "$OUT/pgb_$1.out" >&2; die "pgbench $1 failed"; }
    LAT_P50=$(pgbench_log_percentile "$prefix" 50)
    LAT_P95=$(pgbench_log_percentile "$prefix" 95)
    LAT_P99=$(pgbench_log_percentile "$prefix" 99)
    LAT_N=$(cat "$prefix".* | wc -l)
}

# The plans of the statements a function runs, from auto_explain. The superuser loads it, then
# (unless as=superuser) acts as the shim's role, so row-level security applies as in
# production. The call is made `warm` times first, so the plan shown is the one the cached
# statement settles on (plans switch to generic after five runs when that costs no more).
explain_call() { # sql-call [warm] [shim|superuser] -> auto_explain output
    local warm=${2:-$EXPLAIN_WARM} role="SET ROLE profiles_shim;"
    [ "${3:-shim}" = superuser ] && role=""
    psql_admin 2>&1 <<SQL | sed 's/^\(psql:[^ ]* \)\{0,1\}NOTICE:  //' | grep -v '^ *$' || true
$role
$(for _ in $(seq "$warm"); do
        echo "BEGIN; SELECT profiles.set_actor('$ADMIN_ID', NULL, 'bench-explain', NULL) \\g /dev/null"
        echo "SELECT $1 \\g /dev/null"
        echo "COMMIT;"
    done)
RESET ROLE;
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_analyze = on;
SET auto_explain.log_timing = off;
SET auto_explain.log_buffers = on;
SET auto_explain.log_level = notice;
$role
BEGIN;
SELECT profiles.set_actor('$ADMIN_ID', NULL, 'bench-explain', NULL) \g /dev/null
SELECT $1 \g /dev/null
COMMIT;
SQL
}

# How a W5 run's terms are described: random, or the name prefixes of terms-file.
search_kind() { # random|names terms-file
    if [ "$1" = names ]; then
        echo "first 3 letters of names ($(wc -l <"$2") terms)"
    else
        echo "random 3-letter terms"
    fi
}

# The same two kinds of search through the shim (seed 003's route), one request after another
# on one keep-alive connection, each timed by bench/http/search_latency.py: what an HTTP caller
# waits for, JWT check and JSON included.
search_over_http() { # terms-file
    shim_start
    local kind source what log line p50 p95 p99 n bad met
    for kind in random names; do
        source=random
        [ "$kind" = names ] && source=$1
        what=$(search_kind "$kind" "$1")
        log=$OUT/http_search_$kind.out
        python3 bench/http/search_latency.py "$SHIM_URL" "$ADMIN_TOKEN" "$source" "$LATENCY_SECONDS" \
            "$WARMUP_SECONDS" >"$log" 2>&1 || { cat "$log" >&2; die "HTTP search $kind failed"; }
        line=$(grep '^search-latency-ms ' "$log") || { cat "$log" >&2; die "HTTP search $kind: no result line"; }
        read -r _ p50 p95 p99 n bad <<<"$line"
        [ "$bad" = 0 ] || { cat "$log" >&2; die "HTTP search $kind: $bad answers were not 2xx (see $OUT/shim.err)"; }
        met=$(verdict_below "$p95" 20)
        progress "W5 search over HTTP, $what: p95 $p95 ms (target < 20 ms) $(met_word "$met"); p50 $p50, p99 $p99 ms, $n requests"
        result "W5-http-$kind" "search through the shim at $BIG_ROWS profiles, $what, page_size 25" \
            "p95 $p95 ms (p50 $p50, p99 $p99; $n requests)" "-" "-" "p95 < 20 ms" "$met"
    done
    shim_stop
}

workload_search() {
    local terms nterms
    cat >"$OUT/search_random.sql" <<SQL
\\set a random(0, 25)
\\set b random(0, 25)
\\set c random(0, 25)
\\startpipeline
SELECT profiles.set_actor('$ADMIN_ID', NULL, 'pgbench-search', NULL);
SELECT profiles.search_profiles(jsonb_build_object('search', chr(97 + :a) || chr(97 + :b) || chr(97 + :c), 'page_size', 25));
\\endpipeline
SQL
    # The name prefixes, one per line; the pgbench script takes them as an array of literals.
    local terms_file=$OUT/search_terms.txt
    psql_admin_value -c "SELECT DISTINCT lower(left(v, 3)) FROM (SELECT v FROM bench.first_names UNION ALL SELECT v FROM bench.last_names) n" >"$terms_file"
    nterms=$(wc -l <"$terms_file")
    terms=$(sed "s/'/''/g; s/.*/'&'/" "$terms_file" | paste -sd,)
    cat >"$OUT/search_names.sql" <<SQL
\\set k random(1, $nterms)
\\startpipeline
SELECT profiles.set_actor('$ADMIN_ID', NULL, 'pgbench-search', NULL);
SELECT profiles.search_profiles(jsonb_build_object('search', (ARRAY[$terms])[:k], 'page_size', 25));
\\endpipeline
SQL
    # As the shim makes the call: its login role, the admin as actor.
    local kind met what
    for kind in random names; do
        latency_run "search_$kind" "$OUT/search_$kind.sql"
        met=$(verdict_below "$LAT_P95" 20)
        what=$(search_kind "$kind" "$terms_file")
        progress "W5 search, $what: p95 $LAT_P95 ms (target < 20 ms) $(met_word "$met"); p50 $LAT_P50, p99 $LAT_P99 ms, $LAT_N calls"
        result "W5-$kind" "search at $BIG_ROWS profiles, $what, page_size 25" \
            "p95 $LAT_P95 ms (p50 $LAT_P50, p99 $LAT_P99; $LAT_N calls)" "-" "-" "p95 < 20 ms" "$met"
    done
    search_over_http "$terms_file"
    # Two plans: the start of a common last name (its range of profile_last_name_prefix_idx) and
    # a term found only inside names and e-mails (the trigram index profile_search_idx).
    explain_call "profiles.search_profiles('{\"search\":\"smi\",\"page_size\":25}')" >"$OUT/explain_search.txt"
    explain_call "profiles.search_profiles('{\"search\":\"oyd\",\"page_size\":25}')" >"$OUT/explain_search_infix.txt"
    explain_verdict "smi" "$OUT/explain_search.txt" profile_last_name_prefix_idx
    explain_verdict "oyd" "$OUT/explain_search_infix.txt" profile_search_idx
}

explain_verdict() { # term auto_explain-file expected-index
    if grep -q 'Seq Scan on profile ' "$2"; then
        progress "W5 EXPLAIN of '$1': a statement scans the whole profile table (see $2)"
    elif grep -q "$3" "$2"; then
        progress "W5 EXPLAIN of '$1': index scans only, its matches through $3"
    else
        progress "W5 EXPLAIN of '$1': $3 is NOT used (see $2)"
    fi
}

# Workload 7: rest_profile_list with a filter and its sort, and the default sort unfiltered.
LIST_FILTER="20, 0, 'lastName', 'asc', '{\"lastName\":\"smith\"}'"
LIST_DEFAULT="20, 0"
LIST_NAME_SORT="20, 0, 'lastName', 'desc', NULL"
list_script() { # file args
    cat >"$1" <<SQL
\\startpipeline
SELECT profiles.set_actor('$ADMIN_ID', NULL, 'pgbench-list', NULL);
SELECT * FROM profiles.rest_profile_list($2);
\\endpipeline
SQL
}
# Whether the list's own statements (the count, then the page) scan an index of profile (plain,
# index-only or bitmap): prints "count yes|no, page yes|no".
list_index_use() { # explain-file
    # An unfiltered admin list takes its total from profiles.profile_tally (no count at all).
    awk '/^Query Text: / { kind = ""; if ($0 ~ /count\(\*\) FROM profiles.profile p/) kind = "count"; else if ($0 ~ /FROM profiles.profile p LEFT JOIN profiles.country/) kind = "page"; else if ($0 ~ /FROM profiles.profile_tally/) tally = 1; next }
         /^duration: / { kind = ""; next }
         kind != "" && (/(Index|Index Only) Scan (Backward )?using [a-z_]*profile/ || /Bitmap Index Scan on [a-z_]*profile/) { used[kind] = 1 }
         END { printf "count %s, page %s\n", (used["count"] ? "yes" : tally ? "tally" : "no"), (used["page"] ? "yes" : "no") }' "$1"
}
list_measure() { # suffix title url as
    local k met
    for k in filter default name_sort; do
        local args=$LIST_FILTER desc="lastName = smith, sorted by lastName"
        [ "$k" = default ] && args=$LIST_DEFAULT desc="default sort (createTime), no filter"
        [ "$k" = name_sort ] && args=$LIST_NAME_SORT desc="sorted by lastName descending, no filter"
        list_script "$OUT/list_$k.sql" "$args"
        latency_run "list_$k$1" "$OUT/list_$k.sql" "$3"
        explain_call "profiles.rest_profile_list($args)" "$EXPLAIN_WARM" "$4" >"$OUT/explain_list_$k$1.txt"
        local idx
        idx=$(list_index_use "$OUT/explain_list_$k$1.txt")
        met=$(verdict_below "$LAT_P95" 20)
        case $idx in "count yes, page yes" | "count tally, page yes") ;; *) met=no ;; esac
        progress "W7 $desc$2: p95 $LAT_P95 ms (target < 20 ms with an index scan) $(met_word "$met"); p50 $LAT_P50, p99 $LAT_P99 ms; index scans: $idx"
        result "W7-$k$1" "list at $BIG_ROWS profiles, $desc$2" "p95 $LAT_P95 ms (p50 $LAT_P50, p99 $LAT_P99); index scans: $idx" \
            "-" "-" "p95 < 20 ms, index scans" "$met"
        eval "LIST_MET_$k=$met"
    done
}
workload_list() {
    # As the shim makes the call.
    list_measure "" "" "$BENCH_SHIM_URL" shim
}
