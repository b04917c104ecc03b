package io.countersign.bench.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ingest gateway's own account of a stretch of load, from its {@code /metrics}: the {@code POST /v1/intents}
 * requests it answered 202 and the time it spent on each (from the request's arrival in the handler to the answer
 * written), and its writes to {@code countersign.intents} and the time each waited for Kafka's acknowledgement.
 * Next to the latency the client saw, that says where a request's time goes: the client and the network, the
 * gateway's own work and hand-offs, or the broker.
 */
record ServerTimes(double requests, double requestSeconds, double writes, double writeSeconds) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)} ([0-9.eE+-]+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    static ServerTimes scrape(HttpClient http, URI gateway) throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(gateway.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double[] v = new double[4];
        for (String line : body.split("\n")) {
            Matcher m = SAMPLE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            double value = Double.parseDouble(m.group(3));
            boolean intents = "POST".equals(labels.get("method")) && "/v1/intents".equals(labels.get("route")) && "202".equals(labels.get("status"));
            boolean written = "countersign.intents".equals(labels.get("topic"));
            switch (m.group(1)) {
                case "http_server_requests_seconds_count" -> v[0] += intents ? value : 0;
                case "http_server_requests_seconds_sum" -> v[1] += intents ? value : 0;
                case "countersign_ingest_kafka_acknowledgement_seconds_count" -> v[2] += written ? value : 0;
                case "countersign_ingest_kafka_acknowledgement_seconds_sum" -> v[3] += written ? value : 0;
                default -> { }
            }
        }
        return new ServerTimes(v[0], v[1], v[2], v[3]);
    }

    ServerTimes since(ServerTimes before) {
        return new ServerTimes(requests - before.requests, requestSeconds - before.requestSeconds, writes - before.writes,
                writeSeconds - before.writeSeconds);
    }

    /** Mean time in the gateway per answered request, ms. */
    double requestMs() {
        return requests == 0 ? Double.NaN : requestSeconds / requests * 1000;
    }

    /** Mean wait for Kafka's acknowledgement per write, ms. */
    double writeMs() {
        return writes == 0 ? Double.NaN : writeSeconds / writes * 1000;
    }
}
