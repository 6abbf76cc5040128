package no.kommune.esb.simulator.svarut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import no.kommune.esb.simulator.fault.FaultInjector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * SvarUt REST v2 as a client sees it, at {@code /sim/svarut/api} + the contract's paths. Every call is
 * checked for a Maskinporten token with scope {@code ks:fiks}, the configured IntegrasjonId/IntegrasjonPassord
 * and (where the path names one) the configured account. Fault endpoints: send, status-sok, hendelser, eksternref
 * (also {@code visibleAfterMs}: a search by eksternRef does not see a letter stored less than that long ago); on send also
 * {@code unreadableAnswerCount}: the letter is stored and answered 200 with a body cut short.
 */
@RestController
@RequestMapping("/sim/svarut/api/v2")
public class SvarUtSimulatorController {

    static final String SERVICE = "svarut";
    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private static final String ULOVLIGE_TEGN = "*:\"\\/<>|?";
    private static final long MAKS_BYTES_VED_PRINT = 350L * 1000 * 1000;

    private final SvarUtSimulator simulator;
    private final SimulatorTokenAuthority tokens;
    private final FaultInjector faults;
    private final String integrasjonId;
    private final String integrasjonPassord;
    private final String kontoId;
    private final ObjectMapper json = new ObjectMapper();

    public SvarUtSimulatorController(SvarUtSimulator simulator, SimulatorTokenAuthority tokens, FaultInjector faults,
                                     @Value("${simulator.svarut.integrasjon-id:sim-integrasjon}") String integrasjonId,
                                     @Value("${simulator.svarut.integrasjon-passord:sim-passord}") String integrasjonPassord,
                                     @Value("${simulator.svarut.konto-id:5f1c0a6e-9d1b-4c1e-8f0a-0c5e3a9b7d21}") String kontoId) {
        this.simulator = simulator;
        this.tokens = tokens;
        this.faults = faults;
        this.integrasjonId = integrasjonId;
        this.integrasjonPassord = integrasjonPassord;
        this.kontoId = kontoId.toLowerCase(Locale.ROOT);
    }

    /** Send: multipart, first part "forsendelse" (JSON), then one part per dokumenter[] entry, filename = filnavn. */
    @PostMapping("/kontoer/{kontoId}/forsendelser")
    public void send(@PathVariable String kontoId, HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        faults.before(SERVICE, "send");
        String konto = autoriser(request, kontoId);
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw ugyldig("Forventet multipart/form-data");
        }
        List<Part> parts = new ArrayList<>(request.getParts());
        if (parts.isEmpty() || !"forsendelse".equals(parts.get(0).getName())) {
            throw ugyldig("Første part må hete 'forsendelse'");
        }
        JsonNode forsendelse;
        try (InputStream in = parts.get(0).getInputStream()) {
            forsendelse = json.readTree(in);
        } catch (IOException e) {
            throw ugyldig("Part 'forsendelse' er ikke gyldig JSON");
        }
        List<JsonNode> dokumenter = sjekkForsendelse(forsendelse);
        if (parts.size() - 1 != dokumenter.size()) {
            throw ugyldig("Forsendelsen beskriver " + dokumenter.size() + " dokumenter, men har " + (parts.size() - 1) + " filer");
        }
        List<SvarUtSimulator.LagretDokument> lagret = new ArrayList<>();
        long totalt = 0;
        for (int i = 0; i < dokumenter.size(); i++) {
            Part part = parts.get(i + 1);
            String filnavn = dokumenter.get(i).get("filnavn").asText();
            if (!filnavn.equals(part.getSubmittedFileName())) {
                throw ugyldig("Fil " + (i + 1) + " har ikke filnavnet dokument " + (i + 1) + " har i metadata");
            }
            SvarUtSimulator.LagretDokument d = les(part, filnavn, dokumenter.get(i).get("mimeType").asText());
            totalt += d.storrelse();
            lagret.add(d);
        }
        if (!forsendelse.path("kunDigitalLevering").asBoolean(false) && totalt > MAKS_BYTES_VED_PRINT) {
            throw ugyldig("Dokumentene er større enn 350 MB til sammen og forsendelsen kan gå til print");
        }
        SvarUtSimulator.LagretForsendelse f = simulator.lagre(konto, forsendelse, lagret);
        byte[] body = json.writeValueAsBytes(json.createObjectNode().put("id", f.id().toString()));
        // stored; a lost-answer fault cuts the answer here
        faults.writeCommittedAnswer(SERVICE, "send", response, 200, body);
    }

    @PostMapping("/kontoer/{kontoId}/forsendelser/status-sok")
    public JsonNode statusSok(@PathVariable String kontoId, @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        faults.before(SERVICE, "status-sok");
        String konto = autoriser(request, kontoId);
        JsonNode sok;
        try {
            sok = body == null ? null : json.readTree(body);
        } catch (IOException e) {
            throw ugyldig("Forespørselen er ikke gyldig JSON");
        }
        if (sok == null || !sok.path("forsendelseIds").isArray()) {
            throw ugyldig("forsendelseIds mangler");
        }
        ObjectNode svar = json.createObjectNode();
        ArrayNode statuser = svar.putArray("statuser");
        for (JsonNode idNode : sok.get("forsendelseIds")) {
            UUID id = uuid(idNode.asText());
            simulator.finn(id).filter(f -> f.kontoId().equals(konto)).ifPresent(f -> {
                SvarUtSimulator.Hendelse siste = f.siste();
                statuser.addObject()
                        .put("id", id.toString())
                        .put("sisteStatusEndring", tid(siste.tidspunkt()))
                        .put("status", siste.status().name());
            });
        }
        return svar;
    }

    @GetMapping("/forsendelser/{forsendelseId}/hendelser")
    public JsonNode hendelser(@PathVariable String forsendelseId, HttpServletRequest request) {
        faults.before(SERVICE, "hendelser");
        String konto = autoriser(request, null);
        SvarUtSimulator.LagretForsendelse f = simulator.finn(uuid(forsendelseId))
                .filter(x -> x.kontoId().equals(konto))
                .orElseThrow(() -> new SvarUtSimFeil(404, "FORSENDELSE_IKKE_FUNNET", "Fant ikke forsendelse " + forsendelseId));
        ObjectNode svar = json.createObjectNode();
        ArrayNode hendelser = svar.putArray("hendelser");
        for (SvarUtSimulator.Hendelse h : f.hendelser()) {
            hendelser.addObject().put("tidspunkt", tid(h.tidspunkt())).put("hendelse", h.tekst());
        }
        return svar;
    }

    @GetMapping("/kontoer/{kontoId}/forsendelser")
    public JsonNode eksternRef(@PathVariable String kontoId, @RequestParam(name = "eksternRef", required = false) String eksternRef,
                               HttpServletRequest request) {
        faults.before(SERVICE, "eksternref");
        String konto = autoriser(request, kontoId);
        if (eksternRef == null || eksternRef.isEmpty()) {
            throw ugyldig("eksternRef mangler");
        }
        ObjectNode svar = json.createObjectNode();
        ArrayNode ids = svar.putArray("forsendelseIds");
        // delayed visibility (fault visibleAfterMs on eksternref): a letter stored a moment ago is not found yet
        simulator.finnForEksternReferanse(konto, eksternRef, java.time.Duration.ofMillis(faults.spec(SERVICE, "eksternref").visibleAfterMs()))
                .forEach(id -> ids.add(id.toString()));
        return svar;
    }

    /** Token, integration and account checks; returns the account. */
    private String autoriser(HttpServletRequest request, String kontoIdIPath) {
        tokens.verify(request.getHeader("Authorization"), "ks:fiks");
        if (!integrasjonId.equals(request.getHeader("IntegrasjonId")) || !integrasjonPassord.equals(request.getHeader("IntegrasjonPassord"))) {
            throw new SvarUtSimFeil(401, "UGYLDIG_INTEGRASJON", "Ukjent integrasjon eller feil integrasjonspassord");
        }
        if (kontoIdIPath != null && !kontoId.equals(kontoIdIPath.toLowerCase(Locale.ROOT))) {
            throw new SvarUtSimFeil(403, "INGEN_TILGANG_TIL_KONTO", "Integrasjonen har ikke tilgang til kontoen");
        }
        return kontoId;
    }

    /** The checks SvarUt makes on the forsendelse JSON; returns its dokumenter[]. Never echoes personal data. */
    private List<JsonNode> sjekkForsendelse(JsonNode f) {
        if (!f.isObject()) {
            throw ugyldig("forsendelse må være et JSON-objekt");
        }
        String tittel = tekst(f, "tittel");
        if (tittel == null || tittel.isBlank()) {
            throw ugyldig("tittel er påkrevd");
        }
        if (tittel.length() > 1000) {
            throw ugyldig("tittel er lengre enn 1000 tegn");
        }
        String ref = tekst(f, "eksternReferanse");
        if (ref != null && ref.length() > 100) {
            throw ugyldig("eksternReferanse er lengre enn 100 tegn");
        }
        JsonNode mottaker = f.get("mottaker");
        if (mottaker == null || !mottaker.isObject()) {
            throw ugyldig("mottaker er påkrevd");
        }
        String navn = tekst(mottaker, "navn");
        if (navn == null || navn.isBlank()) {
            throw ugyldig("mottaker.navn er påkrevd");
        }
        boolean kunDigital = f.path("kunDigitalLevering").asBoolean(false);
        if (kunDigital && blank(tekst(mottaker, "digitalId"))) {
            throw ugyldig("mottaker.digitalId er påkrevd ved kun digital levering");
        }
        if (!kunDigital) {
            if (blank(tekst(mottaker, "poststed"))) {
                throw ugyldig("mottaker.poststed er påkrevd når forsendelsen ikke er kun digital");
            }
            String land = tekst(mottaker, "land");
            boolean norsk = blank(land) || Set.of("norge", "no", "nor", "norway", "noreg").contains(land.trim().toLowerCase(Locale.ROOT));
            if (norsk && blank(tekst(mottaker, "postnummer"))) {
                throw ugyldig("mottaker.postnummer er påkrevd for norsk adresse når forsendelsen ikke er kun digital");
            }
        }
        JsonNode dokumenter = f.get("dokumenter");
        if (dokumenter == null || !dokumenter.isArray() || dokumenter.isEmpty()) {
            throw ugyldig("dokumenter er påkrevd");
        }
        List<JsonNode> liste = new ArrayList<>();
        Set<String> filnavn = new HashSet<>();
        for (JsonNode d : dokumenter) {
            int nr = liste.size() + 1;
            String navnet = tekst(d, "filnavn");
            String mime = tekst(d, "mimeType");
            if (blank(navnet) || blank(mime)) {
                throw ugyldig("dokument " + nr + ": filnavn og mimeType er påkrevd");
            }
            if (navnet.length() > 226) {
                throw ugyldig("dokument " + nr + ": filnavn er lengre enn 226 tegn");
            }
            for (char c : navnet.toCharArray()) {
                if (ULOVLIGE_TEGN.indexOf(c) >= 0) {
                    throw ugyldig("dokument " + nr + ": filnavn inneholder ulovlig tegn '" + c + "'");
                }
            }
            if (!filnavn.add(navnet)) {
                throw ugyldig("dokument " + nr + ": filnavn er ikke unikt i forsendelsen");
            }
            if (!kunDigital && !d.path("skalEkskluderesFraUtskrift").asBoolean(false)
                    && !mime.trim().toLowerCase(Locale.ROOT).startsWith("application/pdf")) {
                throw ugyldig("dokument " + nr + ": kun application/pdf kan printes");
            }
            liste.add(d);
        }
        return liste;
    }

    private static SvarUtSimulator.LagretDokument les(Part part, String filnavn, String mimeType) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteArrayOutputStream kopi = new ByteArrayOutputStream();
        long storrelse = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = part.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                if (storrelse + n <= SvarUtSimulator.LagretDokument.BEHOLD_MAKS) {
                    kopi.write(buf, 0, n);
                }
                storrelse += n;
            }
        }
        byte[] innhold = storrelse <= SvarUtSimulator.LagretDokument.BEHOLD_MAKS ? kopi.toByteArray() : null;
        return new SvarUtSimulator.LagretDokument(filnavn, mimeType, part.getName(), storrelse, HexFormat.of().formatHex(sha.digest()), innhold);
    }

    private static String tid(Instant t) {
        return OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MILLIS), OSLO).toString();
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw ugyldig("Ugyldig forsendelse-id");
        }
    }

    private static String tekst(JsonNode node, String felt) {
        JsonNode v = node.get(felt);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static SvarUtSimFeil ugyldig(String melding) {
        return new SvarUtSimFeil(400, "VALIDERINGSFEIL", melding);
    }
}
