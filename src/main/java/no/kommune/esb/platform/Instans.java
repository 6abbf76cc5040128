package no.kommune.esb.platform;

/**
 * This instance's name among several sharing one database: stored with a letter batch's claim ({@code brev.krav_instans})
 * and with the configuration checksums each instance records ({@code konfig_node}), so a log line or the console can say
 * which instance held what. Set {@code forsendelse.behandling.instans-id} where host names repeat (containers); the
 * default is the JVM's {@code pid@host}.
 */
public final class Instans {

    private Instans() {
    }

    /** The configured id, or {@code pid@host} when none is set. */
    public static String id(String konfigurert) {
        return konfigurert == null || konfigurert.isBlank()
                ? java.lang.management.ManagementFactory.getRuntimeMXBean().getName() : konfigurert;
    }
}
