#!/usr/bin/env python3
"""Latency of POST /api/v5/artifacts/profiles/search (seed 003) through the shim, one request
after another on one keep-alive connection, each timed on its own.

wrk is not used here: with one connection its latency histogram is corrected for coordinated
omission (a slow request adds synthetic samples for the requests it held back), which answers
"how long would callers at a fixed rate wait", not "how long does one search take".

usage: search_latency.py URL TOKEN (TERMS_FILE | random) SECONDS [WARMUP_SECONDS]
Prints one line: "search-latency-ms <p50> <p95> <p99> <requests> <non-2xx>" (nearest rank).
"""
import http.client
import json
import math
import random
import sys
import time
import urllib.parse

PATH = "/api/v5/artifacts/profiles/search"


def percentile(values, p):
    rank = max(1, math.ceil(p / 100 * len(values)))
    return values[min(rank, len(values)) - 1]


def main():
    url, token, source, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    warmup = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
    terms = None
    if source != "random":
        with open(source, encoding="utf-8") as f:
            terms = [line.strip() for line in f if line.strip()]
    pick = random.Random(7919)

    def term():
        if terms:
            return pick.choice(terms)
        return "".join(chr(97 + pick.randrange(26)) for _ in range(3))

    target = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
    headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
    latencies, bad = [], 0
    start = time.monotonic()
    while True:
        now = time.monotonic()
        if now - start >= warmup + seconds:
            break
        body = json.dumps({"search": term(), "page_size": 25})
        t0 = time.perf_counter()
        conn.request("POST", PATH, body, headers)
        response = conn.getresponse()
        response_body = response.read()
        elapsed = (time.perf_counter() - t0) * 1000
        if now - start < warmup:
            continue
        latencies.append(elapsed)
        if not 200 <= response.status < 300:
            bad += 1
            if bad == 1:
                sys.stderr.write("search: HTTP %d %s\n" % (response.status, response_body[:300]))
    latencies.sort()
    if not latencies:
        sys.exit("search: no request completed")
    print("search-latency-ms %.3f %.3f %.3f %d %d" % (
        percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
        len(latencies), bad))


if __name__ == "__main__":
    main()
