package no.kommune.esb.uttrekk.vask;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the wash ({@code vask.*}, docs/uttrekk-formater-og-vask.md).
 *
 * @param maksLinjer      person lines in one wash file; the answer is built in memory (about 300 bytes a line as CSV)
 * @param sftpPollDelay   how often the SFTP drop folders {@code <fagsystem>/vask/inn} are looked at (ms)
 */
@ConfigurationProperties("vask")
public record VaskProperties(Integer maksLinjer, Long sftpPollDelay) {

    /** One Folkeregisteret bulk call holds at most this many numbers. */
    public static final int BULK = 1000;

    public VaskProperties {
        maksLinjer = maksLinjer == null ? 50_000 : maksLinjer;
        if (maksLinjer < 1) {
            throw new IllegalArgumentException("vask.maks-linjer must be at least 1");
        }
        sftpPollDelay = sftpPollDelay == null ? 10_000L : sftpPollDelay;
    }
}
