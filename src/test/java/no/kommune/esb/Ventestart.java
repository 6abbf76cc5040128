package no.kommune.esb;

import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.time.Duration;

/**
 * Awaitility's waits look at their condition at once (a poll delay of 0) in every test JVM. Awaitility's own default
 * waits one poll interval before the first look, so a wait whose condition already held (a letter's status read after
 * an earlier wait saw it, a file already there) cost its whole interval, 100 ms by default and 200–300 ms where a test
 * names its interval (docs/testing.md, "The suite's waits, session 37"). A wait that must let time pass says so
 * ({@code pollDelay}, {@code during}, a sleep); none relied on the first look coming late. In {@code META-INF/services}.
 */
public class Ventestart implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Awaitility.setDefaultPollDelay(Duration.ZERO);
    }
}
