package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SFTP drop folder {@code <fagsystem>/forsendelse/inn/}: a fagsystem uploads its PDFs, then a manifest
 * {@code <name>.json} naming them. Called by the route for each manifest; the platform's SFTP user does the file work:
 * <ol>
 *   <li>claims the manifest by moving it to {@code .behandles/} (of two instances only one succeeds);</li>
 *   <li>refuses a manifest whose {@code avsenderSystem} is not the folder's owner;</li>
 *   <li>answers a letter already stored under (avsenderSystem, eksternReferanse) with its id, as REST does;</li>
 *   <li>reads the named PDFs, validates everything with the intake's rules and stores the letter;</li>
 *   <li>accepted: manifest and PDFs to {@code .behandlet/<name>/}; refused: a dead letter, then manifest and PDFs to
 *       {@code .avvist/<name>/} with the problem document {@code <name>.grunn.json} beside them;</li>
 *   <li>last, the answer ({@code {"id","ny"}} or the problem) to {@code <fagsystem>/forsendelse/svar/<name>.svar.json}.</li>
 * </ol>
 * When storing fails (database down) the manifest goes back to the drop folder and the exception propagates, so the
 * route retries and the next poll tries again; the PDFs never left.
 */
@Component("forsendelseSftpMottak")
public class SftpInnlevering {

    /** Relative path of a manifest as the route sees it: {@code <fagsystem>/forsendelse/inn/<name>.json}. */
    private static final Pattern MANIFEST = Pattern.compile("([^/]+)/forsendelse/inn/([^/]+)\\.json");
    static final String KANAL = "SFTP";
    static final String BEHANDLES = ".behandles";
    static final String BEHANDLET = ".behandlet";
    static final String AVVIST = ".avvist";

    private static final Logger log = LoggerFactory.getLogger(SftpInnlevering.class);

    private final SftpTilgang sftp;
    private final InnleveringMottak mottak;
    private final ForsendelseRepository repository;
    private final ObjectMapper json;
    private final long maksDokumentBytes;

    public SftpInnlevering(SftpTilgang sftp, InnleveringMottak mottak, ForsendelseRepository repository,
                           InnleveringProperties properties, ObjectMapper json) {
        this.sftp = sftp;
        this.mottak = mottak;
        this.repository = repository;
        this.json = json;
        this.maksDokumentBytes = properties.maksDokumentstorrelse().toBytes();
    }

    /** Where a manifest lies: the folder's owner, the drop folder, and the manifest's name without {@code .json}. */
    record Manifestplass(String eier, String mappe, String navn) {
        String fil() {
            return mappe + "/" + navn + ".json";
        }

        String svar() {
            return eier + "/forsendelse/svar/" + navn + ".svar.json";
        }
    }

    static Optional<Manifestplass> plassering(String filsti) {
        Matcher m = filsti == null ? null : MANIFEST.matcher(filsti.replace('\\', '/'));
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Manifestplass(m.group(1), m.group(1) + "/forsendelse/inn", m.group(2)));
    }

    /** Handles the manifest at {@code filsti} (relative to the platform user's home, as the route's file name header). */
    public void behandle(String filsti) throws IOException {
        Manifestplass p = plassering(filsti).orElse(null);
        if (p == null) {
            log.warn("SFTP letter intake ignored a file outside <fagsystem>/forsendelse/inn/");
            return;
        }
        try (SftpTilgang.Okt okt = sftp.aapne()) {
            String krevd = p.mappe() + "/" + BEHANDLES + "/" + p.navn() + ".json";
            okt.lagMappe(p.mappe() + "/" + BEHANDLES);
            if (!okt.flytt(p.fil(), krevd)) {
                log.info("SFTP manifest of {} was taken by another instance", p.eier());
                return;
            }
            // a rename keeps the upload time; the claim time tells housekeeping when a manifest was left behind by a crash
            okt.settEndret(krevd, Instant.now());
            try {
                behandleKrevd(okt, p, krevd);
            } catch (IOException | RuntimeException e) {
                try {
                    okt.flytt(krevd, p.fil());
                } catch (IOException | RuntimeException tilbake) {
                    log.error("SFTP manifest of {} could not be put back for a new attempt and stays in {}: {}",
                            p.eier(), BEHANDLES, tilbake.getClass().getName());
                }
                throw e;
            }
        }
    }

    private void behandleKrevd(SftpTilgang.Okt okt, Manifestplass p, String krevd) throws IOException {
        byte[] innhold = okt.les(krevd);
        JsonNode node = les(innhold);
        SftpManifest manifest = SftpManifest.les(node, p.navn() + ".json");
        List<InnleveringFeil> feil = new ArrayList<>();
        String avsender = node == null ? null : tekst(node, "avsenderSystem");
        boolean fremmed = avsender != null && !p.eier().equals(avsender);
        if (fremmed) {
            // the system id only: no field of the letter, which may hold personal data
            log.warn("SFTP letter refused: a manifest in the folder of {} names another avsenderSystem", p.eier());
            feil.add(new InnleveringFeil("/avsenderSystem", "avsenderSystem må være fagsystemet som eier mappen (" + p.eier() + ")"));
        } else {
            String referanse = node == null ? null : tekst(node, "eksternReferanse");
            // a reference with a character the database cannot hold (NUL) is refused by the validator below, not looked up
            Optional<UUID> tidligere = avsender == null || referanse == null || Teksttegn.ugyldig(referanse, Teksttegn.Felt.NOEKKEL) != null
                    ? Optional.empty() : repository.finn(avsender, referanse);
            if (tidligere.isPresent() && !alleDokumenterHer(okt, p, manifest)) {
                // a new attempt after the PDFs had moved: the first letter's id when the metadata is the same (as REST
                // answers 200), refused when it differs; with its documents here it is compared whole when stored below
                avslutt(okt, p, krevd, manifest, node, innhold, mottak.gjentatt(tidligere.get(), manifest.metadata(), KANAL));
                return;
            }
        }
        feil.addAll(manifest.feil());
        Set<Integer> rapportert = new HashSet<>(manifest.avvisteDokumenter());
        List<InnleveringVedlegg> vedlegg = new ArrayList<>();
        for (SftpManifest.Dokument d : manifest.dokumenter()) {
            if (d.fil() == null) {
                vedlegg.add(new InnleveringVedlegg(d.filnavn(), d.innhold()));
                continue;
            }
            String peker = "/dokumenter/" + d.indeks();
            String hvem = "dokument " + (d.indeks() + 1) + ": ";
            Long stoerrelse = okt.stoerrelse(p.mappe() + "/" + d.fil());
            if (stoerrelse == null) {
                feil.add(new InnleveringFeil(peker + "/fil", hvem + "filen finnes ikke i mappen (last opp PDF-ene før manifestet)"));
                rapportert.add(d.indeks());
            } else if (stoerrelse > maksDokumentBytes) {
                feil.add(new InnleveringFeil(peker, hvem + "er " + stoerrelse + " byte, maks " + maksDokumentBytes));
                rapportert.add(d.indeks());
            } else {
                vedlegg.add(new InnleveringVedlegg(d.filnavn(), okt.les(p.mappe() + "/" + d.fil())));
            }
        }
        InnleveringMottak.Utfall utfall;
        if (feil.isEmpty()) {
            utfall = mottak.motta(manifest.metadata(), vedlegg, KANAL);
        } else {
            for (InnleveringFeil f : mottak.valider(manifest.metadata(), vedlegg)) {
                if (!gjelderRapportertDokument(f, rapportert)) {
                    feil.add(f);
                }
            }
            utfall = new InnleveringMottak.Avvist(feil);
        }
        avslutt(okt, p, krevd, manifest, node, innhold, utfall);
    }

    private void avslutt(SftpTilgang.Okt okt, Manifestplass p, String krevd, SftpManifest manifest, JsonNode node, byte[] innhold,
                         InnleveringMottak.Utfall utfall) throws IOException {
        if (utfall instanceof InnleveringMottak.Mottatt m) {
            ferdig(okt, p, krevd, manifest, BEHANDLET, null, mottak.svarTekst(m));
        } else {
            String problem = mottak.avvis(utfall, node, innhold, KANAL, InnleveringMottak.KILDE_SFTP);
            ferdig(okt, p, krevd, manifest, AVVIST, problem, problem);
        }
    }

    /** Whether every document of the manifest can be read: inline, or its file is in the folder. */
    private static boolean alleDokumenterHer(SftpTilgang.Okt okt, Manifestplass p, SftpManifest manifest) throws IOException {
        for (SftpManifest.Dokument d : manifest.dokumenter()) {
            if (d.fil() != null && okt.stoerrelse(p.mappe() + "/" + d.fil()) == null) {
                return false;
            }
        }
        return manifest.feil().isEmpty();
    }

    /**
     * Moves the manifest's PDFs, then (after the reason file, when refused) the manifest itself into a folder of its
     * own under {@code utfallsmappe}, and writes the answer last: once the answer is there, everything has moved.
     */
    private void ferdig(SftpTilgang.Okt okt, Manifestplass p, String krevd, SftpManifest manifest, String utfallsmappe,
                        String grunn, String svar) throws IOException {
        String maal = ledigMappe(okt, p.mappe() + "/" + utfallsmappe + "/" + p.navn());
        okt.lagMappe(maal);
        for (String fil : manifest.filer()) {
            okt.flytt(p.mappe() + "/" + fil, maal + "/" + fil);
        }
        if (grunn != null) {
            okt.skriv(maal + "/" + p.navn() + ".grunn.json", grunn.getBytes(StandardCharsets.UTF_8));
        }
        okt.flytt(krevd, maal + "/" + p.navn() + ".json");
        okt.skriv(p.svar(), svar.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code onsket}, or {@code onsket-2}, {@code -3}, … when a manifest of the same name was handled before. */
    private static String ledigMappe(SftpTilgang.Okt okt, String onsket) throws IOException {
        String kandidat = onsket;
        for (int n = 2; okt.finnes(kandidat); n++) {
            kandidat = onsket + "-" + n;
        }
        return kandidat;
    }

    /** The validator's "no uploaded part" for a document whose file the folder already reported on. */
    private static boolean gjelderRapportertDokument(InnleveringFeil f, Set<Integer> rapportert) {
        for (Integer i : rapportert) {
            String peker = "/dokumenter/" + i;
            if (f.pointer().equals(peker) || f.pointer().equals(peker + "/filnavn")) {
                return true;
            }
        }
        return false;
    }

    private JsonNode les(byte[] innhold) {
        try {
            JsonNode node = json.readTree(innhold);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    private static String tekst(JsonNode node, String felt) {
        JsonNode v = node.get(felt);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}
