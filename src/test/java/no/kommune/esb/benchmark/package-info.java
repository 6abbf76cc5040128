/**
 * Benchmarks run by hand, never by {@code ./mvnw verify}: {@link no.kommune.esb.benchmark.LetterBenchmark} pushes
 * letters through the platform and through a bare loop over the same clients, and writes
 * {@code target/benchmarks/letters.json} (docs/benchmarks.md). Nothing here is a test and nothing here is
 * annotated for component scanning, so the end-to-end tests never pick it up.
 */
package no.kommune.esb.benchmark;
