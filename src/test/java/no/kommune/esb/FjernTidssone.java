package no.kommune.esb;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.TimeZone;

/**
 * Runs every test JVM in a time zone whose date is not Oslo's at the start of the run, so a slip between the JVM's zone
 * and the platform's (Oslo's calendar: ages, date rules, a list's date) fails every run instead of once a night: session
 * 34's CI failed at 00:08 in Oslo because a test ran a date rule for the JVM's date (UTC) and expected Oslo's. One of
 * UTC-10 (Honolulu) and UTC+14 (Kiritimati) always has another date than Oslo (UTC+1/+2). Set before any test class is
 * loaded (a JUnit launcher session listener, {@code META-INF/services}); {@code -Desb.test.tidssone=Europe/Oslo} (or any
 * zone) runs the tests in that zone instead. Production code takes Oslo's zone itself (docs/testing.md).
 */
public class FjernTidssone implements LauncherSessionListener {

    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private static final List<ZoneId> FJERNE = List.of(ZoneId.of("Pacific/Honolulu"), ZoneId.of("Pacific/Kiritimati"));

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String valgt = System.getProperty("esb.test.tidssone", "");
        ZoneId sone = valgt.isBlank() ? fjern() : ZoneId.of(valgt);
        TimeZone.setDefault(TimeZone.getTimeZone(sone));
    }

    /** The first of the far zones whose date differs from Oslo's now. */
    static ZoneId fjern() {
        LocalDate oslo = LocalDate.now(OSLO);
        return FJERNE.stream().filter(z -> !LocalDate.now(z).equals(oslo)).findFirst().orElse(FJERNE.get(0));
    }
}
