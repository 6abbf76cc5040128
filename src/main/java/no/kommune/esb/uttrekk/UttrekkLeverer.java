package no.kommune.esb.uttrekk;

import no.kommune.esb.forsendelse.mottak.SftpTilgang;
import no.kommune.esb.platform.sftp.SftpSkriving;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;

/**
 * Delivers a finished extract file. SFTP: to the folder under the run's own name ({@link Uttrekkslager#opprett}: no two
 * runs share one), written as {@code <name>.part} and renamed, so the fagsystem never sees half a file (the half file of
 * a write that failed is deleted). A file already
 * there under that name is never replaced and never taken for delivered unseen ({@code fileExist=Fail}): when it holds
 * exactly the bytes of this run's file it is this run's own, put there by a delivery that crashed before {@code LEVERT}
 * was recorded, and the delivery counts as done (no second file); any other file fails the delivery with {@link
 * FilnavnOpptattException}, the other file left as it is. Kafka deliveries: {@link UttrekkKafka}.
 */
@Component
public class UttrekkLeverer {

    private static final Logger log = LoggerFactory.getLogger(UttrekkLeverer.class);

    private final ProducerTemplate producer;
    private final SftpTilgang sftp;
    private final SftpSkriving skriving;

    public UttrekkLeverer(ProducerTemplate producer, SftpTilgang sftp, SftpSkriving skriving) {
        this.producer = producer;
        this.sftp = sftp;
        // a name already taken fails the write (the file there is then checked: this run's own, or another that must
        // not be replaced nor taken for ours)
        this.skriving = skriving;
    }

    /**
     * Puts {@code fil} into the fagsystem's SFTP folder as {@code filnavn}; the file is streamed, never held in memory.
     * Returns normally when the file is there afterwards: written now, or found there with exactly these bytes.
     *
     * @throws FilnavnOpptattException when another file holds the name (left as it is)
     */
    public void sftp(String folder, String filnavn, Path fil) throws IOException {
        // skriv: ended once it takes nothing more of the file for the limit (a stuck SFTP subsystem), not held for ever
        try (InputStream innhold = Files.newInputStream(fil)) {
            skriving.skriv(producer, skriving.til(folder), innhold, Map.of(Exchange.FILE_NAME, filnavn));
        } catch (RuntimeException skrivefeil) {
            Boolean egen;
            try {
                egen = iMappen(folder, filnavn, fil);
            } catch (IOException ikkeSjekket) {
                skrivefeil.addSuppressed(ikkeSjekket);
                throw skrivefeil;
            }
            if (egen == null) {
                // nothing under the name: the write failed for another reason (the server down, a full disk); the half
                // file it may have left under <name>.part goes, or it stays for good if the run ends FEILET
                fjernDelfil(folder, filnavn, skrivefeil);
                throw skrivefeil;
            }
            if (!egen) {
                throw new FilnavnOpptattException(filnavn);
            }
            log.info("Extract file {} was already in {} with the same content: delivered by an earlier attempt", filnavn, folder);
        }
    }

    /**
     * Deletes {@code <filnavn>.part}, the half file a write that failed part-way (a dropped connection, a full disk) left
     * in the folder, when it is there. Camel deletes it before the run's next write under the same name, but a run that
     * ends {@code FEILET} after {@code maks-forsoek} (or is given up) has no next write: before session 29 the half
     * extract, personal data of everyone on it, stayed in the fagsystem's folder for good. A failure to delete is added
     * to the write's failure, which is thrown as before.
     */
    private void fjernDelfil(String folder, String filnavn, RuntimeException skrivefeil) {
        String delfil = filnavn + SftpSkriving.DELFIL;
        try (SftpTilgang.Okt okt = sftp.aapne()) {
            if (okt.liste(folder).stream().anyMatch(o -> !o.mappe() && o.navn().equals(delfil))) {
                okt.slett(folder + "/" + delfil);
                log.info("Extract file {}: the half file a failed write left in {} is deleted", filnavn, folder);
            }
        } catch (IOException | RuntimeException ikkeSlettet) {
            skrivefeil.addSuppressed(ikkeSlettet);
        }
    }

    /**
     * Whether {@code fil} is already in the folder as {@code filnavn}: true when the file there holds exactly its bytes (a
     * delivery that crashed before {@code LEVERT} was recorded put it there, so it counts as delivered), false when
     * another file holds the name, null when nothing does (nothing went out). Asked after a failed write, and before a
     * run whose rows were read in an earlier round is read again.
     *
     * @throws IOException when the server cannot be asked (the run then waits, not read again while the server is down)
     */
    public Boolean iMappen(String folder, String filnavn, Path fil) throws IOException {
        // the folder's listing, not a look-up of the path: a path through a file that is no folder answers oddly on some servers
        try (SftpTilgang.Okt okt = sftp.aapne()) {
            SftpTilgang.Oppfoering der = okt.liste(folder).stream().filter(o -> o.navn().equals(filnavn)).findFirst().orElse(null);
            if (der == null) {
                return null;
            }
            String sti = folder + "/" + filnavn;
            Long stoerrelse = der.mappe() ? null : okt.stoerrelse(sti);
            if (stoerrelse == null || stoerrelse != Files.size(fil)) {
                return false;
            }
            try (InputStream innhold = okt.lesStroem(sti); InputStream vaar = Files.newInputStream(fil)) {
                return Arrays.equals(sha256(innhold), sha256(vaar));
            }
        }
    }

    private static byte[] sha256(InputStream in) throws IOException {
        try {
            DigestInputStream d = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"));
            d.transferTo(java.io.OutputStream.nullOutputStream());
            return d.getMessageDigest().digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Another file than this run's holds its name in the folder: nothing replaced, nothing recorded as delivered. */
    public static class FilnavnOpptattException extends IOException {

        public FilnavnOpptattException(String filnavn) {
            super("en annen fil ligger allerede under navnet " + filnavn + " i mappen; den er ikke erstattet, og uttrekket er ikke levert");
        }
    }
}
