/**
 * The local default: ActiveMQ Artemis, a KRaft Kafka broker, PostgreSQL, an SFTP server and an SMTP server started in-process
 * before the Spring context, persistent under {@code platform.data-dir}. Switched on by
 * {@code platform.embedded.enabled=true}; in production every component is external.
 */
package no.kommune.esb.platform.embedded;
