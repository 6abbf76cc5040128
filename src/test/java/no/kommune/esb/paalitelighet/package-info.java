/**
 * Reliability scenarios of issue 15 (docs/reliability.md): each test class tagged {@code reliability} runs one
 * scenario against real processes and adds its figures to {@code target/reliability/report.json} through
 * {@link no.kommune.esb.paalitelighet.Rapport}. They run only with {@code ./mvnw -Preliability verify}.
 */
package no.kommune.esb.paalitelighet;
