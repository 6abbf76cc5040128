package no.kommune.esb;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of the end-to-end tests: the whole application with embedded Artemis, Kafka, PostgreSQL, SFTP and the
 * register simulators, on free ports and a fresh data folder. Every subclass shares one application context
 * (keep the annotations identical), so the platform starts once per test run.
 */
@CamelSpringBootTest
@SpringBootTest(classes = EsbApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({"local", "test"})
public abstract class EndToEndTest {
}
