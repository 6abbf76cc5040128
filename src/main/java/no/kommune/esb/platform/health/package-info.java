/** Actuator health indicators for the components Spring Boot does not cover itself: Kafka and SFTP. */
package no.kommune.esb.platform.health;
