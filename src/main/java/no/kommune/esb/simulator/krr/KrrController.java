package no.kommune.esb.simulator.krr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import no.kommune.esb.simulator.fault.FaultInjector;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * {@code POST /sim/krr/rest/v1/personer} with {@code {"personidentifikatorer":[...]}} (1..1000). Reservation
 * and status are always returned; {@code krr:global/kontaktinformasjon.read} adds varslingsstatus,
 * kontaktinformasjon and spraak; {@code krr:global/digitalpost.read} adds digital_post (not for reserved persons).
 * Identifiers not in the population answer status IKKE_REGISTRERT. {@code varslingsstatus} is KAN_VARSLES only for an
 * AKTIV, unreserved person whose contact data is current (krr_attributter.md: KAN_IKKE_VARSLES when expired, reserved,
 * deleted or unknown), so an admin change cannot make an answer KRR never gives. Faults: service "krr", endpoint "personer".
 */
@RestController
public class KrrController {

    static final String KONTAKTINFORMASJON = "krr:global/kontaktinformasjon.read";
    static final String DIGITALPOST = "krr:global/digitalpost.read";
    private static final int MAX = 1000;

    private final SyntheticPopulation population;
    private final SimulatorTokenAuthority tokens;
    private final FaultInjector faults;
    private final ObjectMapper json;

    public KrrController(SyntheticPopulation population, SimulatorTokenAuthority tokens, FaultInjector faults, ObjectMapper json) {
        this.population = population;
        this.tokens = tokens;
        this.faults = faults;
        this.json = json;
    }

    @PostMapping(value = "/sim/krr/rest/v1/personer", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ObjectNode personer(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                               @RequestBody JsonNode body) {
        faults.before("krr", "personer");
        Set<String> scopes = tokens.verify(authorization, KONTAKTINFORMASJON, DIGITALPOST);
        JsonNode ids = body.path("personidentifikatorer");
        if (!ids.isArray() || ids.isEmpty() || ids.size() > MAX) {
            throw new KrrException(400, "personidentifikatorer must hold 1 to " + MAX + " identifiers");
        }
        for (JsonNode id : ids) {
            if (!id.isTextual() || !id.asText().matches("\\d{11}")) {
                throw new KrrException(400, "personidentifikator must be 11 digits");
            }
        }
        boolean kontakt = scopes.contains(KONTAKTINFORMASJON);
        boolean digital = scopes.contains(DIGITALPOST);
        return population.read(() -> {
            ObjectNode answer = json.createObjectNode();
            ArrayNode personer = answer.putArray("personer");
            for (JsonNode idNode : ids) {
                String id = idNode.asText();
                SimPerson p = population.byId(id).filter(x -> x.id().equals(id)).orElse(null);
                personer.add(entry(id, p, kontakt, digital));
            }
            return answer;
        });
    }

    private ObjectNode entry(String id, SimPerson p, boolean kontakt, boolean digital) {
        ObjectNode e = json.createObjectNode();
        e.put("personidentifikator", id);
        if (p == null || p.krrStatus() == SimPerson.KrrStatus.IKKE_REGISTRERT) {
            e.put("reservasjon", "NEI");
            e.put("status", "IKKE_REGISTRERT");
            if (kontakt) {
                e.put("varslingsstatus", "KAN_IKKE_VARSLES");
            }
            return e;
        }
        LocalDate updated = LocalDate.ofEpochDay(population.kontaktOppdatertDay(p));
        e.put("reservasjon", p.reservert() ? "JA" : "NEI");
        if (p.reservert()) {
            e.put("reservasjonstidspunkt", ts(updated));
        }
        e.put("reservasjon_oppdatert", ts(updated));
        e.put("status", p.krrStatus().name());
        if (kontakt) {
            // krr_attributter.md: KAN_IKKE_VARSLES also for a reserved or deleted person, whatever an admin change set
            boolean kanVarsles = p.kanVarsles() && !p.reservert() && p.krrStatus() == SimPerson.KrrStatus.AKTIV;
            e.put("varslingsstatus", kanVarsles ? "KAN_VARSLES" : "KAN_IKKE_VARSLES");
            if (p.krrStatus() == SimPerson.KrrStatus.AKTIV && (p.harEpost() || p.harMobil())) {
                ObjectNode k = e.putObject("kontaktinformasjon");
                String epost = population.epostadresse(p);
                if (epost != null) {
                    k.put("epostadresse", epost);
                    k.put("epostadresse_oppdatert", ts(updated));
                    k.put("epostadresse_sist_verifisert", ts(updated));
                }
                String mobil = population.mobiltelefonnummer(p);
                if (mobil != null) {
                    k.put("mobiltelefonnummer", mobil);
                    k.put("mobiltelefonnummer_oppdatert", ts(updated));
                    k.put("mobiltelefonnummer_sist_verifisert", ts(updated));
                }
            }
            e.put("spraak", population.spraak(p));
            e.put("spraak_oppdatert", ts(updated));
        }
        String[] postkasse = population.digitalPostkasse(p);
        if (digital && postkasse != null && !p.reservert() && p.krrStatus() == SimPerson.KrrStatus.AKTIV) {
            ObjectNode d = e.putObject("digital_post");
            d.put("postkasseadresse", postkasse[0]);
            d.put("postkasseleverandoeradresse", postkasse[1]);
        }
        return e;
    }

    private static String ts(LocalDate day) {
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(day.toEpochDay() * 86400 + 36_000), ZoneOffset.UTC)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
