/**
 * Platform diagnostics: a ping that travels REST → database → Artemis → Kafka and SFTP, so operators can prove
 * an installation is wired end to end (routes/diagnostics). Carries no personal data.
 */
package no.kommune.esb.diagnostics;
