#!/usr/bin/env python3
"""Where a bench run's CPU went, by thread group, from a JFR recording of the bench JVM (broker, Kafka Streams
applications and load generator all run in it).

    jfr print --events jdk.ThreadCPULoad,jdk.ExecutionSample rec.jfr | bench/tools/jfr-threads.py [HH:MM:SS-HH:MM:SS ...]

Windows (UTC wall-clock, as the bench's progress lines show them when prefixed with `date +%H:%M:%S`) restrict
the sums to the events inside them, e.g. the gate's saturated stretches. Record with jdk.ThreadCPULoad every
second (a copy of $JAVA_HOME/lib/jfr/profile.jfc with that event's period set to "1 s"): the default 10 s
smears a 10-second stretch into its neighbours. Prints a Markdown table: each group's share of the CPU the
JVM's threads used, its execution samples, and the mean CPU of the whole machine the JVM's threads used.
"""
import collections
import re
import sys

GROUPS = [
    # (test on the lower-cased thread name, group); the first that matches wins.
    (lambda t: 'producer-network-thread' in t and '-gate-' in t and 'streamthread' in t, 'Streams: first-wins gate, its producer I/O'),
    (lambda t: 'producer-network-thread' in t and 'streamthread' in t, 'Streams: pipeline (chain, approvals, execution check), its producer I/O'),
    (lambda t: 'globalstreamthread' in t, 'Streams: global label tables'),
    (lambda t: '-gate-' in t and 'streamthread' in t, 'Streams: first-wins gate thread'),
    (lambda t: 'streamthread' in t, 'Streams: pipeline thread (chain, approvals, execution check)'),
    (lambda t: 'producer-network-thread' in t, 'bench: producers\' I/O'),
    (lambda t: 'request-handler' in t, 'broker: request handlers'),
    (lambda t: 'network-thread' in t or 'acceptor' in t, 'broker: network'),
    (lambda t: any(k in t for k in ('raft', 'quorum', 'controller', 'kafka-log', 'replica', 'logdir', 'scheduler', 'purgatory',
                                    'expirationreaper', 'txnmarker', 'addpartitionstotxn', 'group-coordinator', 'transaction',
                                    'metadata-loader', 'share-', 'reaper')), 'broker: other'),
    (lambda t: 'compiler' in t, 'JIT compiler'),
    (lambda t: t.startswith('bench-') or t == 'main' or 'probe' in t, 'bench: load generator and probes'),
]


def group(thread):
    t = thread.lower()
    for test, name in GROUPS:
        if test(t):
            return name
    return 'other'


def main():
    windows = [tuple(w.split('-')) for w in sys.argv[1:]]
    cpu, samples, per_second = collections.Counter(), collections.Counter(), collections.Counter()
    event = thread = at = None
    load = 0.0
    for line in sys.stdin:
        s = line.strip()
        if s.startswith('jdk.ThreadCPULoad') or s.startswith('jdk.ExecutionSample'):
            event, thread, load = s.split()[0], None, 0.0
        elif m := re.match(r'startTime = (\d\d:\d\d:\d\d)', s):
            at = m.group(1)
        elif m := re.match(r'(?:eventThread|sampledThread) = "(.*)" \(', s):
            thread = m.group(1)
        elif m := re.match(r'(?:user|system) = ([\d.]+)%', s):
            load += float(m.group(1))
        elif s == '}' and event and thread is not None:
            if not windows or any(a <= at <= b for a, b in windows):
                if event == 'jdk.ThreadCPULoad':
                    cpu[group(thread)] += load
                    per_second[at] += load
                else:
                    samples[group(thread)] += 1
            event = None
    total_cpu, total_samples = sum(cpu.values()) or 1, sum(samples.values()) or 1
    print('| thread group | share of the JVM threads\' CPU | execution samples |')
    print('|---|---|---|')
    for g in sorted(set(cpu) | set(samples), key=lambda g: -cpu[g]):
        print(f'| {g} | {100 * cpu[g] / total_cpu:.1f}% | {samples[g]} ({100 * samples[g] / total_samples:.1f}%) |')
    if per_second:
        print(f'\nThe JVM\'s threads used {sum(per_second.values()) / len(per_second):.1f}% of the machine on average over'
              f' {len(per_second)} one-second samples.')


if __name__ == '__main__':
    main()
