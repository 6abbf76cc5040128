package no.kommune.esb.forsendelse.oppbevaring;

import no.kommune.esb.forsendelse.mottak.SftpInnlevering;
import no.kommune.esb.forsendelse.mottak.SftpTilgang;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Instant;

/**
 * Housekeeping of the SFTP drop folders, as the platform's SFTP user (the same {@code platform.sftp.*} login as the
 * intake), in every fagsystem's folder {@code <id>/forsendelse/inn/}: deletes kept hand-ins in {@code .behandlet/} and
 * {@code .avvist/}, and answers in {@code <id>/forsendelse/svar/}, whose retention time is over, and moves manifests a crash left in {@code .behandles/} back to the
 * drop folder, where the intake takes them again (a letter already stored is answered with its id, not stored twice).
 * A folder that fails is logged by kind and skipped; the others are still cleaned.
 */
@Component
class SftpRydding {

    static final String BEHANDLES = ".behandles";
    static final String BEHANDLET = ".behandlet";
    static final String AVVIST = ".avvist";

    private static final Logger log = LoggerFactory.getLogger(SftpRydding.class);

    /** What one round did. {@code feil} = fagsystem folders that could not be cleaned. */
    record Resultat(int behandletSlettet, int avvistSlettet, int svarSlettet, int gjenopptatt, int feil) {
    }

    private final SftpTilgang sftp;

    SftpRydding(SftpTilgang sftp) {
        this.sftp = sftp;
    }

    Resultat rydd(Oppbevaringsregel regel, Instant naa) throws IOException {
        int behandlet = 0;
        int avvist = 0;
        int svar = 0;
        int gjenopptatt = 0;
        int feil = 0;
        try (SftpTilgang.Okt okt = sftp.aapne()) {
            for (SftpTilgang.Oppfoering fagsystem : okt.liste(".")) {
                if (!fagsystem.mappe() || fagsystem.navn().startsWith(".")) {
                    continue;
                }
                String inn = fagsystem.navn() + "/forsendelse/inn";
                try {
                    behandlet += slettGamle(okt, inn + "/" + BEHANDLET, regel, naa);
                    avvist += slettGamle(okt, inn + "/" + AVVIST, regel, naa);
                    // answers the fagsystem has had as long as the hand-ins are kept
                    svar += slettGamle(okt, fagsystem.navn() + "/forsendelse/svar", regel, naa);
                    gjenopptatt += gjenoppta(okt, inn, regel, naa);
                } catch (IOException e) {
                    // SftpTilgang's messages name the operation and status, never a path
                    feil++;
                    log.warn("SFTP housekeeping of {}'s drop folder failed: {}", fagsystem.navn(), e.getMessage());
                } catch (RuntimeException e) {
                    feil++;
                    log.warn("SFTP housekeeping of {}'s drop folder failed: {}", fagsystem.navn(), e.getClass().getName());
                }
            }
        }
        return new Resultat(behandlet, avvist, svar, gjenopptatt, feil);
    }

    private static int slettGamle(SftpTilgang.Okt okt, String mappe, Oppbevaringsregel regel, Instant naa) throws IOException {
        int slettet = 0;
        for (SftpTilgang.Oppfoering o : okt.liste(mappe)) {
            if (regel.sftpMappeKanSlettes(o.endret(), naa)) {
                okt.slett(mappe + "/" + o.navn());
                slettet++;
            }
        }
        return slettet;
    }

    private static int gjenoppta(SftpTilgang.Okt okt, String inn, Oppbevaringsregel regel, Instant naa) throws IOException {
        int flyttet = 0;
        for (SftpTilgang.Oppfoering o : okt.liste(inn + "/" + BEHANDLES)) {
            if (o.mappe() || !o.navn().endsWith(".json") || !regel.manifestSkalGjenopptas(o.endret(), naa)) {
                continue;
            }
            // never over a manifest of the same name in the drop folder (a rename may replace it: Apache MINA's does): that
            // keeps the left one here (the new one is claimed beside it); a claim (.<token>.<name>.json) goes back under
            // the manifest's own name
            String navn = SftpInnlevering.navnFraKrav(o.navn());
            if (okt.flyttUtenAaErstatte(inn + "/" + BEHANDLES + "/" + o.navn(), inn + "/" + navn)) {
                flyttet++;
            }
        }
        return flyttet;
    }
}
