package no.kommune.esb.platform.konfig;

import java.time.Instant;
import java.util.List;

/**
 * One watched config file and the version of it that runs.
 *
 * @param sti      the file's path as the platform reads it (e.g. {@code routes/hendelser/hendelser-feed.camel.yaml})
 * @param sjekksum SHA-256 (hex) of the live version; for an edit that was refused it stays the live one's; null when
 *                 no version of the file has ever been live (a new file refused at once)
 * @param lastet   when the live version was put live (start-up or reload)
 * @param status   {@value Konfigfil#LIVE}: the file on disk runs; {@value Konfigfil#UGYLDIG}: the file on disk was
 *                 refused and the earlier version (or none) runs
 * @param feil     why the file on disk was refused, each {@code file:line:column: reason}; empty when live
 */
public record Konfigfil(String sti, String sjekksum, Instant lastet, String status, List<String> feil) {

    public static final String LIVE = "LIVE";
    public static final String UGYLDIG = "UGYLDIG";

    public Konfigfil {
        feil = List.copyOf(feil);
    }

    /** A checksum as shown (console, {@code GET /api/konfig/noder}, logs): its first 12 hex digits; null stays null. */
    public static String kort(String sjekksum) {
        return sjekksum == null ? null : sjekksum.substring(0, Math.min(12, sjekksum.length()));
    }
}
