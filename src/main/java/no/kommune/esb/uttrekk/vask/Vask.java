package no.kommune.esb.uttrekk.vask;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.folkeregister.BulkResult;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.Part;
import no.kommune.esb.hendelser.Dataminimering;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.Felt;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.oppslag.Identnoekkel;
import no.kommune.esb.oppslag.Oppslagspopulasjon;
import no.kommune.esb.oppslag.Personsvar;
import no.kommune.esb.oppslag.Revisjonslogg;
import no.kommune.esb.uttrekk.format.Persondokument;
import no.kommune.esb.uttrekk.format.Uttrekksformat;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Washes a file for a fagsystem: the valid numbers 1,000 at a time in one Folkeregisteret bulk call each (and, when
 * the registration names related persons, one more for all their relatives), each person minimised by the registration
 * ({@link Personsvar}), the status by {@link Vaskeregel}, one row per line in the file's order, bad lines included.
 * A person outside the registration's population ({@link Oppslagspopulasjon}, as for look-ups) gets the status
 * {@link Vaskestatus#UTENFOR_POPULASJON} and no data, except an emigrant who left Norway from it (one more bulk call for
 * the emigrants outside a kommune registration's population): {@link Vaskestatus#UTVANDRET} and no data, audited as
 * {@code UTVANDRET} with no field. Every disclosed person goes to the look-up audit trail (operation
 * {@code VASK+<kanal>}), and so does each related person something was disclosed about ({@code VASK+<kanal>+SOM_FAMILIE},
 * under their own number). A number whose document the register gave but the platform cannot read is
 * {@link Vaskestatus#ULESBAR} on its line, audited so, and a relative's such document marks their entry {@code "ulesbar"};
 * the other lines are washed (until session 30 either failed the whole wash). The register failing stops the wash ({@link no.kommune.esb.register.RegisterException}): the
 * caller answers 503/502; over SFTP a register that is down fails the attempt (the file waits), one that refuses the
 * platform refuses the file.
 */
@Component
@EnableConfigurationProperties(VaskProperties.class)
public class Vask {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<Part> PARTS = Set.of(Part.PERSON_BASIS, Part.RELASJON_UTVIDET);
    private static final Set<Part> PARTS_MED_HISTORIKK = Set.of(Part.PERSON_BASIS, Part.RELASJON_UTVIDET, Part.HISTORIKK);

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Vask.class);

    private final FolkeregisterClient folkeregister;
    private final Revisjonslogg revisjon;
    private final Identnoekkel noekkel;
    private final Oppslagspopulasjon populasjon;

    public Vask(FolkeregisterClient folkeregister, Revisjonslogg revisjon, Identnoekkel noekkel, Oppslagspopulasjon populasjon) {
        this.folkeregister = folkeregister;
        this.revisjon = revisjon;
        this.noekkel = noekkel;
        this.populasjon = populasjon;
    }

    /** Who washes, for the audit trail. */
    public record Kall(String kaller, String formaal, String kanal) {
    }

    /** How many lines got each status, and how many register calls it took. */
    public record Resultat(Map<Vaskestatus, Integer> antall, int registerkall) {
    }

    public Resultat vask(Fagsystem f, Vaskefil fil, Kall kall, Uttrekksformat.Skriver ut) throws IOException {
        Map<Vaskestatus, Integer> antall = new EnumMap<>(Vaskestatus.class);
        int kall0 = 0;
        List<Vaskefil.Linje> linjer = fil.linjer();
        int fra = 0;
        while (fra < linjer.size()) {
            // a chunk: the lines up to the 1,000th valid number (bad lines ride along, so the order is kept)
            List<Vaskefil.Linje> bit = new ArrayList<>();
            Set<Identitetsnummer> identer = new LinkedHashSet<>();
            while (fra < linjer.size() && (identer.size() < VaskProperties.BULK || linjer.get(fra).ident() == null
                    || identer.contains(linjer.get(fra).ident()))) {
                Vaskefil.Linje l = linjer.get(fra++);
                bit.add(l);
                if (l.ident() != null) {
                    identer.add(l.ident());
                }
            }
            kall0 += bit(f, bit, identer, kall, ut, antall);
        }
        return new Resultat(antall, kall0);
    }

    private int bit(Fagsystem f, List<Vaskefil.Linje> bit, Set<Identitetsnummer> identer, Kall kall, Uttrekksformat.Skriver ut,
                    Map<Vaskestatus, Integer> antall) throws IOException {
        int registerkall = 0;
        BulkResult svar = null;
        Oppslagspopulasjon.Utvalg utvalg = null;
        Oppslagspopulasjon.Utvandrede utvandret = null;
        Map<Identitetsnummer, Person> familie = null;
        Set<Identitetsnummer> ulesbareRelaterte = Set.of();
        if (!identer.isEmpty()) {
            // a document that cannot be read fails its line only (ULESBAR), not the wash (until session 30: alleLesbare)
            svar = folkeregister.bulkoppslag(identer, f.data().tillater(Felt.IDENTITETSHISTORIKK) ? PARTS_MED_HISTORIKK : PARTS);
            registerkall += svar.calls();
            // a portfolio holds a person under the number on the line too (a D-nummer answered under her fødselsnummer)
            utvalg = populasjon.vurder(f, svar.found().values(), svar.found());
            registerkall += utvalg.registerkall();
            // of those outside, the emigrants who left Norway from the population: one more call, for them only
            Oppslagspopulasjon.Utvalg u = utvalg;
            utvandret = populasjon.utvandret(f, svar.found().values().stream().filter(p -> !u.omfatter(p)).toList());
            registerkall += utvandret.registerkall();
            if (!f.relaterte().roller().isEmpty()) {
                Set<Identitetsnummer> relaterte = new LinkedHashSet<>();
                svar.found().values().stream().filter(utvalg::omfatter)
                        .forEach(p -> relaterte.addAll(Dataminimering.relaterteIdenter(p, f.relaterte().roller())));
                BulkResult fam = relaterte.isEmpty() ? null : folkeregister.bulkoppslag(relaterte, Set.of(Part.PERSON_BASIS));
                familie = fam == null ? Map.of() : fam.found();
                ulesbareRelaterte = fam == null ? Set.of() : fam.ulesbare();
                registerkall += fam == null ? 0 : fam.calls();
            }
        }
        List<Revisjonslogg.Rad> rader = new ArrayList<>();
        for (Vaskefil.Linje l : bit) {
            ObjectNode dok = JSON.objectNode();
            ObjectNode vask = dok.putObject("vask").put("linje", String.valueOf(l.nr()));
            if (l.ident() == null) {
                vask.put("etterspurt", l.maskert()).put("status", Vaskestatus.UGYLDIG.name()).put("merknad", l.feil());
                antall.merge(Vaskestatus.UGYLDIG, 1, Integer::sum);
                ut.skriv(dok);
                continue;
            }
            vask.put("etterspurt", l.ident().value());
            Person p = svar.person(l.ident()).orElse(null);
            Vaskeregel.Utfall utfall;
            if (p == null && svar.ulesbare().contains(l.ident())) {
                utfall = Vaskeregel.ulesbar();
                rader.add(rad(f, kall, l.ident(), Vaskestatus.ULESBAR.name(), List.of()));
            } else if (p == null) {
                utfall = Vaskeregel.vurder(l.ident(), null, false, List.of(), l.referanse());
                rader.add(rad(f, kall, l.ident(), "IKKE_FUNNET", List.of()));
            } else if (!utvalg.omfatter(p)) {
                // no data either way; an emigrant of the population is told as such (the status only)
                utfall = Vaskeregel.utenforPopulasjonen(utvandret.omfatter(p));
                rader.add(rad(f, kall, p.id(), utfall.status().name(), List.of()));
            } else {
                Personsvar.Svar s = Personsvar.av(p, l.ident(), f, familie);
                Personsvar.merkUlesbareRelaterte(s, p, f, ulesbareRelaterte);
                ObjectNode person = (ObjectNode) s.dokument().get("person");
                dok.set("person", person);
                dok.set("relaterte", s.dokument().has("familie") ? s.dokument().get("familie") : JSON.arrayNode());
                utfall = Vaskeregel.vurder(l.ident(), p, person.path("adresseTilbakeholdt").asBoolean(false),
                        Persondokument.bosted(person), l.referanse());
                rader.add(rad(f, kall, p.id(), "OK", s.utlevert()));
                // the relatives' names and addresses went out too: a row under each one's own number, as a look-up writes
                Personsvar.relaterteUtlevert(s, p, f).forEach(r -> rader.add(new Revisjonslogg.Rad(f.id(), kall.kaller(), null,
                        noekkel.av(r.id()), "VASK+" + kall.kanal() + "+SOM_FAMILIE", kall.formaal(), null, r.felter(), 200, "OK")));
            }
            vask.put("status", utfall.status().name()).put("merknad", utfall.merknad());
            antall.merge(utfall.status(), 1, Integer::sum);
            ut.skriv(dok);
        }
        if (!rader.isEmpty()) {
            revisjon.skriv(rader);
        }
        int ulesbare = (svar == null ? 0 : svar.ulesbare().size()) + ulesbareRelaterte.size();
        if (ulesbare > 0) {
            log.warn("Wash for {}: {} person document(s) from Folkeregisteret cannot be read; their lines {}, relatives marked"
                    + " \"ulesbar\", the other lines washed", f.id(), ulesbare, Vaskestatus.ULESBAR);
        }
        return registerkall;
    }

    private Revisjonslogg.Rad rad(Fagsystem f, Kall kall, Identitetsnummer id, String utfall, List<String> felter) {
        return new Revisjonslogg.Rad(f.id(), kall.kaller(), null, noekkel.av(id), "VASK+" + kall.kanal(), kall.formaal(), null,
                felter, 200, utfall);
    }
}
