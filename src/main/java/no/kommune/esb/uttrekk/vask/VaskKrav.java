package no.kommune.esb.uttrekk.vask;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The claim of an SFTP wash file across instances (table {@code vask_krav}, V24): every instance polling the drop folders
 * may see the same file; only the one whose insert of the file's key wins washes it, so a file is never washed twice
 * (no second answer file, no second audit trail). The key is path, size and modification time: the same name sent
 * again with new content is a new file. It is stored as a SHA-256 digest: a file name may hold an identity number.
 */
@Component("vaskKrav")
public class VaskKrav {

    private final JdbcTemplate jdbc;

    public VaskKrav(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True when this instance claimed the exchange's file; false when another instance already has. */
    public boolean ta(Exchange exchange) {
        Message m = exchange.getIn();
        return ta(m.getHeader(Exchange.FILE_NAME, String.class) + ":" + m.getHeader(Exchange.FILE_LENGTH, Long.class)
                + ":" + m.getHeader(Exchange.FILE_LAST_MODIFIED, Long.class));
    }

    /** True for the one caller whose insert of {@code noekkel} wins, whatever the instance. */
    boolean ta(String noekkel) {
        return jdbc.update("insert into vask_krav (noekkel) values (?) on conflict (noekkel) do nothing", digest(noekkel)) == 1;
    }

    private static String digest(String noekkel) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(noekkel.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
