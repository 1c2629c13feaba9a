package com.playerattributes.bench;

import java.util.Map;

/**
 * The outcome of a load run. Latencies are from each request's intended send time to the end of its response,
 * in milliseconds, so time a request spent waiting behind a slow one is counted (no coordinated omission).
 *
 * @param targetRate   requests per second asked for
 * @param sent         requests sent (the whole schedule)
 * @param completed    responses received, of any status
 * @param achievedRate completed / seconds from the first intended send to the last response
 * @param ok           responses with a 2xx status
 * @param errors       non-2xx responses by status, and failures by cause ("timeout" for no answer in time)
 */
public record LoadReport(String url, double targetRate, double durationSeconds, int connections, String mix,
                         long sent, long completed, double achievedRate, long ok, Map<String, Long> errors,
                         double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs, double meanMs) {

    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%s: target %,.0f req/s for %.0f s over %d connections (%s)%n",
                url, targetRate, durationSeconds, connections, mix));
        b.append(String.format("sent %,d, completed %,d, achieved %,.0f req/s, ok %,d%n", sent, completed, achievedRate, ok));
        b.append(String.format("latency from intended send time (ms): p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f%n",
                p50Ms, p90Ms, p99Ms, p999Ms, maxMs, meanMs));
        if (errors.isEmpty()) {
            b.append("errors: none\n");
        } else {
            b.append("errors:");
            errors.forEach((k, v) -> b.append(' ').append(k).append('=').append(String.format("%,d", v)));
            b.append('\n');
        }
        return b.toString();
    }
}
