package no.kommune.esb.uttrekk;

import no.kommune.esb.platform.Laasnoekkel;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.folkeregister.BulkResult;
import no.kommune.esb.folkeregister.ExtractGoneException;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.Part;
import no.kommune.esb.folkeregister.UttrekkBatch;
import no.kommune.esb.hendelser.Dataminimering;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.Fagsystem.RelatertePersoner;
import no.kommune.esb.hendelser.Populasjonsregel;
import no.kommune.esb.hendelser.Portefoljenumre;
import no.kommune.esb.hendelser.Portefoljer;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.platform.PlatformLock;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.uttrekk.Uttrekkskjoering.Status;
import no.kommune.esb.uttrekk.format.Utsending;
import no.kommune.esb.uttrekk.format.Uttrekksformat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import no.kommune.esb.platform.Feilaarsak;

/**
 * Runs extracts, streaming (docs/uttrekk.md): order the tilpasset uttrekk → read its batches (404 until ready, 429,
 * {@code {}} at the end; the client waits) → one bulk look-up per batch of up to 1,000 → the after-criteria → one bulk
 * look-up of the related persons the rows need → minimise by the owning registration → append one JSON row per person
 * to the work file {@code <id>.rader.jsonl}. After each batch the work file is forced to disk and the batch number and
 * file length are recorded, so a crash resumes from the last finished batch (the file is cut back to that length).
 * At the end the work file is written out in the order's format and delivered in the same round; LEVERT is recorded
 * after delivery. A later round (the delivery failed, or the instance died) never sends rows read in an earlier one:
 * when that round's file is already in the SFTP folder byte for byte, or that reading's end record on the Kafka topic
 * ({@link UttrekkKafka}), it counts as delivered; otherwise the rows are read
 * again from the register under the registration now live (V42 {@code lesing}) and the file is written anew. A
 * different file under the name fails the delivery ({@link UttrekkLeverer}).
 * Memory holds one batch at a time whatever the extract's size. Logs name the run and counts, never a person.
 */
@Component("uttrekkKjoerer")
public class UttrekkKjoerer {

    private static final Logger log = LoggerFactory.getLogger(UttrekkKjoerer.class);
    /** Current facts plus relations and foreldreansvar: what the minimised rows and the related persons need. */
    private static final Set<Part> PARTS = Set.of(Part.PERSON_BASIS, Part.RELASJON_UTVIDET);

    private final Uttrekkslager lager;
    private final Portefoljer portefoljer;
    private final Uttrekksregister register;
    private final FolkeregisterClient folkeregister;
    private final UttrekkLeverer leverer;
    private final UttrekkKafka kafka;
    private final PlatformLock lock;
    private final UttrekkProperties props;
    private final ObjectMapper json = new ObjectMapper();
    /**
     * Test seams: called after a batch is recorded, just before a delivery (a delivery that fails), after a Kafka
     * delivery's rows before its end record (a crash there), and after delivery before LEVERT is recorded (a crash there).
     */
    private volatile BiConsumer<UUID, Integer> etterBatch = (id, n) -> { };
    private volatile Consumer<UUID> foerLevering = id -> { };
    private volatile Consumer<UUID> foerKafkaSlutt = id -> { };
    private volatile Consumer<UUID> etterLevering = id -> { };

    public UttrekkKjoerer(Uttrekkslager lager, Portefoljer portefoljer, Uttrekksregister register, FolkeregisterClient folkeregister,
                          UttrekkLeverer leverer, UttrekkKafka kafka, PlatformLock lock, UttrekkProperties props) {
        this.lager = lager;
        this.portefoljer = portefoljer;
        this.register = register;
        this.folkeregister = folkeregister;
        this.leverer = leverer;
        this.kafka = kafka;
        this.lock = lock;
        this.props = props;
    }

    void etterBatch(BiConsumer<UUID, Integer> c) {
        this.etterBatch = c == null ? (id, n) -> { } : c;
    }

    void foerLevering(Consumer<UUID> c) {
        this.foerLevering = c == null ? id -> { } : c;
    }

    void foerKafkaSlutt(Consumer<UUID> c) {
        this.foerKafkaSlutt = c == null ? id -> { } : c;
    }

    void etterLevering(Consumer<UUID> c) {
        this.etterLevering = c == null ? id -> { } : c;
    }

    /** Runs or resumes every unfinished run, oldest first; each under a lock, so one instance runs it. Returns runs finished. */
    public int kjoerAapne() {
        int ferdige = 0;
        for (UUID id : lager.aapne()) {
            ferdige += lock.runExclusively(Laasnoekkel.Slag.UTTREKKSKJOERING, id.toString(), () -> kjoer(id) ? 1 : 0).orElse(0);
        }
        return ferdige;
    }

    /**
     * Deletes the files kept for the API once {@code uttrekk.api-fil-oppbevaring} has passed since delivery (they hold
     * personal data); {@code GET /api/uttrekk/{id}/fil} then answers 410. Returns the files deleted.
     */
    public int slettUtloepteFiler() {
        int slettet = 0;
        Instant grense = Instant.now().minus(props.apiFilOppbevaring());
        for (Map<String, Object> rad : lager.filerLevertFoer(grense)) {
            UUID id = (UUID) rad.get("id");
            // marked first, and only while it is still the delivered run listed: a fetch that sent it back to reading
            // meanwhile (a grading since) is not marked, and the file its new reading writes is deleted after its own
            // delivery. Until session 30 the file was deleted and the run marked whatever had happened since, and the
            // new reading's file, under the same name, was then never deleted (fil_slettet already set)
            if (!lager.merkFilSlettet(id, grense)) {
                continue;
            }
            try {
                if (Files.deleteIfExists(props.arbeidsmappe().resolve(id + "." + filending((String) rad.get("filnavn"))))) {
                    slettet++;
                }
                lager.filSlettet(id);
            } catch (IOException e) {
                lager.filIkkeSlettet(id);
                log.warn("Extract {}: kept file not deleted, tried again next round: {}", id, e.getClass().getSimpleName());
            }
        }
        if (slettet > 0) {
            log.info("Deleted {} extract files kept for the API past their retention", slettet);
        }
        return slettet;
    }

    /** The finished file of a run kept for the API, when there is one. */
    public Path fil(Uttrekkskjoering k) {
        return props.arbeidsmappe().resolve(k.id() + "." + filending(k.filnavn()));
    }

    /**
     * True when the kept file of this delivered run may show an address graded since its rows were read
     * ({@link Uttrekkslager#gradertSidenLesing}), or when the run is no longer the delivered reading {@code k} read (another
     * fetch sent it back to reading meanwhile): it must not be served (DOMAIN.md rule 5).
     */
    public boolean gradertSidenLesing(Uttrekkskjoering k) {
        return lager.gradertSidenLesing(k.id(), k.lesing());
    }

    /**
     * The kept file of a delivered run that may show an address graded since is deleted and the rows are read again, as
     * for a failed delivery: the next rounds write the file anew from fresh look-ups and deliver it ({@code LEVERT}
     * again). Under the run's lock, so no round writes the new file before the old one is gone; a fetch that finds the
     * lock taken or the run no longer {@code LEVERT} leaves it to the one that has it. Logs the run, never a person.
     */
    public void lesPaaNyttEtterGradering(Uttrekkskjoering k) {
        lock.runExclusively(Laasnoekkel.Slag.UTTREKKSKJOERING, k.id().toString(), () -> {
            if (lager.lesPaaNyttEtterGradering(k.id())) {
                try {
                    Files.deleteIfExists(fil(k));
                } catch (IOException e) {
                    // the run is no longer LEVERT, so the file is never served; the next writing replaces it
                    log.warn("Extract {}: kept file not deleted before it is read again: {}", k.id(), e.getClass().getSimpleName());
                }
                log.info("Extract {} ({}): a person on its kept file was graded since it was read; file deleted, read again", k.id(), k.navn());
            }
            return true;
        });
    }

    /** Gives the run up with {@code grunn} (fixed words, as the status API shows them) and one WARN line without a message. */
    private boolean gittOpp(UUID id, Uttrekkskjoering k, String grunn, RuntimeException e) {
        lager.gittOpp(id, grunn);
        log.warn("Extract {} ({}) given up: {} ({})", id, k.navn(), grunn, Feilaarsak.spor(e));
        return false;
    }

    private boolean kjoer(UUID id) {
        Uttrekkskjoering k = lager.finn(id).orElse(null);
        if (k == null || k.status() == Status.LEVERT || k.status() == Status.FEILET) {
            return false;
        }
        Uttrekksbestilling b;
        Fagsystem f;
        Uttrekksformat format;
        try {
            b = lager.bestilling(k);
        } catch (IllegalArgumentException e) {
            // the stored order no longer reads (a parser's message may quote its values): nothing a retry can mend
            return gittOpp(id, k, Feilgrunn.bestillingUlesbar(e), e);
        }
        try {
            f = register.fagsystem(b.fagsystem());
            format = register.format(b.format());
            // checked again at every step against the registration now live: one narrowed by a reload since the order
            // (a related-person role removed, its own folder or topic changed) must hold for a run already under way
            register.valider(b);
        } catch (IllegalArgumentException e) {
            // the registration or format went away or narrowed since the order: nothing a retry can mend
            return gittOpp(id, k, Feilgrunn.passerIkkeRegistreringen(e), e);
        }
        Feilgrunn.Steg steg = Feilgrunn.Steg.HENTE;
        try {
            Files.createDirectories(props.arbeidsmappe());
            Path levertFoer = null;
            boolean kafkaLevertFoer = false;
            if (k.status() == Status.LEVERER) {
                // rows read in an earlier round (the delivery failed, or the instance died) never go out as they are: a
                // registration narrowed or a person graded strengtFortrolig since would go out with the old data
                // (DOMAIN.md rule 5); unless that round's file is already in the folder, or that reading's end record
                // already on the topic, they are read again now
                steg = b.levering() instanceof Uttrekksbestilling.Kafka ? Feilgrunn.Steg.LEVERE_KAFKA : Feilgrunn.Steg.LEVERE_SFTP;
                levertFoer = levertIEnTidligereRunde(k, b);
                kafkaLevertFoer = kafkaLevertIEnTidligereRunde(k, b);
                if (levertFoer == null && !kafkaLevertFoer) {
                    lager.lesPaaNytt(id);
                    k = lager.finn(id).orElseThrow();
                    log.info("Extract {} ({}): not delivered in the round that read it; read again (reading {})", id, k.navn(), k.lesing());
                    steg = Feilgrunn.Steg.HENTE;
                }
            }
            if (k.status() == Status.BESTILT || k.status() == Status.HENTER) {
                if (!hent(k, b, f, medUtsending(b, format))) {
                    return false;
                }
            }
            steg = Feilgrunn.Steg.SKRIVE;
            Path fil = levertFoer != null ? levertFoer : kafkaLevertFoer ? fil(k) : skriv(k, b, format);
            steg = b.levering() instanceof Uttrekksbestilling.Kafka ? Feilgrunn.Steg.LEVERE_KAFKA : Feilgrunn.Steg.LEVERE_SFTP;
            if (levertFoer == null && !kafkaLevertFoer) {
                foerLevering.accept(id);
                lever(k, b, fil);
            }
            steg = Feilgrunn.Steg.AVSLUTTE;
            etterLevering.accept(id);
            // a Kafka run found delivered may have lost its work files with the instance that delivered it
            lager.levert(id, Files.exists(fil) ? Files.size(fil) : 0);
            Files.deleteIfExists(rader(id));
            if (!(b.levering() instanceof Uttrekksbestilling.Api)) {
                Files.deleteIfExists(fil);
            }
            Uttrekkskjoering ferdig = lager.finn(id).orElseThrow();
            log.info("Extract {} ({}) for {} delivered: {} rows from {} persons ({} left out by the after-criteria, {} not found,"
                    + " {} left out or marked: a document from Folkeregisteret cannot be read)",
                    id, k.navn(), k.fagsystem(), ferdig.rader(), ferdig.personerLest(), ferdig.utelatt(), ferdig.ikkeFunnet(), ferdig.ulesbare());
            return true;
        } catch (RegisterException e) {
            String grunn = "Folkeregisteret: " + e.kind() + (e.httpStatus() > 0 ? " HTTP " + e.httpStatus() : "");
            lager.feilet(id, grunn, props.maksForsoek());
            log.warn("Extract {} ({}) stopped, resumes next round: {}", id, k.navn(), grunn);
        } catch (RuntimeException | IOException e) {
            // stored and shown in plain words (Feilgrunn); the log adds the exception's class for operators, never its message
            String grunn = Feilgrunn.av(steg, e);
            lager.feilet(id, grunn, props.maksForsoek());
            log.warn("Extract {} ({}) stopped, resumes next round: {} ({})", id, k.navn(), grunn, e.getClass().getSimpleName());
        }
        return false;
    }

    /**
     * The file an earlier round wrote when it is already in the fagsystem's SFTP folder, byte for byte: a delivery that
     * crashed after the rename and before {@code LEVERT} was recorded put it there, so it counts as delivered (that very
     * file, not a new rendering: a PDF's or XLSX's timestamps would make its own copy look foreign). Null when nothing
     * went out (nothing under the name, no file written, Kafka or API delivery): the rows are then read again. Another
     * file under the name fails the delivery as a write would, without a new reading; a server that cannot be asked fails
     * it too, so a run is not read again while the server is down.
     */
    private Path levertIEnTidligereRunde(Uttrekkskjoering k, Uttrekksbestilling b) throws IOException {
        Path fil = fil(k);
        if (!(b.levering() instanceof Uttrekksbestilling.Sftp s) || !Files.exists(fil)) {
            return null;
        }
        Boolean der = leverer.iMappen(s.folder(), k.filnavn(), fil);
        if (der == null) {
            return null;
        }
        if (!der) {
            throw new UttrekkLeverer.FilnavnOpptattException(k.filnavn());
        }
        log.info("Extract file {} was already in {} with the same content: delivered by an earlier attempt", k.filnavn(), s.folder());
        return fil;
    }

    /**
     * True when the reading's end record is already on the Kafka topic ({@link UttrekkKafka#sluttSendt}): a round that
     * sent it crashed before {@code LEVERT} was recorded, so the run counts as delivered and no second reading (nor a
     * second end) goes out. False for another delivery, and when the end is not there: the reading was cut short, and
     * the rows are read again as a new reading with its own end. A topic that cannot be read fails the round as a
     * delivery, so a run is not read again while the broker is down.
     */
    private boolean kafkaLevertIEnTidligereRunde(Uttrekkskjoering k, Uttrekksbestilling b) throws IOException {
        if (!(b.levering() instanceof Uttrekksbestilling.Kafka topic)) {
            return false;
        }
        boolean sendt = kafka.sluttSendt(topic.topic(), k.id(), k.lesing(), lager.lestFra(k.id()));
        if (sendt) {
            log.info("Extract {} ({}): the end record of reading {} is already on {}: delivered by an earlier attempt", k.id(), k.navn(),
                    k.lesing(), topic.topic());
        }
        return sendt;
    }

    /**
     * True when the rows carry the letter flow's decision ({@link Utsending}) for a format that addresses letters; never
     * for Kafka, which delivers the rows themselves.
     */
    private static boolean medUtsending(Uttrekksbestilling b, Uttrekksformat format) {
        return format.medUtsending() && !(b.levering() instanceof Uttrekksbestilling.Kafka);
    }

    /** Reads batches into the work file; false when the register's job is gone and the run must be ordered again. */
    private boolean hent(Uttrekkskjoering k, Uttrekksbestilling b, Fagsystem f, boolean utsending) throws IOException {
        String jobbId = k.jobbId();
        int fra = k.batchFerdig() + 1;
        long lengde = k.arbeidsfilBytes();
        if (jobbId == null) {
            jobbId = folkeregister.startTilpassetUttrekk(b.kriterier().forDato(k.dato(), b.etterfilter()));
            lager.bestilt(k.id(), jobbId);
            fra = 0;
            lengde = 0;
            log.info("Extract {} ({}) ordered from Folkeregisteret", k.id(), k.navn());
        } else if (fra > 0) {
            log.info("Extract {} ({}) resumes at batch {}", k.id(), k.navn(), fra);
        }
        RelatertePersoner regel = new RelatertePersoner(b.relaterte(), f.relaterte().felter());
        Portefoljenumre medlemmer = portefoljenumre(k, f);
        // counted with the first batch this round records: the calls every round, the members once per reading
        int[] ekstra = {medlemmer.kall(), fra == 0 ? medlemmer.ikkeFunnet() : 0, fra == 0 ? medlemmer.ulesbare() : 0};
        ObjectNode meta = JsonNodeFactory.instance.objectNode().put("id", k.id().toString()).put("navn", k.navn())
                .put("fagsystem", k.fagsystem()).put("dato", k.dato().toString());
        try (FileChannel kanal = FileChannel.open(rader(k.id()), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // rows of a batch not recorded as finished are cut away: that batch is read again
            kanal.truncate(lengde);
            kanal.position(lengde);
            OutputStream ut = new BufferedOutputStream(Channels.newOutputStream(kanal), 64 * 1024);
            Iterator<UttrekkBatch> batcher = folkeregister.batches(jobbId, fra);
            while (batcher.hasNext()) {
                UttrekkBatch batch = batcher.next();
                Telling t = batch(batch, b, f, regel, meta, k, ut, utsending, medlemmer);
                ut.flush();
                kanal.force(false);
                lager.batchFerdig(k.id(), batch.nummer(), kanal.position(), batch.identitetsnumre().size() + batch.invalid(),
                        t.rader, t.utelatt, t.ikkeFunnet + ekstra[1], t.bulkoppslag + ekstra[0], t.ulesbare + ekstra[2]);
                ekstra = new int[3];
                if (t.ulesbare > 0) {
                    log.warn("Extract {} ({}) batch {}: {} row(s) left out or marked because a document from Folkeregisteret cannot be read",
                            k.id(), k.navn(), batch.nummer(), t.ulesbare);
                }
                etterBatch.accept(k.id(), batch.nummer());
            }
        } catch (ExtractGoneException e) {
            Files.deleteIfExists(rader(k.id()));
            lager.jobbBorte(k.id());
            log.warn("Extract {} ({}): Folkeregisteret's job is gone (410); ordering it again", k.id(), k.navn());
            return false;
        }
        lager.alleLest(k.id());
        return true;
    }

    private record Telling(int rader, int utelatt, int ikkeFunnet, int bulkoppslag, int ulesbare) {
    }

    /**
     * For a portfolio registration, the members it registered by a D-nummer that no {@code personidentitet} link ties
     * to another number, looked up in bulk ({@link Portefoljenumre}): the register answers a replaced D-nummer with the
     * person under her fødselsnummer, which the extract's batches give. Until the closing notes such a member was left
     * out of the extract without a word (the batch's look-up names no earlier numbers, and the link exists only when
     * the event feed brought the change). One bulk call per 1,000 such members, each round; none for a kommune.
     */
    private Portefoljenumre portefoljenumre(Uttrekkskjoering k, Fagsystem f) {
        if (!(f.populasjon() instanceof Fagsystem.Portefolje)) {
            return Portefoljenumre.INGEN;
        }
        List<Identitetsnummer> dnumre = portefoljer.dnumreUtenKobling(f.id()).stream()
                .filter(Identitetsnummer::isValid).map(Identitetsnummer::of).toList();
        // members personidentitet ties to another number (the feed's changes, the fan-out's portfolio check): the row of
        // her under the number in use names the number the fagsystem registered, as a looked-up one does
        Map<String, Set<String>> koblet = portefoljer.koblede(f.id());
        if (dnumre.isEmpty()) {
            return Portefoljenumre.INGEN.medKoblede(koblet);
        }
        Portefoljenumre svar = Portefoljenumre.av(folkeregister.bulkoppslag(dnumre, Set.of(Part.PERSON_BASIS))).medKoblede(koblet);
        if (svar.ikkeFunnet() + svar.ulesbare() > 0) {
            log.warn("Extract {} ({}): {} portfolio member(s) registered by a D-nummer the register knows under no number, {} whose"
                    + " document cannot be read: counted as not found and unreadable", k.id(), k.navn(), svar.ikkeFunnet(), svar.ulesbare());
        }
        return svar;
    }

    private Telling batch(UttrekkBatch batch, Uttrekksbestilling b, Fagsystem f, RelatertePersoner regel, ObjectNode meta,
                          Uttrekkskjoering k, OutputStream ut, boolean utsending, Portefoljenumre medlemmer) throws IOException {
        if (batch.identitetsnumre().isEmpty()) {
            return new Telling(0, 0, 0, 0, 0);
        }
        // a person whose document cannot be read is left out and counted, not the batch's failure (since session 30)
        BulkResult svar = folkeregister.bulkoppslag(batch.identitetsnumre(), PARTS);
        int kall = svar.calls();
        // a member registered by a D-nummer the register tied to her: that number is hers, for the portfolio and the row
        Map<Identitetsnummer, Person> funnet = medlemmer.medTidligere(svar.found());
        if (f.populasjon() instanceof Fagsystem.Kommune) {
            // the look-up has no history, so a deceased person has no kommune: one more call for the kommune at death
            int[] doedekall = {0};
            funnet = FolkeregisterClient.medKommuneVedDoedsfall(funnet, doede -> {
                doedekall[0] += FolkeregisterClient.bulkkall(doede.size(), folkeregister.bulkSize());
                return folkeregister.kommuneVedDoedsfall(doede);
            });
            kall += doedekall[0];
        }
        boolean etterBosted = b.etterBosted(f.populasjon());
        List<Person> med = new ArrayList<>();
        // the number each person was read under, for the persons of a file kept for the API
        Map<Person, Identitetsnummer> lestSom = new java.util.IdentityHashMap<>();
        int utelatt = 0;
        Set<Identitetsnummer> sett = new HashSet<>();
        for (Identitetsnummer id : batch.identitetsnumre()) {
            Person p = funnet.get(id);
            if (p == null) {
                continue;
            }
            if (!sett.add(p.id() == null ? id : p.id())) {
                continue;
            }
            lestSom.put(p, id);
            // a list chosen by street, postnummer or a kommune the population does not imply would tell where a person
            // with a withheld residence lives: they are left out of it, as the look-up search leaves them out
            // (docs/uttrekk.md, "Protected addresses")
            boolean skjult = etterBosted && !Dataminimering.bostedTillatt(p, f.data().beskyttedeAdresser());
            if (!skjult && b.etterfilter().tillater(p, k.dato())) {
                med.add(p);
            } else {
                utelatt++;
            }
        }
        int foer = med.size();
        med = iPopulasjonen(med, f, k.dato());
        utelatt += foer - med.size();
        Map<Identitetsnummer, Person> relaterte = Map.of();
        Set<Identitetsnummer> ulesbareRelaterte = Set.of();
        if (!regel.roller().isEmpty() || utsending) {
            Set<Identitetsnummer> ider = new LinkedHashSet<>();
            med.forEach(p -> ider.addAll(Dataminimering.relaterteIdenter(p, regel.roller())));
            if (utsending) {
                // the letter flow's decision rests on every holder's answer (deceased?), in the same bulk call
                med.forEach(p -> ider.addAll(Utsending.slaasOpp(p)));
            }
            if (!ider.isEmpty()) {
                BulkResult rel = folkeregister.bulkoppslag(ider, PARTS);
                relaterte = rel.found();
                ulesbareRelaterte = rel.ulesbare();
                kall += rel.calls();
            }
        }
        if (etterBosted && !relaterte.isEmpty()) {
            // a person living with a relative on the row the registration may not see lives in her home: his row withholds
            // that residence, and on a list chosen by her street his name would tell it; left out with her (session 30)
            Map<Identitetsnummer, Person> kjente = relaterte;
            int foerHjem = med.size();
            med = med.stream().filter(p -> Dataminimering.bostedTillatt(p, f.data().beskyttedeAdresser(), kjente)).toList();
            utelatt += foerHjem - med.size();
        }
        Set<String> naere = new HashSet<>();
        int ulesbare = svar.ulesbare().size();
        for (Person p : med) {
            // a related person or holder whose document cannot be read: marked on the row, R4-ULESBAR for a label
            if (Uttrekksrad.nevnerUlesbar(p, regel, utsending, ulesbareRelaterte)) {
                ulesbare++;
            }
            ObjectNode rad = Uttrekksrad.lag(meta, p, relaterte, regel, f.data(), utsending, ulesbareRelaterte);
            ut.write(json.writeValueAsBytes(rad));
            ut.write('\n');
            naere.addAll(Uttrekksrad.naere(lestSom.get(p), p, regel, utsending));
        }
        if (b.levering() instanceof Uttrekksbestilling.Api) {
            // before the batch is recorded finished: a fetch of the kept file asks whether one of them was graded since
            lager.filpersoner(k.id(), naere);
        }
        return new Telling(med.size(), utelatt, svar.notFound().size() - svar.ulesbare().size(), kall, ulesbare);
    }

    /**
     * The persons of the registration's population ({@link Populasjonsregel}, shared with look-ups and washes): a
     * kommune registration gets the kommune's residents within its age range (on the extract's date), a portfolio
     * registration the persons it registered. The order's criteria choose within that, never beyond it: a school's
     * one-off order for every resident adult of the country returns none of them.
     */
    private List<Person> iPopulasjonen(List<Person> personer, Fagsystem f, LocalDate dato) {
        return Populasjonsregel.iPopulasjonen(personer, f, dato, portefoljer);
    }

    /** Writes the work file out in the order's format, from the start each time (a crash mid-way leaves only a temp file). */
    private Path skriv(Uttrekkskjoering k, Uttrekksbestilling b, Uttrekksformat format) throws IOException {
        Path fil = fil(k);
        Path tmp = fil.resolveSibling(fil.getFileName() + ".tmp");
        Uttrekksformat.Valg valg = new Uttrekksformat.Valg(tittel(b.tittel(), k), undertittel(k, b), b.innstillinger());
        try (OutputStream ut = new BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024);
             BufferedReader inn = Files.newBufferedReader(rader(k.id()), StandardCharsets.UTF_8)) {
            try (Uttrekksformat.Skriver s = format.aapne(ut, valg)) {
                String linje;
                while ((linje = inn.readLine()) != null) {
                    s.skriv((ObjectNode) json.readTree(linje));
                }
            }
        }
        Files.move(tmp, fil, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return fil;
    }

    private void lever(Uttrekkskjoering k, Uttrekksbestilling b, Path fil) throws IOException {
        if (b.levering() instanceof Uttrekksbestilling.Sftp s) {
            leverer.sftp(s.folder(), k.filnavn(), fil);
        } else if (b.levering() instanceof Uttrekksbestilling.Kafka topic) {
            long sendt = kafka.rader(topic.topic(), k.id(), k.lesing(), rader(k.id()));
            foerKafkaSlutt.accept(k.id());
            // the end's count is the rows sent, and must be the count the run recorded and the API shows
            Uttrekkskjoering lest = lager.finn(k.id()).orElseThrow();
            if (lest.lesing() != k.lesing() || lest.rader() != sendt) {
                throw new IllegalStateException("extract " + k.id() + ": " + sendt + " rows sent, " + lest.rader() + " recorded");
            }
            kafka.slutt(topic.topic(), lest, sendt);
        }
    }

    private Path rader(UUID id) {
        return props.arbeidsmappe().resolve(id + ".rader.jsonl");
    }

    static String tittel(String mal, Uttrekkskjoering k) {
        return mal.replace("{aar}", String.valueOf(k.dato().getYear())).replace("{dato}", k.dato().toString());
    }

    private static String undertittel(Uttrekkskjoering k, Uttrekksbestilling b) {
        Uttrekksbestilling.Kriterier c = b.kriterier();
        List<String> deler = new ArrayList<>();
        deler.add("Uttrekk " + k.dato() + " fra Folkeregisteret");
        if (c.bostedskommunenummer() != null) {
            deler.add("bosatt i kommune " + c.bostedskommunenummer());
        }
        if (b.etterfilter().fyllerAar() != null) {
            deler.add("fyller " + b.etterfilter().fyllerAar() + " år i " + k.dato().getYear());
        }
        if (!b.etterfilter().postnumre().isEmpty()) {
            deler.add("postnummer " + String.join(", ", new java.util.TreeSet<>(b.etterfilter().postnumre())));
        }
        return String.join(", ", deler);
    }

    private static String filending(String filnavn) {
        return filnavn.substring(filnavn.lastIndexOf('.') + 1);
    }
}
