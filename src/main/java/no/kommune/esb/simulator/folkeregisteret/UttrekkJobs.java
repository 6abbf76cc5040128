package no.kommune.esb.simulator.folkeregisteret;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Extract jobs: the identifiers are fixed when the job is ordered; batches answer 404 until the job is
 * "ready" (a short delay), then batch n holds up to batchSize identifiers, the batch after the last one is
 * {@code {}}, and the job answers 410 once it has expired. At most 10 unfinished jobs at a time (uttrekk.md).
 */
final class UttrekkJobs {

    static final int MAX_RUNNING = 10;

    /** One job: identifiers and, for komplett, document ids in the same order. */
    static final class Job {
        final String id;
        final Instant readyAt;
        final Instant expiresAt;
        final List<String> ids;
        final List<String> documentIds;
        volatile boolean finished;

        Job(String id, Instant readyAt, Instant expiresAt, List<String> ids, List<String> documentIds) {
            this.id = id;
            this.readyAt = readyAt;
            this.expiresAt = expiresAt;
            this.ids = ids;
            this.documentIds = documentIds;
        }
    }

    /** What a batch request gets. */
    sealed interface Batch permits NotReady, Gone, Data, End {
    }

    record NotReady() implements Batch {
    }

    record Gone() implements Batch {
    }

    record Data(List<String> ids, List<String> documentIds) implements Batch {
    }

    record End() implements Batch {
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration readyDelay;
    private final Duration ttl;
    private final int batchSize;

    UttrekkJobs(Clock clock, Duration readyDelay, Duration ttl, int batchSize) {
        this.clock = clock;
        this.readyDelay = readyDelay;
        this.ttl = ttl;
        this.batchSize = batchSize;
    }

    /** Creates a job, or empty when 10 unfinished jobs are running. */
    synchronized Optional<String> create(List<String> ids, List<String> documentIds) {
        Instant now = clock.instant();
        jobs.values().removeIf(j -> now.isAfter(j.expiresAt.plus(ttl)));
        long running = jobs.values().stream().filter(j -> !j.finished && now.isBefore(j.expiresAt)).count();
        if (running >= MAX_RUNNING) {
            return Optional.empty();
        }
        String id = UUID.randomUUID().toString();
        jobs.put(id, new Job(id, now.plus(readyDelay), now.plus(ttl), List.copyOf(ids), documentIds == null ? null : List.copyOf(documentIds)));
        return Optional.of(id);
    }

    Batch batch(String jobId, long n) {
        Job job = jobs.get(jobId);
        Instant now = clock.instant();
        if (job == null || !now.isBefore(job.expiresAt) || n < 0) {
            return new Gone();
        }
        if (now.isBefore(job.readyAt)) {
            return new NotReady();
        }
        long batches = (job.ids.size() + batchSize - 1) / batchSize;
        if (n < batches) {
            int from = (int) (n * batchSize);
            int to = Math.min(job.ids.size(), from + batchSize);
            return new Data(job.ids.subList(from, to), job.documentIds == null ? null : job.documentIds.subList(from, to));
        }
        if (n == batches) {
            job.finished = true;
            return new End();
        }
        return new Gone();
    }

    /** Ends a job at once (admin/tests): its batches answer 410. */
    void expire(String jobId) {
        Job job = jobs.get(jobId);
        if (job != null) {
            jobs.put(jobId, new Job(job.id, job.readyAt, clock.instant().minusMillis(1), job.ids, job.documentIds));
        }
    }
}
