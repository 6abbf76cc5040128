package no.kommune.esb.uttrekk.vask;

import no.kommune.esb.forsendelse.mottak.SftpTilgang;
import no.kommune.esb.platform.PlatformLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The nightly retention of the SFTP wash's files (route {@code vask-oppbevaring}, beside the letters' {@code
 * forsendelse-oppbevaring}): as the platform's SFTP user (the {@code platform.sftp.*} login and time limits of the
 * letters' housekeeping, {@link SftpTilgang}), in every fagsystem's folder it deletes the answers and notes in {@code
 * <fagsystem>/vask/ut} older than {@code vask.oppbevaring.svar-etter} and the processed copies in {@code
 * <fagsystem>/vask/inn/.behandlet} older than {@code vask.oppbevaring.behandlet-etter}, only files the platform wrote
 * ({@link Vaskeoppbevaring}). Every fagsystem folder on the server is gone through, not only those of registrations:
 * the wash answers an unregistered folder's file with a refusal, and moves it aside there too. Runs on one instance at a
 * time ({@link PlatformLock}); a fagsystem whose folders fail is logged by its id and skipped, the others are still
 * cleaned. Counts go to {@code esb.vask.oppbevaring.slettet{type}}, a failure to {@code esb.alarm{kilde=vask-oppbevaring}};
 * the log has counts only (a file name is the fagsystem's and may hold an identity number). Until session 32 nothing
 * deleted these files: current register data and identity numbers stayed on the server for ever. Since the closing
 * notes of session 32 it also deletes the claims ({@code vask_krav}, {@link VaskKrav#rydd}) settled longer ago than
 * the longer of the two times, and the processed copies moved aside before V78 under the file's own name
 * ({@link Vaskeoppbevaring#slettesFraBehandlet}); both were kept for ever before.
 */
@Component("vaskRydding")
public class VaskRydding {

    private static final Logger log = LoggerFactory.getLogger(VaskRydding.class);
    static final String LAAS = "vask-oppbevaring";

    /**
     * What one run deleted: answers, notes (refusals and give-ups), processed copies and claims ({@code vask_krav});
     * {@code feil} = fagsystem folders (or the login, or the claims' deletion) that failed; {@code kjoert} is false when another instance was running it.
     */
    public record Resultat(boolean kjoert, int svar, int avvist, int behandlet, int krav, int feil) {
        static final Resultat IKKE_KJOERT = new Resultat(false, 0, 0, 0, 0, 0);
    }

    private final SftpTilgang sftp;
    private final PlatformLock lock;
    private final VaskMaalinger maalinger;
    private final Vaskeoppbevaring regel;
    private final VaskKrav krav;

    public VaskRydding(SftpTilgang sftp, PlatformLock lock, VaskMaalinger maalinger, VaskProperties props, VaskKrav krav) {
        this.sftp = sftp;
        this.lock = lock;
        this.maalinger = maalinger;
        this.regel = props.oppbevaring();
        this.krav = krav;
    }

    /** One run as of now; called by the route. */
    public Resultat kjoer() {
        return kjoer(Instant.now());
    }

    /** One run with the retention times counted back from {@code naa}; nothing when another instance runs it. */
    public Resultat kjoer(Instant naa) {
        return lock.runExclusively(LAAS, () -> rydd(naa)).orElseGet(() -> {
            log.info("Wash retention skipped: another instance is running it");
            return Resultat.IKKE_KJOERT;
        });
    }

    /** One round without the lock (the lock's caller, and tests against a stand-in session). */
    Resultat rydd(Instant naa) {
        Map<Vaskeoppbevaring.Slag, Integer> slettet = new EnumMap<>(Vaskeoppbevaring.Slag.class);
        int feil = 0;
        int kravSlettet = 0;
        try {
            // the claims hold a keyed hash of a path that may name a person: kept no longer than the files they were for
            kravSlettet = krav.rydd(regel.kravSlettesFoer(naa));
        } catch (RuntimeException e) {
            feil++;
            log.warn("Wash retention of the claims (vask_krav) failed: {}", e.getClass().getName());
        }
        try (SftpTilgang.Okt okt = sftp.aapne()) {
            for (SftpTilgang.Oppfoering fagsystem : okt.liste(".")) {
                if (!fagsystem.mappe() || fagsystem.navn().startsWith(".")) {
                    continue;
                }
                try {
                    ryddFagsystem(okt, fagsystem.navn(), naa, slettet);
                } catch (IOException e) {
                    // SftpTilgang's messages name the operation and status, never a path
                    feil++;
                    log.warn("Wash retention of {}'s folders failed: {}", fagsystem.navn(), e.getMessage());
                } catch (RuntimeException e) {
                    feil++;
                    log.warn("Wash retention of {}'s folders failed: {}", fagsystem.navn(), e.getClass().getName());
                }
            }
        } catch (IOException | RuntimeException e) {
            // the login or the listing of the home failed: the next night tries again
            feil++;
            log.warn("Wash retention failed: {}", e.getClass().getName());
        }
        Resultat r = new Resultat(true, slettet.getOrDefault(Vaskeoppbevaring.Slag.SVAR, 0),
                slettet.getOrDefault(Vaskeoppbevaring.Slag.AVVIST, 0), slettet.getOrDefault(Vaskeoppbevaring.Slag.BEHANDLET, 0),
                kravSlettet, feil);
        maalinger.oppbevaring(r);
        log.info("Wash retention: {} answer(s), {} note(s), {} processed copies and {} claim(s) deleted; {} part(s) failed",
                r.svar(), r.avvist(), r.behandlet(), r.krav(), r.feil());
        return r;
    }

    private void ryddFagsystem(SftpTilgang.Okt okt, String fagsystem, Instant naa, Map<Vaskeoppbevaring.Slag, Integer> slettet)
            throws IOException {
        String ut = fagsystem + "/vask/ut";
        for (SftpTilgang.Oppfoering o : okt.liste(ut)) {
            if (o.mappe()) {
                continue;
            }
            var slag = regel.slettesFraUt(o.navn(), o.endret(), naa);
            if (slag.isPresent()) {
                okt.slett(ut + "/" + o.navn());
                slettet.merge(slag.get(), 1, Integer::sum);
            }
        }
        String behandlet = fagsystem + "/vask/inn/.behandlet";
        for (SftpTilgang.Oppfoering o : okt.liste(behandlet)) {
            if (!o.mappe() && regel.slettesFraBehandlet(o.navn(), o.endret(), naa)) {
                okt.slett(behandlet + "/" + o.navn());
                slettet.merge(Vaskeoppbevaring.Slag.BEHANDLET, 1, Integer::sum);
            }
        }
    }
}
