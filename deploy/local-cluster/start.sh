#!/usr/bin/env bash
# Starts a 3-broker KRaft Kafka cluster on this machine, each broker its own background JVM
# (kafka.Kafka), from the jars the Maven build resolves. Configuration comes from KafkaClusterLayout,
# the same generator the JUnit harness (LocalKafkaCluster) uses. See README.md next to this script.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${COUNTERSIGN_CLUSTER_DIR:-$root/.countersign/local-cluster}"
nodes="${KAFKA_NODES:-3}"
first_port="${KAFKA_FIRST_PORT:-19092}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mkdir -p "$dir"

for pid_file in "$dir"/node-*.pid; do
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "local-cluster: already running ($pid_file holds a live pid); run stop.sh first." >&2
    exit 1
  fi
done

echo "local-cluster: resolving Kafka's jars with Maven (compile embedded-stack, build its class path)..."
(cd "$root" && mvn -B -q ${MVN_FLAGS:-} -pl embedded-stack -am compile dependency:build-classpath \
    -Dmdep.outputFile=target/local-cluster.classpath) || {
  echo "local-cluster: the Maven build failed; run it without -q to see why." >&2
  exit 1
}
cp="$root/embedded-stack/target/classes:$(cat "$root/embedded-stack/target/local-cluster.classpath")"

cat > "$dir/log4j2.properties" <<'LOG'
rootLogger.level = WARN
rootLogger.appenderRef.out.ref = out
appender.out.type = Console
appender.out.name = out
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = %d{ISO8601} %-5level [%t] %c{1} - %msg%n
logger.server.name = kafka.server.KafkaRaftServer
logger.server.level = INFO
LOG

# Writes node-N/server.properties and formats each node's storage (once; the cluster id is kept).
"$java_bin" -cp "$cp" io.countersign.embedded.cluster.KafkaClusterLayout "$dir" "$nodes" "$first_port" > "$dir/layout.txt"
bootstrap="$(awk '$1 == "bootstrap" {print $2}' "$dir/layout.txt")"

started="$(date +%s)"
while read -r kind id props; do
  [ "$kind" = node ] || continue
  nohup "$java_bin" ${KAFKA_HEAP_OPTS:--Xms64m -Xmx384m} -XX:+UseSerialGC \
      -Dlog4j2.configurationFile="$dir/log4j2.properties" -cp "$cp" kafka.Kafka "$props" \
      >> "$dir/node-$id.log" 2>&1 &
  echo $! > "$dir/node-$id.pid"
  echo "local-cluster: broker $id started, pid $!, config $props, log $dir/node-$id.log"
done < "$dir/layout.txt"

# Ready when every broker accepts connections on its client port (it opens it once started).
for hostport in ${bootstrap//,/ }; do
  port="${hostport##*:}"
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if [ $(( $(date +%s) - started )) -gt 120 ]; then
      echo "local-cluster: port $port not open after 120 s; see the logs in $dir" >&2
      exit 1
    fi
    sleep 1
  done
done
echo "local-cluster: $nodes brokers up in $(( $(date +%s) - started )) s"
echo "KAFKA_BOOTSTRAP_SERVERS=$bootstrap"
