package no.kommune.esb.uttrekk.vask;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Settings of the wash ({@code vask.*}, docs/uttrekk-formater-og-vask.md).
 *
 * @param maksLinjer      person lines in one wash file; the answer is built in memory (about 300 bytes a line as CSV)
 * @param sftpPollDelay   how often the SFTP drop folders {@code <fagsystem>/vask/inn} are looked at (ms)
 * @param kravFrist       how long an SFTP wash file's claim holds unrenewed ({@link VaskKrav}): the washing instance
 *                        renews it every {@code kravFornyelse}, so a wash may take longer; one that died with it (or
 *                        cannot reach the database) leaves it to be taken again after this
 * @param kravVentFoerste the wait before a file whose wash or answer write failed is tried again, doubling per failure
 * @param kravVentMaks    the longest such wait
 * @param kravFornyelse   how often the washing instance renews its claims (route {@code vask-krav}, which reads
 *                        {@code vask.krav-fornyelse} itself); at most half of {@code kravFrist}; a third of it when unset
 * @param kravMaksForsoek failed attempts at one SFTP wash file before it is given up ({@link VaskKrav}): kept as a dead
 *                        letter, and the fagsystem gets a note; 24 by default (with the default waits about 18 hours)
 * @param oppbevaring     how long the SFTP wash's answers, notes and processed copies stay on the SFTP server
 *                        ({@code vask.oppbevaring.svar-etter}, {@code .behandlet-etter}; {@link Vaskeoppbevaring}, {@link VaskRydding})
 */
@ConfigurationProperties("vask")
public record VaskProperties(Integer maksLinjer, Long sftpPollDelay, Duration kravFrist, Duration kravVentFoerste, Duration kravVentMaks,
                             Duration kravFornyelse, Integer kravMaksForsoek, Vaskeoppbevaring oppbevaring) {

    /** One Folkeregisteret bulk call holds at most this many numbers. */
    public static final int BULK = 1000;

    public VaskProperties {
        maksLinjer = maksLinjer == null ? 50_000 : maksLinjer;
        if (maksLinjer < 1) {
            throw new IllegalArgumentException("vask.maks-linjer must be at least 1");
        }
        sftpPollDelay = sftpPollDelay == null ? 10_000L : sftpPollDelay;
        kravFrist = kravFrist == null ? Duration.ofMinutes(15) : kravFrist;
        kravVentFoerste = kravVentFoerste == null ? Duration.ofMinutes(1) : kravVentFoerste;
        kravVentMaks = kravVentMaks == null ? Duration.ofHours(1) : kravVentMaks;
        if (kravFrist.isNegative() || kravFrist.isZero()) {
            throw new IllegalArgumentException("vask.krav-frist must be positive");
        }
        kravFornyelse = kravFornyelse == null ? kravFrist.dividedBy(3) : kravFornyelse;
        oppbevaring = oppbevaring == null ? new Vaskeoppbevaring(null, null) : oppbevaring;
        kravMaksForsoek = kravMaksForsoek == null ? 24 : kravMaksForsoek;
        if (kravMaksForsoek < 1) {
            throw new IllegalArgumentException("vask.krav-maks-forsoek must be at least 1");
        }
        if (kravFornyelse.isNegative() || kravFornyelse.isZero() || kravFornyelse.multipliedBy(2).compareTo(kravFrist) > 0) {
            // a washing instance must renew its claim at least twice before it lapses, or one late round hands the file over
            throw new IllegalArgumentException("vask.krav-fornyelse must be positive and at most half of vask.krav-frist (was "
                    + kravFornyelse + ", vask.krav-frist " + kravFrist + ")");
        }
    }
}
