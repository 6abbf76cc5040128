package no.kommune.esb.paalitelighet;

import no.kommune.esb.model.Identitetsnummer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** R6 scans the platform's log lines as the log holds them: identity numbers masked by maskIn, as logback-spring.xml does. */
class LoggopptakTest {

    /** Epoch millis of 2027-01-26: its first 11 digits (18 January 2000) pass the control digits. */
    static final String EPOKE_MS = "1801000006405";

    @Test
    void should_not_flag_epoch_millis_whose_digits_pass_the_control_digits_and_still_find_contact_data_in_a_log_line() {
        assertThat(Identitetsnummer.isValid(EPOKE_MS.substring(0, 11))).as("the case this test is about").isTrue();
        Loggopptak opptak = Loggopptak.koblePaa();
        try {
            bareTilOpptaket(opptak).info("batch ferdig ved {} for {} til {}", EPOKE_MS, PersonvernskannerTest.FNR, "kari.nordmann.1@sim.example.no");
        } finally {
            opptak.stopp();
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("r6-test")).detachAppender(opptak);
        }
        String linje = opptak.linjer().stream().filter(l -> l[0].equals("r6-test")).findFirst().orElseThrow()[1];

        assertThat(linje).contains("180100*******", "020132*****").doesNotContain(EPOKE_MS).doesNotContain(PersonvernskannerTest.FNR);
        assertThat(PersonvernskannerTest.SKANNER.skann("log:r6-test", linje, false)).extracting(Personvernskanner.Treff::art)
                .containsExactly(Personvernskanner.Art.EPOST);
    }

    @Test
    void should_mask_an_identity_number_in_an_exceptions_message_as_the_log_does() {
        Loggopptak opptak = Loggopptak.koblePaa();
        try {
            bareTilOpptaket(opptak).warn("lagring feilet", new IllegalStateException("Cannot store file: vask-" + PersonvernskannerTest.FNR + ".csv"));
        } finally {
            opptak.stopp();
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("r6-test")).detachAppender(opptak);
        }
        List<String[]> linjer = opptak.linjer();

        assertThat(linjer).extracting(l -> l[1]).anySatisfy(l -> assertThat(l).contains("IllegalStateException: Cannot store file: vask-020132*****.csv"));
        assertThat(linjer).allSatisfy(l -> assertThat(PersonvernskannerTest.SKANNER.skann("log", l[1], false)).isEmpty());
    }

    /**
     * The test's own logger, writing to the capture only: its lines hold a synthetic number and KRR address on purpose
     * (what R6 must find), and the build's console log is scanned for such data too (closing notes: no 11-digit number,
     * no e-mail address in CI's output).
     */
    private static org.slf4j.Logger bareTilOpptaket(Loggopptak opptak) {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("r6-test");
        logger.setAdditive(false);
        logger.addAppender(opptak);
        return logger;
    }
}
