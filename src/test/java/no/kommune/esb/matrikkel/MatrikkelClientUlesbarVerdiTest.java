package no.kommune.esb.matrikkel;

import com.sun.net.httpserver.HttpServer;
import no.kommune.esb.model.Matrikkelenhet;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import no.kommune.esb.register.Xml;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every number the client reads from Matrikkelen's answers, garbled one at a time in otherwise well-formed answers (the
 * shapes the simulator writes from the matrikkelAPI XSDs): each becomes a {@code BAD_RESPONSE} that names what could not
 * be read ({@link MatrikkelClient.UlesbarVerdi}), never a NumberFormatException, and its message never quotes the value.
 */
class MatrikkelClientUlesbarVerdiTest {

    /** A garbled long id (a letter O for a zero) and a garbled int (too large for one); both shaped like an identity number (a D-nummer for the int). */
    private static final String UGYLDIG_ID = "01019O12345";
    private static final String FOR_STORT = "41019012345";

    private static final Vegadresseident ADRESSE = new Vegadresseident("4601", 1234, 5, null);

    /** The answers by operation; a test garbles one value in one of them. */
    private final Map<String, String> svar = new HashMap<>(Map.of(
            "findAdresseIdsForIdents", "<svc:return><adr:entry><adr:key xsi:type=\"adr:VegadresseIdent\"><adr:kommuneIdent>"
                    + "<kom:kommunenummer>4601</kom:kommunenummer></adr:kommuneIdent><adr:adressekode>1234</adr:adressekode><adr:nummer>5</adr:nummer>"
                    + "</adr:key><adr:value xsi:type=\"adr:VegadresseId\"><dom:value>300</dom:value></adr:value></adr:entry></svc:return>",
            "findMatrikkelenheterForAdresser", "<svc:return><mat:entry><mat:key><dom:value>300</dom:value></mat:key><mat:value>"
                    + "<mat:item xsi:type=\"mat:MatrikkelenhetId\"><dom:value>400</dom:value></mat:item></mat:value></mat:entry></svc:return>",
            "getObjects/enheter", "<svc:return><dom:item xsi:type=\"mat:Grunneiendom\"><dom:id><dom:value>400</dom:value></dom:id>"
                    + "<mat:matrikkelnummer><mat:kommuneId><dom:value>100004601</dom:value></mat:kommuneId><mat:gardsnummer>12</mat:gardsnummer>"
                    + "<mat:bruksnummer>7</mat:bruksnummer><mat:festenummer>0</mat:festenummer><mat:seksjonsnummer>3</mat:seksjonsnummer>"
                    + "</mat:matrikkelnummer><mat:eierforhold><mat:item xsi:type=\"mat:PersonTinglystEierforhold\">"
                    + "<mat:andel><util:teller>1</util:teller><util:nevner>2</util:nevner></mat:andel>"
                    + "<mat:eierId><dom:value>500</dom:value></mat:eierId></mat:item></mat:eierforhold></dom:item></svc:return>",
            "getObjects/kommuner", "<svc:return><dom:item xsi:type=\"kom:Kommune\"><dom:id><dom:value>100004601</dom:value></dom:id>"
                    + "<kom:kommunenummer>4601</kom:kommunenummer></dom:item></svc:return>",
            "getObjects/personer", "<svc:return><dom:item xsi:type=\"per:JuridiskPerson\"><dom:id><dom:value>500</dom:value></dom:id>"
                    + "<per:nummer>912345678</per:nummer><per:navn>Boligbyggelaget</per:navn></dom:item></svc:return>",
            "findAdresseIdForIdent", "<svc:return xsi:type=\"adr:VegadresseId\"><dom:value>300</dom:value></svc:return>",
            "findMatrikkelenheterForAdresse", "<svc:return><mat:item xsi:type=\"mat:MatrikkelenhetId\"><dom:value>400</dom:value></mat:item></svc:return>",
            "findPersonIdForIdent", "<svc:return xsi:type=\"per:JuridiskPersonId\"><dom:value>500</dom:value></svc:return>",
            "findEideMatrikkelenheterForPerson", "<svc:return><mat:item xsi:type=\"mat:MatrikkelenhetId\"><dom:value>400</dom:value></mat:item></svc:return>"));

    private HttpServer server;
    private MatrikkelClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String operasjon = body.replaceFirst("(?s).*<soapenv:Body><svc:(\\w+)>.*", "$1");
            String noekkel = operasjon.startsWith("getObjects") ? "getObjects" + (body.contains("mat:MatrikkelenhetId") ? "/enheter" : body.contains("kom:KommuneId") ? "/kommuner" : "/personer") : operasjon;
            byte[] svaret = ("<soapenv:Envelope xmlns:soapenv=\"" + Xml.SOAP11 + "\"" + MatrikkelNs.DECLARATIONS + " xmlns:svc=\"urn:svc\"><soapenv:Body>"
                    + "<svc:" + operasjon + "Response>" + svar.get(noekkel) + "</svc:" + operasjon + "Response></soapenv:Body></soapenv:Envelope>")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
            ex.sendResponseHeaders(200, svaret.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(svaret);
            }
        });
        server.start();
        client = new MatrikkelClient(new RegisterHttp("matrikkel", Duration.ofSeconds(2), Duration.ofSeconds(5)),
                "http://localhost:" + server.getAddress().getPort() + "/matrikkelapi/wsapi/v1", "bruker", "passord", "test", "4.4");
    }

    @AfterEach
    void stopp() {
        server.stop(0);
    }

    private static final Map<String, Function<MatrikkelClient, List<Matrikkelenhet>>> OPPSLAG = Map.of(
            "bulk", c -> c.matrikkelenheterForAdresser(List.of(ADRESSE)).get(ADRESSE),
            "adresse", c -> c.matrikkelenheterForAdresse(ADRESSE),
            "eier", c -> c.eideMatrikkelenheterForOrganisasjon("912345678"));

    /** The answers as written are read: the unit, its number and its owner's share (so a garbled one below is the only fault). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"bulk", "adresse", "eier"})
    void should_read_the_well_formed_answers(String oppslag) {
        List<Matrikkelenhet> enheter = OPPSLAG.get(oppslag).apply(client);

        assertThat(enheter).singleElement().satisfies(e -> {
            assertThat(e.matrikkelenhetId()).isEqualTo(400);
            assertThat(e.matrikkelnummer()).isEqualTo(new Matrikkelenhet.Matrikkelnummer("4601", 12, 7, 0, 3));
            assertThat(e.eiere()).singleElement().satisfies(a -> assertThat(a.teller() + "/" + a.nevner()).isEqualTo("1/2"));
        });
    }

    @ParameterizedTest(name = "{0}: {1} in {2}")
    @CsvSource(delimiter = '|', value = {
            // look-up | operation whose answer is garbled     | the value as written                        | garbled
            "bulk    | findAdresseIdsForIdents              | <dom:value>300<                              | ID",
            "bulk    | findAdresseIdsForIdents              | <adr:adressekode>1234<                       | INT",
            "bulk    | findAdresseIdsForIdents              | <adr:nummer>5<                               | INT",
            "bulk    | findMatrikkelenheterForAdresser      | <mat:key><dom:value>300<                     | ID",
            "bulk    | findMatrikkelenheterForAdresser      | <dom:value>400<                              | ID",
            "bulk    | getObjects/enheter                   | <dom:id><dom:value>400<                      | ID",
            "bulk    | getObjects/enheter                   | <mat:kommuneId><dom:value>100004601<         | ID",
            "bulk    | getObjects/kommuner                  | <dom:id><dom:value>100004601<                | ID",
            "bulk    | getObjects/kommuner                  | <kom:kommunenummer>4601<                     | ID",
            "bulk    | getObjects/enheter                   | <mat:gardsnummer>12<                         | INT",
            "bulk    | getObjects/enheter                   | <mat:bruksnummer>7<                          | INT",
            "bulk    | getObjects/enheter                   | <mat:festenummer>0<                          | INT",
            "bulk    | getObjects/enheter                   | <mat:seksjonsnummer>3<                       | INT",
            "bulk    | getObjects/enheter                   | <util:teller>1<                              | ID",
            "bulk    | getObjects/enheter                   | <util:nevner>2<                              | ID",
            "bulk    | getObjects/enheter                   | <mat:eierId><dom:value>500<                  | ID",
            "bulk    | getObjects/personer                  | <dom:id><dom:value>500<                      | ID",
            "adresse | findAdresseIdForIdent                | <dom:value>300<                              | ID",
            "adresse | findMatrikkelenheterForAdresse       | <dom:value>400<                              | ID",
            "adresse | getObjects/enheter                   | <mat:gardsnummer>12<                         | INT",
            "eier    | findPersonIdForIdent                 | <dom:value>500<                              | ID",
            "eier    | findEideMatrikkelenheterForPerson    | <dom:value>400<                              | ID",
            "eier    | getObjects/personer                  | <dom:id><dom:value>500<                      | ID",
    })
    void should_make_a_value_that_cannot_be_read_a_bad_response_that_does_not_quote_it(String oppslag, String operasjon, String skrevet, String ugyldig) {
        String verdi = ugyldig.equals("ID") ? UGYLDIG_ID : FOR_STORT;
        String garblet = skrevet.replaceFirst(">[^>]*<$", ">" + verdi + "<");
        assertThat(svar.get(operasjon)).contains(skrevet);
        svar.put(operasjon, svar.get(operasjon).replaceFirst(java.util.regex.Pattern.quote(skrevet), garblet));

        assertThatThrownBy(() -> OPPSLAG.get(oppslag).apply(client))
                .isInstanceOf(MatrikkelClient.UlesbarVerdi.class)
                .satisfies(e -> {
                    assertThat(((RegisterException) e).kind()).isEqualTo(RegisterException.Kind.BAD_RESPONSE);
                    assertThat(e.getMessage()).contains(operasjon.replaceFirst("/.*", "")).doesNotContain(verdi).doesNotContain("1019");
                    assertThat(e.getCause()).isNull();
                });
    }
}
