package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.svarut.SvarUtRegler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SFTP drop folder {@code <fagsystem>/forsendelse/inn/}: a fagsystem uploads its PDFs, then a manifest
 * {@code <name>.json} naming them. Called by the route for each manifest; the platform's SFTP user does the file work:
 * <ol>
 *   <li>claims the manifest by moving it to {@code .behandles/} under a name of this claim alone (of two instances only
 *       one succeeds, and no claim replaces another: {@link #kravnavn});</li>
 *   <li>refuses a manifest whose {@code avsenderSystem} is not the folder's owner;</li>
 *   <li>answers a letter already stored under (avsenderSystem, eksternReferanse) with its id, as REST does;</li>
 *   <li>reads the named PDFs, validates everything with the intake's rules and stores the letter;</li>
 *   <li>accepted: manifest and PDFs to {@code .behandlet/<name>/}; refused: a dead letter, then manifest and PDFs to
 *       {@code .avvist/<name>/} with the problem document {@code <name>.grunn.json} beside them;</li>
 *   <li>last, the answer ({@code {"id","ny"}} or the problem) to {@code <fagsystem>/forsendelse/svar/<name>.svar.json},
 *       or {@code <name>-2.svar.json}, … while an earlier hand-in's answer of that name is still there ({@link #skrivSvar}).</li>
 * </ol>
 * When storing fails (database down) the manifest goes back to the drop folder and the exception propagates, so the
 * route retries and the next poll tries again; the PDFs never left. Such a failure is logged with the manifest's path,
 * identity numbers in it masked: a fagsystem names its own files.
 * <p>
 * A PDF that another manifest still waiting in the drop folder (or being handled) also names stays where it is, so one
 * manifest's outcome never takes another's files; the last manifest naming it takes it along. An empty manifest is left
 * for the next poll while it is younger than {@code forsendelse.sftp.tomt-manifest-etter} (its upload may just have
 * begun) and refused after that; a manifest too large to hold one document of the size limit inline is refused unread.
 */
@Component("forsendelseSftpMottak")
public class SftpInnlevering {

    /** Relative path of a manifest as the route sees it: {@code <fagsystem>/forsendelse/inn/<name>.json}. */
    private static final Pattern MANIFEST = Pattern.compile("([^/]+)/forsendelse/inn/([^/]+)\\.json");
    static final String KANAL = "SFTP";
    static final String BEHANDLES = ".behandles";
    static final String BEHANDLET = ".behandlet";
    static final String AVVIST = ".avvist";
    /** SvarUtRegler's words for a letter the validator got no document of. */
    private static final String INGEN_DOKUMENTER = "forsendelsen har ingen dokumenter";

    private static final Logger log = LoggerFactory.getLogger(SftpInnlevering.class);

    private final SftpTilgang sftp;
    private final InnleveringMottak mottak;
    private final ForsendelseRepository repository;
    private final ObjectMapper json;
    private final long maksDokumentBytes;
    private final long maksManifestBytes;
    private final Duration tomtManifestEtter;
    /**
     * Files each waiting manifest names, by path and modification time: a batch of n manifests would otherwise read
     * every other one n times. A manifest does not change once the route hands it over; a claim gives it a new time.
     */
    private final Map<String, List<String>> nevnteFiler = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldste) {
            return size() > 10_000;
        }
    });

    public SftpInnlevering(SftpTilgang sftp, InnleveringMottak mottak, ForsendelseRepository repository,
                           InnleveringProperties properties, ObjectMapper json,
                           @Value("${forsendelse.sftp.tomt-manifest-etter}") Duration tomtManifestEtter) {
        this.sftp = sftp;
        this.mottak = mottak;
        this.repository = repository;
        this.maksDokumentBytes = properties.maksDokumentstorrelse().toBytes();
        this.maksManifestBytes = Inlinegrense.maksBytes(maksDokumentBytes);
        this.tomtManifestEtter = tomtManifestEtter;
        this.json = Inlinegrense.leser(json, maksDokumentBytes);
    }

    /** Where a manifest lies: the folder's owner, the drop folder, and the manifest's name without {@code .json}. */
    record Manifestplass(String eier, String mappe, String navn) {
        String fil() {
            return mappe + "/" + navn + ".json";
        }

        String svar() {
            return svar(1);
        }

        /** The answer's name for the {@code n}-th hand-in of this name whose answer is still there: 1 = {@code <name>.svar.json}. */
        String svar(int n) {
            return eier + "/forsendelse/svar/" + navn + (n == 1 ? "" : "-" + n) + ".svar.json";
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
            if (tomOgUng(okt, p)) {
                log.debug("SFTP manifest of {} is empty and young: its upload may just have begun", p.eier());
                return;
            }
            okt.lagMappe(p.mappe() + "/" + BEHANDLES);
            String krevd = kravnavn(p);
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
                    if (!okt.flyttUtenAaErstatte(krevd, p.fil()) && okt.finnes(krevd)) {
                        // a manifest of that name handed in again meanwhile, which a rename could replace (Apache MINA's
                        // does): the claim stays for housekeeping, which puts it back once the name is free
                        log.warn("SFTP manifest of {} stays in {} for housekeeping: one of the same name was handed in meanwhile",
                                p.eier(), BEHANDLES);
                    }
                } catch (IOException | RuntimeException tilbake) {
                    log.error("SFTP manifest of {} could not be put back for a new attempt and stays in {}: {}",
                            p.eier(), BEHANDLES, tilbake.getClass().getName());
                }
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            // the exchange is rolled back; Camel's own warning (off) named the manifest whole, and a fagsystem names its files
            log.warn("SFTP manifest {} not handled ({}); tried again at the next poll", Identitetsnummer.maskIn(p.fil()),
                    e.getClass().getSimpleName());
            throw e;
        }
    }

    /** An empty manifest modified less than {@code tomt-manifest-etter} ago (the route lets 0-byte files through). */
    private boolean tomOgUng(SftpTilgang.Okt okt, Manifestplass p) throws IOException {
        Long stoerrelse = okt.stoerrelse(p.fil());
        if (stoerrelse == null || stoerrelse > 0) {
            return false;
        }
        Instant grense = Instant.now().minus(tomtManifestEtter);
        return okt.liste(p.mappe()).stream()
                .anyMatch(o -> !o.mappe() && o.navn().equals(p.navn() + ".json") && o.endret().isAfter(grense));
    }

    private void behandleKrevd(SftpTilgang.Okt okt, Manifestplass p, String krevd) throws IOException {
        Long manifestBytes = okt.stoerrelse(krevd);
        if (manifestBytes == null || manifestBytes == 0 || manifestBytes > maksManifestBytes) {
            // nothing to read (or too much to read safely): refused whole with the reason, so the fagsystem is not left waiting
            InnleveringFeil grunn = manifestBytes == null || manifestBytes == 0
                    ? new InnleveringFeil("", "manifestet er tomt (0 byte); last det opp på nytt med innhold", "manifest-tomt")
                    : new InnleveringFeil("", "manifestet er " + manifestBytes + " byte, maks " + maksManifestBytes
                    + " (ett dokument på forsendelse.maks-dokumentstorrelse = " + maksDokumentBytes + " byte som base64): "
                    + "legg store PDF-er som egne filer i mappen og nevn dem i fil", "manifest-for-stort");
            String problem = mottak.avvis(new InnleveringMottak.Avvist(List.of(grunn)), null, null, KANAL, InnleveringMottak.KILDE_SFTP);
            ferdig(okt, p, krevd, List.of(), AVVIST, problem, problem);
            return;
        }
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
        // the sizes first: documents over SvarUt's total for print are refused before any PDF is read into memory
        Map<Integer, Long> stoerrelser = new HashMap<>();
        long totalt = 0;
        for (SftpManifest.Dokument d : manifest.dokumenter()) {
            Long stoerrelse = d.fil() == null ? Long.valueOf(d.innhold().length) : okt.stoerrelse(p.mappe() + "/" + d.fil());
            stoerrelser.put(d.indeks(), stoerrelse);
            totalt += stoerrelse == null ? 0 : stoerrelse;
        }
        boolean forStor = totalt > SvarUtRegler.MAKS_BYTES_VED_PRINT;
        if (forStor) {
            feil.add(new InnleveringFeil("/dokumenter", SvarUtRegler.forStorTilPrint(totalt)));
        }
        List<InnleveringVedlegg> vedlegg = new ArrayList<>();
        for (SftpManifest.Dokument d : manifest.dokumenter()) {
            if (d.fil() == null) {
                vedlegg.add(new InnleveringVedlegg(d.filnavn(), d.innhold()));
                continue;
            }
            String peker = "/dokumenter/" + d.indeks();
            String hvem = "dokument " + (d.indeks() + 1) + ": ";
            Long stoerrelse = stoerrelser.get(d.indeks());
            if (stoerrelse == null) {
                feil.add(new InnleveringFeil(peker + "/fil", hvem + "filen finnes ikke i mappen (last opp PDF-ene før manifestet)"));
                rapportert.add(d.indeks());
            } else if (stoerrelse > maksDokumentBytes) {
                feil.add(new InnleveringFeil(peker, hvem + "er " + stoerrelse + " byte, maks " + maksDokumentBytes));
                rapportert.add(d.indeks());
            } else if (forStor) {
                // not read: the letter is refused for its total already
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
            ferdig(okt, p, krevd, manifest.filer(), BEHANDLET, null, mottak.svarTekst(m));
        } else {
            String problem = mottak.avvis(utfall, node, innhold, KANAL, InnleveringMottak.KILDE_SFTP);
            ferdig(okt, p, krevd, manifest.filer(), AVVIST, problem, problem);
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
     * own under {@code utfallsmappe}, and writes the answer last: once the answer is there, everything has moved,
     * except a PDF another waiting manifest also names, which stays for that one.
     */
    private void ferdig(SftpTilgang.Okt okt, Manifestplass p, String krevd, List<String> filer, String utfallsmappe,
                        String grunn, String svar) throws IOException {
        String maal = nyMappe(okt, p.mappe() + "/" + utfallsmappe + "/" + p.navn());
        Set<String> andresFiler = filer.isEmpty() ? Set.of() : filerAndreManifesterNevner(okt, p, krevd);
        for (String fil : filer) {
            if (!andresFiler.contains(fil)) {
                okt.flytt(p.mappe() + "/" + fil, maal + "/" + fil);
            }
        }
        if (grunn != null) {
            okt.skriv(maal + "/" + p.navn() + ".grunn.json", grunn.getBytes(StandardCharsets.UTF_8));
        }
        okt.flytt(krevd, maal + "/" + p.navn() + ".json");
        skrivSvar(okt, p, svar.getBytes(StandardCharsets.UTF_8));
    }

    /** Most answers of one manifest name kept at once before a hand-in's answer is refused a name (the fagsystem reads none). */
    static final int MAKS_SVAR_SAMME_NAVN = 1000;

    /**
     * Writes the answer under a name of its own: {@code <name>.svar.json} when there is none of that name, else the first
     * free of {@code <name>-2.svar.json}, {@code -3}, …; it is written whole under a name of this write alone, then renamed
     * without replacing ({@link SftpTilgang.Okt#flyttUtenAaErstatte}), so of two instances answering two manifests of one
     * name at once each takes its own. Until session 35 the answer replaced one of the same name: when a fagsystem handed
     * in two manifests of one name before reading the first answer (two letters), the first answer was lost, or the
     * fagsystem read one letter's answer as the other's. A resent manifest whose answer was read and removed is answered
     * under the plain name again.
     */
    String skrivSvar(SftpTilgang.Okt okt, Manifestplass p, byte[] innhold) throws IOException {
        String mappe = p.eier() + "/forsendelse/svar";
        // hidden: a fagsystem waiting for <name>.svar.json never takes the half-placed answer for its own
        String eget = mappe + "/." + Long.toHexString(KRAVTOKEN.nextLong()) + "." + p.navn() + ".svar.json";
        okt.skriv(eget, innhold);
        for (int n = 1; n <= MAKS_SVAR_SAMME_NAVN; n++) {
            String navn = p.svar(n);
            if (okt.flyttUtenAaErstatte(eget, navn)) {
                if (n > 1) {
                    // the suffix only: a fagsystem names its own files
                    log.info("SFTP answer of {} written with suffix -{}: {} earlier answer(s) of the manifest's name not read yet",
                            p.eier(), n, n - 1);
                }
                return navn;
            }
            if (!okt.finnes(eget)) {
                throw new IOException("the answer written under its own name is gone before it was given its place");
            }
        }
        throw new IOException(MAKS_SVAR_SAMME_NAVN + " answers of one manifest name wait unread; the answer stays under its hidden name");
    }

    /**
     * The files named by the other manifests in the drop folder and in {@code .behandles/}. A manifest that cannot be
     * read (moved away meanwhile, too large, not JSON) names none: it will be refused without taking any file. Only
     * what was read as JSON is remembered, so a manifest caught half-written is read again next time.
     */
    private Set<String> filerAndreManifesterNevner(SftpTilgang.Okt okt, Manifestplass p, String krevd) throws IOException {
        Set<String> nevnt = new HashSet<>();
        for (String mappe : List.of(p.mappe(), p.mappe() + "/" + BEHANDLES)) {
            for (SftpTilgang.Oppfoering o : okt.liste(mappe)) {
                String sti = mappe + "/" + o.navn();
                if (o.mappe() || !o.navn().endsWith(".json") || sti.equals(krevd)) {
                    continue;
                }
                String noekkel = sti + "@" + o.endret();
                List<String> filer = nevnteFiler.get(noekkel);
                if (filer == null) {
                    filer = filerIManifest(okt, sti, o.navn());
                    if (filer != null) {
                        nevnteFiler.put(noekkel, filer);
                    }
                }
                if (filer != null) {
                    nevnt.addAll(filer);
                }
            }
        }
        return nevnt;
    }

    /** The files a manifest names, or null while it cannot be read as JSON (still being written, empty, gone, too large). */
    private List<String> filerIManifest(SftpTilgang.Okt okt, String sti, String navn) throws IOException {
        Long stoerrelse = okt.stoerrelse(sti);
        if (stoerrelse == null || stoerrelse == 0 || stoerrelse > maksManifestBytes) {
            return null;
        }
        try {
            JsonNode node = les(okt.les(sti));
            return node == null ? null : SftpManifest.les(node, navn).filer();
        } catch (IOException borte) {
            // taken by another instance in between: it will not need the file from here
            return null;
        }
    }

    /**
     * Where the manifest is claimed: {@code .behandles/.<token>.<name>.json}, a name of this claim alone (a random token
     * of 64 bits), so the claim's rename, which replaces a file at its target on a server offering {@code
     * posix-rename@openssh.com} (Apache MINA, OpenSSH: JSch renames with it), never meets another claim. Of two instances
     * renaming the same manifest one wins, as the manifest leaves the drop folder with the first rename. A name starting
     * with a dot is never a manifest of the drop folder (the route takes no hidden file), so the prefix cannot be
     * mistaken for part of a fagsystem's name; housekeeping gives a claim its name back ({@link #navnFraKrav}).
     * <p>
     * Until session 32 the claim was {@code .behandles/<name>.json}, or {@code .2.<name>.json}, … when that name was
     * taken, chosen by looking first: two instances that found the same manifest both chose the free name, the first
     * renamed the manifest there, and when the fagsystem handed in another manifest of that name before the second
     * instance's rename, that rename moved the new manifest over the first one's claim. The first letter was lost and
     * the second handled by both ({@code SftpInnleveringToInstanserTest}).
     */
    static String kravnavn(Manifestplass p) {
        String token = Long.toHexString(KRAVTOKEN.nextLong());
        return p.mappe() + "/" + BEHANDLES + "/." + token + "." + p.navn() + ".json";
    }

    private static final SecureRandom KRAVTOKEN = new SecureRandom();

    /** The prefix of a claim's name: {@code .<token>.} (and {@code .2.}, {@code .3.}, … of claims made before session 32). */
    private static final Pattern KRAVPREFIKS = Pattern.compile("^\\.[0-9a-zA-Z]+\\.(?=.)");

    /** The manifest's own file name of a claim in {@code .behandles/} ({@link #kravnavn}): {@code .9f3c….x.json} → {@code x.json}. */
    public static String navnFraKrav(String krav) {
        return KRAVPREFIKS.matcher(krav).replaceFirst("");
    }

    /**
     * A new folder {@code onsket}, or {@code onsket-2}, {@code -3}, … when a manifest of the same name was handled before:
     * made only where nothing is yet ({@link SftpTilgang.Okt#lagNyMappe}), so two instances finishing two manifests of
     * one name at the same moment never share a folder, where the second's files would replace the first's.
     */
    private static String nyMappe(SftpTilgang.Okt okt, String onsket) throws IOException {
        String kandidat = onsket;
        for (int n = 2; !okt.lagNyMappe(kandidat); n++) {
            kandidat = onsket + "-" + n;
        }
        return kandidat;
    }

    /**
     * The validator's "no uploaded part" for a document whose file the folder already reported on, and its "no documents"
     * when every document was reported so (none was read).
     */
    private static boolean gjelderRapportertDokument(InnleveringFeil f, Set<Integer> rapportert) {
        if (!rapportert.isEmpty() && f.pointer().equals("/dokumenter") && f.detail().equals(INGEN_DOKUMENTER)) {
            return true;
        }
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
