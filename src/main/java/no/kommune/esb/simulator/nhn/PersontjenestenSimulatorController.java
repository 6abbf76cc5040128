package no.kommune.esb.simulator.nhn;

import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import no.kommune.esb.simulator.fault.FaultInjector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Persontjenesten API v2 under {@code /sim/nhn/persontjenesten/api/{legal-basis|no-legal-basis}/...}:
 * {@code person/get-by-nin}, {@code person/bulk-by-nin} (form {@code nins}, 1–100), {@code event} and {@code event/latest}.
 * Checks the HelseID bearer token and scope, the {@code api-version: 2} header and {@code informationParts};
 * errors as ProblemDetails. Answers carry only the information parts asked for.
 */
@RestController
@RequestMapping("/sim/nhn/persontjenesten/api/{basis}")
public class PersontjenestenSimulatorController {

    static final Set<String> PARTS = Set.of("AddressProtection", "CitizenshipRetention", "ResidentialAddress", "UseOfSamiLanguage", "SharedResidence",
            "Death", "FalseIdentity", "FamilyRelation", "Birth", "BirthInNorway", "ParentalResponsibility", "SamiParliamentElectoralRegistryStatus",
            "NorwegianIdentificationNumber", "IdentityVerification", "ImmigrationToNorway", "Gender", "ResiduaryEstateContactInformation",
            "IdentificationDocument", "Name", "ResidencePermit", "StayOnSvalbard", "PresentAddress", "PostalAddress", "ForeignPostalAddress",
            "PreferredContactAddress", "MaritalStatus", "Citizenship", "Status", "ForeignPersonIdentificationNumber", "EmigrationFromNorway",
            "ImmigrationAuthoritiesIdentificationNumber", "GuardianshipOrFuturePowerOfAttorney", "DeprivedLegalAuthority",
            "CommonContactRegisterInformation", "LegalAuthority");
    static final int EVENT_PAGE = 1000;
    private static final Pattern GATEADRESSE = Pattern.compile("(.+) (\\d+)([A-Za-z]?)");

    private final SimulatorTokenAuthority tokens;
    private final FaultInjector faults;
    private final String scopeWithLegalBasis;
    private final String scopeNoLegalBasis;
    private final NhnData data;

    public PersontjenestenSimulatorController(NhnData data, SimulatorTokenAuthority tokens, FaultInjector faults,
                                              @Value("${simulator.nhn.persontjenesten.scope-with-legal-basis:nhn:hgd-persontjenesten-api/read-with-legal-basis}") String scopeWithLegalBasis,
                                              @Value("${simulator.nhn.persontjenesten.scope-no-legal-basis:nhn:hgd-persontjenesten-api/read-no-legal-basis}") String scopeNoLegalBasis) {
        this.tokens = tokens;
        this.faults = faults;
        this.scopeWithLegalBasis = scopeWithLegalBasis;
        this.scopeNoLegalBasis = scopeNoLegalBasis;
        this.data = data;
    }

    @PostMapping(value = "/person/get-by-nin", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> getByNin(@PathVariable String basis, @RequestHeader(value = "Authorization", required = false) String authorization,
                                        @RequestHeader(value = "api-version", required = false) String apiVersion,
                                        @RequestParam MultiValueMap<String, String> form) {
        // query and form parameters arrive together (the servlet container parses the form body)
        List<String> parts = form.get("informationParts");
        check(basis, authorization, apiVersion, parts, "get-by-nin");
        String nin = form.getFirst("nin");
        if (nin == null || nin.isBlank() || nin.length() > 12) {
            throw new PersontjenestenProblem(400, "One or more validation errors occurred.", "The nin field is required and at most 12 characters.");
        }
        // "Historic NINs are supported" (the contract, of get-by-nin only): a replaced D-nummer finds the person, who is
        // answered with her number in use only (without includeHistory no ended number is listed)
        NhnData.Pasient p = data.pasientOgsaaTidligereNummer(nin).orElseThrow(() -> new PersontjenestenProblem(404, "Person not found", null));
        return person(p, Set.copyOf(parts));
    }

    @PostMapping(value = "/person/bulk-by-nin", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public List<Map<String, Object>> bulkByNin(@PathVariable String basis, @RequestHeader(value = "Authorization", required = false) String authorization,
                                               @RequestHeader(value = "api-version", required = false) String apiVersion,
                                               @RequestParam MultiValueMap<String, String> form) {
        List<String> parts = form.get("informationParts");
        check(basis, authorization, apiVersion, parts, "bulk-by-nin");
        List<String> nins = form.getOrDefault("nins", List.of());
        if (nins.isEmpty() || nins.size() > 100) {
            throw new PersontjenestenProblem(400, "One or more validation errors occurred.", "nins must hold between 1 and 100 items.");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        // by the number in use only: the contract says nothing of historic nins here (it does of get-by-nin)
        for (String nin : nins) {
            data.pasient(nin).ifPresent(p -> out.add(person(p, Set.copyOf(parts))));
        }
        return out;
    }

    @GetMapping(value = "/event", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> events(@PathVariable String basis, @RequestHeader(value = "Authorization", required = false) String authorization,
                                      @RequestHeader(value = "api-version", required = false) String apiVersion,
                                      @RequestParam(value = "sequenceNumber", defaultValue = "1") long sequenceNumber,
                                      @RequestParam(value = "eventTypes", required = false) List<String> eventTypes) {
        check(basis, authorization, apiVersion, List.of("Name"), "event");
        if (sequenceNumber < 1) {
            throw new PersontjenestenProblem(400, "One or more validation errors occurred.", "sequenceNumber must be at least 1.");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (long s = sequenceNumber; s <= data.antallPasienter() && results.size() < EVENT_PAGE; s++) {
            Map<String, Object> e = event(s);
            if (eventTypes == null || eventTypes.isEmpty() || eventTypes.contains((String) e.get("eventType"))) {
                results.add(e);
            }
        }
        if (results.isEmpty()) {
            throw new PersontjenestenProblem(404, "Event not found", null);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("results", results);
        out.put("startIndex", (int) sequenceNumber);
        out.put("endIndex", Integer.parseInt((String) results.get(results.size() - 1).get("sequenceNumber")));
        return out;
    }

    @GetMapping(value = "/event/latest", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> latest(@PathVariable String basis, @RequestHeader(value = "Authorization", required = false) String authorization,
                                      @RequestHeader(value = "api-version", required = false) String apiVersion) {
        check(basis, authorization, apiVersion, List.of("Name"), "event-latest");
        if (data.antallPasienter() == 0) {
            throw new PersontjenestenProblem(404, "Event document not found", null);
        }
        return event(data.antallPasienter());
    }

    private Map<String, Object> event(long sequenceNumber) {
        NhnData.Pasient p = data.pasient((int) sequenceNumber - 1);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("sequenceNumber", String.valueOf(sequenceNumber));
        e.put("personId", personId(p));
        e.put("eventType", sequenceNumber % 3 == 0 ? "ChangeInResidentialAddress" : "PersonIsCreated");
        return e;
    }

    private void check(String basis, String authorization, String apiVersion, List<String> parts, String endpoint) {
        if (!basis.equals("legal-basis") && !basis.equals("no-legal-basis")) {
            throw new PersontjenestenProblem(404, "Not Found", null);
        }
        tokens.verify(authorization, basis.equals("legal-basis") ? scopeWithLegalBasis : scopeNoLegalBasis);
        if (!"2".equals(apiVersion)) {
            throw new PersontjenestenProblem(400, "Unsupported API version", "The HTTP resource does not support the API version '" + apiVersion + "'.");
        }
        if (parts == null || parts.isEmpty() || !PARTS.containsAll(parts)) {
            throw new PersontjenestenProblem(400, "One or more validation errors occurred.", "informationParts must name at least one known part.");
        }
        faults.before("nhn-persontjenesten", endpoint);
    }

    private static String personId(NhnData.Pasient p) {
        return UUID.nameUUIDFromBytes(("pt-" + p.nin()).getBytes()).toString();
    }

    private static Map<String, Object> meta() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("registeredAt", "2020-01-01T00:00:00Z");
        m.put("isValid", true);
        m.put("source", "Skatteetaten");
        return m;
    }

    private static Map<String, Object> person(NhnData.Pasient p, Set<String> parts) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", personId(p));
        out.put("sequenceNumber", 1);
        if (parts.contains("NorwegianIdentificationNumber")) {
            Map<String, Object> n = meta();
            n.put("status", "InUse");
            n.put("identificationNumber", p.nin());
            n.put("identificationNumberType", "NationalIdentityNumber");
            out.put("norwegianIdentificationNumber", List.of(n));
        }
        if (parts.contains("Name")) {
            Map<String, Object> n = meta();
            n.put("givenName", p.fornavn());
            n.put("middleName", p.mellomnavn());
            n.put("familyName", p.etternavn());
            out.put("name", List.of(n));
        }
        if (parts.contains("Birth")) {
            Map<String, Object> b = meta();
            // the contract types birthDate as date-time
            b.put("birthDate", p.foedselsdato() + "T00:00:00Z");
            b.put("birthYear", String.valueOf(p.foedselsdato().getYear()));
            out.put("birth", List.of(b));
        }
        if (parts.contains("Gender")) {
            Map<String, Object> g = meta();
            g.put("gender", "female".equals(p.kjoenn()) ? "Female" : "Male");
            out.put("gender", List.of(g));
        }
        if (parts.contains("Status")) {
            Map<String, Object> s = meta();
            s.put("status", p.status());
            out.put("status", List.of(s));
        }
        if (parts.contains("AddressProtection")) {
            Map<String, Object> a = meta();
            // the contract's legal overall levels are Unclassified, Confidential and StrictlyConfidential; a client
            // address is marked on the address itself
            a.put("protectionLevel", "ClientAddress".equals(p.beskyttelse()) ? "Unclassified" : p.beskyttelse());
            out.put("addressProtection", List.of(a));
        }
        if (parts.contains("ResidentialAddress") && p.gateadresse() != null) {
            // "Fjellveien 14A" → name, house number, house letter
            Matcher gate = GATEADRESSE.matcher(p.gateadresse());
            Map<String, Object> street = new LinkedHashMap<>();
            street.put("municipalityNumber", p.kommunenummer());
            Map<String, Object> number = new LinkedHashMap<>();
            if (gate.matches()) {
                street.put("addressName", gate.group(1));
                number.put("houseNumber", gate.group(2));
                if (!gate.group(3).isEmpty()) {
                    number.put("houseLetter", gate.group(3));
                }
            } else {
                street.put("addressName", p.gateadresse());
            }
            street.put("addressNumber", number);
            street.put("addressCode", p.adressekode());
            street.put("city", Map.of("cityName", p.poststed(), "postalCode", p.postnummer()));
            Map<String, Object> r = meta();
            r.put("streetAddress", street);
            r.put("addressConfidentiality", p.beskyttelse());
            out.put("residentialAddress", List.of(r));
        }
        return out;
    }
}
