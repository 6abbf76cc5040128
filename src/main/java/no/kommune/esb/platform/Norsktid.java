package no.kommune.esb.platform;

import java.time.ZoneId;

/**
 * The platform's time zone: dates and clock times are Norway's (ages, date rules, a list's or report's date, the
 * register's local times), whatever zone the JVM runs in (a server's is often UTC; the tests run in one whose date is
 * not Oslo's, docs/testing.md). Take dates with {@code LocalDate.now(clock)} of a clock in this zone, never the JVM's.
 */
public final class Norsktid {

    /** Europe/Oslo. */
    public static final ZoneId SONE = ZoneId.of("Europe/Oslo");

    private Norsktid() {
    }
}
