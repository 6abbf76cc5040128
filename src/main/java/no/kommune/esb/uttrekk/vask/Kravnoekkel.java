package no.kommune.esb.uttrekk.vask;

import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The key of an SFTP wash file's claim ({@code vask_krav.noekkel}, {@link VaskKrav}): HMAC-SHA256 of the file's path,
 * size and modification time under a secret of the platform's, the same on every instance (the claim is how they
 * agree). A file's path may hold an identity number (a fagsystem names its files), and there are only so many 11-digit
 * numbers: a plain digest (until the closing notes of session 32) could be reversed by trying them. The secret is made
 * once, 32 random bytes, by the first instance that needs it and kept in {@code platform_hemmelighet} (V85); every
 * instance reads the one stored. It guards the keys against anyone who has the claims without that row (a copy of the
 * table, a support dump); the claims themselves are deleted after the wash's retention ({@link VaskKrav#rydd}).
 */
final class Kravnoekkel {

    /** The secret's name in {@code platform_hemmelighet}. */
    static final String HEMMELIGHET = "vask-krav";

    private final JdbcTemplate jdbc;
    private volatile SecretKeySpec hemmelighet;

    Kravnoekkel(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The claim's key of {@code fil} ({@code <path>:<size>:<modified>}), as 64 hex digits. */
    String av(String fil) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hemmelighet());
            return HexFormat.of().formatHex(mac.doFinal(fil.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    /** The key a claim of {@code fil} was stored under before the closing notes of session 32: its plain SHA-256. */
    static String usaltet(String fil) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fil.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private SecretKeySpec hemmelighet() {
        SecretKeySpec s = hemmelighet;
        if (s == null) {
            byte[] ny = new byte[32];
            new SecureRandom().nextBytes(ny);
            // the first instance's insert wins; every instance then uses the stored one
            jdbc.update("insert into platform_hemmelighet (navn, verdi) values (?, ?) on conflict (navn) do nothing", HEMMELIGHET, ny);
            byte[] lagret = jdbc.queryForObject("select verdi from platform_hemmelighet where navn = ?", byte[].class, HEMMELIGHET);
            s = new SecretKeySpec(lagret, "HmacSHA256");
            hemmelighet = s;
        }
        return s;
    }
}
