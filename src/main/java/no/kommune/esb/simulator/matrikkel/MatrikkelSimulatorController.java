package no.kommune.esb.simulator.matrikkel;

import no.kommune.esb.matrikkel.MatrikkelNs;
import no.kommune.esb.register.Xml;
import no.kommune.esb.simulator.auth.SimulatorAuthException;
import no.kommune.esb.simulator.fault.FaultInjector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The matrikkelAPI SOAP services (SOAP 1.1, document/literal, HTTP Basic) at the real services' paths:
 * {@code AdresseServiceWS.findAdresseIdForIdent} and {@code findAdresseIdsForIdents},
 * {@code MatrikkelenhetServiceWS.findMatrikkelenheterForAdresse}, {@code findMatrikkelenheterForAdresser} and
 * {@code findEideMatrikkelenheterForPerson}, {@code StoreServiceWS.getObject(s)} and {@code getObjectsIgnoreMissing},
 * {@code PersonServiceWS.findPersonIdForIdent}.
 * A request without a MatrikkelContext is a ValidationException; unknown ids are FinderExceptions, as in the real API.
 * A number in a request that is not one of its schema type ({@code xs:int} adressekode and nummer, {@code xs:long} ids:
 * {@link #heltall}) is a ValidationException too, exception.xsd's class for "feil ved validering der datagrunnlag ikke
 * er i henhold til spesifiserte regler"; until the follow-up of session 31 it escaped as a NumberFormatException and
 * was answered with a generic error page, which the client took for Matrikkelen being down.
 */
@RestController
@RequestMapping("/sim/matrikkel/matrikkelapi/wsapi/v1")
public class MatrikkelSimulatorController {

    static final String SERVICE = "matrikkel";

    /**
     * A KommuneId is Matrikkelen's internal id, not the kommunenummer: the documentation's examples show {@code
     * KommuneId{value=100000301}} for 0301 Oslo, and the simulator makes its ids so; the kommunenummer is the Kommune
     * object's ({@code getObjects} on the KommuneId). Until session 31 it answered the kommunenummer as the id.
     */
    static final long KOMMUNE_ID_BASE = 100_000_000L;

    static long kommuneId(String kommunenummer) {
        return KOMMUNE_ID_BASE + Integer.parseInt(kommunenummer);
    }

    private final MatrikkelData data;
    private final FaultInjector faults;
    private final String expectedAuthorization;

    public MatrikkelSimulatorController(MatrikkelData data, FaultInjector faults,
                                        @Value("${simulator.matrikkel.username:matrikkel-sim}") String username,
                                        @Value("${simulator.matrikkel.password:matrikkel-sim}") String password) {
        this.data = data;
        this.faults = faults;
        this.expectedAuthorization = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @PostMapping(value = "/{service}", produces = "text/xml;charset=UTF-8")
    public ResponseEntity<String> handle(@PathVariable String service, @RequestHeader(value = "Authorization", required = false) String authorization,
                                         @RequestBody String body) {
        if (!expectedAuthorization.equals(authorization)) {
            throw new SimulatorAuthException(401, "basic authentication required");
        }
        Element op;
        try {
            op = Xml.bodyContent(Xml.parse(body)).orElseThrow(() -> new MatrikkelSoapFault(MatrikkelSoapFault.VALIDATION,
                    "no.statkart.matrikkel.ValidationException", "Mangler SOAP Body"));
        } catch (IllegalArgumentException e) {
            throw new MatrikkelSoapFault(MatrikkelSoapFault.VALIDATION, "no.statkart.matrikkel.ValidationException", "Ugyldig XML");
        }
        String operation = op.getLocalName();
        faults.before(SERVICE, operation);
        if (Xml.child(op, null, "matrikkelContext").isEmpty()) {
            throw new MatrikkelSoapFault(MatrikkelSoapFault.VALIDATION, "no.statkart.matrikkel.ValidationException", "matrikkelContext mangler");
        }
        String result = switch (service + "." + operation) {
            case "AdresseServiceWS.findAdresseIdForIdent" -> findAdresseIdForIdent(op);
            case "AdresseServiceWS.findAdresseIdsForIdents" -> findAdresseIdsForIdents(op);
            case "MatrikkelenhetServiceWS.findMatrikkelenheterForAdresse" -> findMatrikkelenheterForAdresse(op);
            case "MatrikkelenhetServiceWS.findMatrikkelenheterForAdresser" -> findMatrikkelenheterForAdresser(op);
            case "MatrikkelenhetServiceWS.findEideMatrikkelenheterForPerson" -> findEideMatrikkelenheterForPerson(op);
            case "StoreServiceWS.getObjects" -> getObjects(op, false);
            case "StoreServiceWS.getObjectsIgnoreMissing" -> getObjects(op, true);
            case "StoreServiceWS.getObject" -> getObject(op);
            case "PersonServiceWS.findPersonIdForIdent" -> findPersonIdForIdent(op);
            default -> throw new MatrikkelSoapFault(":ServiceException:SystemException:ImplementationException:",
                    "no.statkart.matrikkel.ImplementationException", "Operasjonen finnes ikke i simulatoren: " + operation);
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/xml;charset=UTF-8"))
                .body(envelope(namespaceOf(service), operation + "Response", result));
    }

    private String findAdresseIdForIdent(Element op) {
        Element ident = Xml.child(op, null, "adresseIdent").orElseThrow(() -> validation("adresseIdent mangler"));
        MatrikkelData.Adresse a = adresse(ident).orElseThrow(() ->
                new MatrikkelSoapFault(MatrikkelSoapFault.FINDER, "no.statkart.matrikkel.FinderException", "Fant ingen adresse for identen"));
        return "<svc:return xsi:type=\"adr:VegadresseId\"><dom:value>" + a.adresseId() + "</dom:value></svc:return>";
    }

    /** The bulk form: a map entry per known ident (the ident echoed as key); unknown idents have no entry. */
    private String findAdresseIdsForIdents(Element op) {
        Element identer = Xml.child(op, null, "adresseIdents").orElseThrow(() -> validation("adresseIdents mangler"));
        StringBuilder sb = new StringBuilder("<svc:return>");
        for (Element ident : Xml.children(identer, null, "item")) {
            adresse(ident).ifPresent(a -> sb.append("<adr:entry><adr:key xsi:type=\"adr:VegadresseIdent\">")
                    .append("<adr:kommuneIdent><kom:kommunenummer>").append(Xml.esc(a.kommunenummer())).append("</kom:kommunenummer></adr:kommuneIdent>")
                    .append("<adr:adressekode>").append(a.adressekode()).append("</adr:adressekode>")
                    .append("<adr:nummer>").append(a.nummer()).append("</adr:nummer>")
                    .append(a.bokstav() == null ? "" : "<adr:bokstav>" + Xml.esc(a.bokstav()) + "</adr:bokstav>")
                    .append("</adr:key><adr:value xsi:type=\"adr:VegadresseId\"><dom:value>").append(a.adresseId())
                    .append("</dom:value></adr:value></adr:entry>"));
        }
        return sb.append("</svc:return>").toString();
    }

    private Optional<MatrikkelData.Adresse> adresse(Element ident) {
        if (!"VegadresseIdent".equals(Xml.xsiType(ident).orElse(""))) {
            throw validation("Simulatoren støtter bare VegadresseIdent");
        }
        String kommune = Xml.text(ident, "kommuneIdent", "kommunenummer").orElseThrow(() -> validation("kommunenummer mangler"));
        int kode = (int) heltall(Xml.text(ident, "adressekode").orElseThrow(() -> validation("adressekode mangler")), "adressekode", Integer.MIN_VALUE, Integer.MAX_VALUE);
        int nummer = (int) heltall(Xml.text(ident, "nummer").orElseThrow(() -> validation("nummer mangler")), "nummer", Integer.MIN_VALUE, Integer.MAX_VALUE);
        String bokstav = Xml.text(ident, "bokstav").orElse(null);
        return data.adresse(kommune, kode, nummer, bokstav);
    }

    private String findMatrikkelenheterForAdresse(Element op) {
        long id = idValue(op, "adresseId");
        MatrikkelData.Adresse a = data.adresse(id).orElseThrow(() -> notFound("Adresse", id));
        return idList("mat:MatrikkelenhetId", a.matrikkelenhetIds());
    }

    /** The bulk form: one map entry per address id, its value the unit ids; an unknown id is a FinderException. */
    private String findMatrikkelenheterForAdresser(Element op) {
        Element ider = Xml.child(op, null, "adresseIds").orElseThrow(() -> validation("adresseIds mangler"));
        StringBuilder sb = new StringBuilder("<svc:return>");
        for (Element item : Xml.children(ider, null, "item")) {
            long id = id(Xml.text(item, "value").orElseThrow(() -> validation("adresseId uten value")), "adresseId");
            MatrikkelData.Adresse a = data.adresse(id).orElseThrow(() -> notFound("Adresse", id));
            sb.append("<mat:entry><mat:key><dom:value>").append(id).append("</dom:value></mat:key><mat:value>");
            for (Long enhet : a.matrikkelenhetIds()) {
                sb.append("<mat:item xsi:type=\"mat:MatrikkelenhetId\"><dom:value>").append(enhet).append("</dom:value></mat:item>");
            }
            sb.append("</mat:value></mat:entry>");
        }
        return sb.append("</svc:return>").toString();
    }

    private String findEideMatrikkelenheterForPerson(Element op) {
        long personId = idValue(op, "personId");
        if (data.eier(personId).isEmpty()) {
            throw notFound("Person", personId);
        }
        return idList("mat:MatrikkelenhetId", data.eideEnheter(personId));
    }

    private String findPersonIdForIdent(Element op) {
        Element ident = Xml.child(op, null, "personIdent").orElseThrow(() -> validation("personIdent mangler"));
        String nummer = Xml.text(ident, "fodselsnummer").or(() -> Xml.text(ident, "organisasjonsnummer"))
                .or(() -> Xml.text(ident, "nummer")).orElseThrow(() -> validation("personIdent uten nummer"));
        MatrikkelData.Eier e = data.eierMedNummer(nummer).orElse(null);
        if (e == null) {
            throw new MatrikkelSoapFault(MatrikkelSoapFault.FINDER, "no.statkart.matrikkel.FinderException", "Fant ingen person for identen");
        }
        return "<svc:return xsi:type=\"" + (e.organisasjon() ? "per:JuridiskPersonId" : "per:FysiskPersonId") + "\"><dom:value>" + e.id() + "</dom:value></svc:return>";
    }

    /** {@code getObjects}: an unknown id is a FinderException for the whole call; {@code ignoreMissing}: it is left out. */
    private String getObjects(Element op, boolean ignoreMissing) {
        Element ids = Xml.child(op, null, "ids").orElseThrow(() -> validation("ids mangler"));
        StringBuilder sb = new StringBuilder("<svc:return>");
        for (Element item : Xml.children(ids, null, "item")) {
            try {
                sb.append(bubble("dom:item", item));
            } catch (MatrikkelSoapFault f) {
                if (!ignoreMissing || !MatrikkelSoapFault.FINDER.equals(f.category())) {
                    throw f;
                }
            }
        }
        return sb.append("</svc:return>").toString();
    }

    private String getObject(Element op) {
        Element id = Xml.child(op, null, "id").orElseThrow(() -> validation("id mangler"));
        return bubble("svc:return", id);
    }

    private String bubble(String element, Element idElement) {
        String type = Xml.xsiType(idElement).orElseThrow(() -> validation("id uten xsi:type"));
        long id = id(Xml.text(idElement, "value").orElseThrow(() -> validation("id uten value")), "id");
        if (type.endsWith("PersonId")) {
            MatrikkelData.Eier e = data.eier(id).orElseThrow(() -> notFound("Person", id));
            return person(element, e);
        }
        if (type.equals("KommuneId")) {
            if (id <= KOMMUNE_ID_BASE || id > KOMMUNE_ID_BASE + 9999) {
                throw notFound("Kommune", id);
            }
            return "<" + element + " xsi:type=\"kom:Kommune\">" + history(id)
                    + "<kom:kommunenummer>" + String.format("%04d", id - KOMMUNE_ID_BASE) + "</kom:kommunenummer></" + element + ">";
        }
        if (type.equals("MatrikkelenhetId") || type.equals("GrunneiendomId") || type.equals("SeksjonId")) {
            MatrikkelData.Enhet e = data.enhet(id).orElseThrow(() -> notFound("Matrikkelenhet", id));
            return matrikkelenhet(element, e);
        }
        throw new MatrikkelSoapFault(MatrikkelSoapFault.VALIDATION, "no.statkart.matrikkel.ValidationException", "Simulatoren støtter ikke " + type);
    }

    private static String history(long id) {
        return "<dom:id><dom:value>" + id + "</dom:value></dom:id>"
                + "<dom:oppdateringsdato><dom:timestamp>2024-03-01T12:00:00+01:00</dom:timestamp></dom:oppdateringsdato>"
                + "<dom:versjonId>1</dom:versjonId><dom:oppdatertAv>simulator</dom:oppdatertAv><dom:versjon>1</dom:versjon>";
    }

    private String matrikkelenhet(String element, MatrikkelData.Enhet e) {
        StringBuilder sb = new StringBuilder("<" + element + " xsi:type=\"mat:" + e.type() + "\">").append(history(e.id()));
        sb.append("<mat:matrikkelnummer><mat:kommuneId><dom:value>").append(kommuneId(e.kommunenummer())).append("</dom:value></mat:kommuneId>")
                .append("<mat:gardsnummer>").append(e.gardsnummer()).append("</mat:gardsnummer>")
                .append("<mat:bruksnummer>").append(e.bruksnummer()).append("</mat:bruksnummer>")
                .append("<mat:festenummer>").append(e.festenummer()).append("</mat:festenummer>")
                .append("<mat:seksjonsnummer>").append(e.seksjonsnummer()).append("</mat:seksjonsnummer></mat:matrikkelnummer>");
        sb.append("<mat:tinglyst>true</mat:tinglyst><mat:eierforhold>");
        long efId = e.id() * 10;
        for (MatrikkelData.Andel a : e.eiere()) {
            MatrikkelData.Eier eier = data.eier(a.eierId()).orElse(null);
            String efType = eier != null && eier.organisasjon() ? "mat:JuridiskPersonTinglystEierforhold" : "mat:PersonTinglystEierforhold";
            sb.append("<mat:item xsi:type=\"").append(efType).append("\">")
                    .append("<dom:oppdateringsdato><dom:timestamp>2024-03-01T12:00:00+01:00</dom:timestamp></dom:oppdateringsdato>")
                    .append("<dom:versjonId>1</dom:versjonId><dom:oppdatertAv>simulator</dom:oppdatertAv>")
                    .append("<mat:id>").append(efId++).append("</mat:id>")
                    .append("<mat:andel><util:teller>").append(a.teller()).append("</util:teller><util:nevner>").append(a.nevner()).append("</util:nevner></mat:andel>")
                    .append("<mat:eierId><dom:value>").append(a.eierId()).append("</dom:value></mat:eierId></mat:item>");
        }
        sb.append("</mat:eierforhold>");
        sb.append("<mat:erSeksjonert>").append("Seksjon".equals(e.type())).append("</mat:erSeksjonert>");
        sb.append("<mat:utgatt>false</mat:utgatt>");
        return sb.append("</").append(element).append(">").toString();
    }

    private String person(String element, MatrikkelData.Eier e) {
        StringBuilder sb = new StringBuilder("<" + element + " xsi:type=\"per:" + (e.organisasjon() ? "JuridiskPerson" : "FysiskPerson") + "\">")
                .append(history(e.id()))
                .append("<per:nummer>").append(Xml.esc(e.nummer())).append("</per:nummer>")
                .append("<per:navn>").append(Xml.esc(e.navn())).append("</per:navn>");
        if (!e.organisasjon()) {
            sb.append("<per:etternavn>").append(Xml.esc(e.etternavn())).append("</per:etternavn>")
                    .append("<per:fornavn>").append(Xml.esc(e.fornavn())).append("</per:fornavn>");
        }
        return sb.append("</").append(element).append(">").toString();
    }

    private static String idList(String type, List<Long> ids) {
        StringBuilder sb = new StringBuilder("<svc:return>");
        for (Long id : ids) {
            sb.append("<mat:item xsi:type=\"").append(type).append("\"><dom:value>").append(id).append("</dom:value></mat:item>");
        }
        return sb.append("</svc:return>").toString();
    }

    private static long idValue(Element op, String name) {
        return Xml.text(op, name, "value").map(v -> id(v, name)).orElseThrow(() -> validation(name + " mangler"));
    }

    private static long id(String verdi, String felt) {
        return heltall(verdi, felt, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * A request's whole number as its XML Schema type reads it ({@code xs:int}, {@code xs:long}: an optional sign and
     * digits, surrounding blanks collapsed, within the type's range); anything else is a ValidationException naming the
     * field, not the value (an ident may hold an identity number).
     */
    static long heltall(String verdi, String felt, long min, long max) {
        String v = verdi.strip();
        if (v.matches("[+-]?\\d{1,19}")) {
            try {
                long tall = Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
                if (tall >= min && tall <= max) {
                    return tall;
                }
            } catch (NumberFormatException e) {
                // 19 digits past Long.MAX_VALUE: out of range, as below
            }
        }
        throw validation(felt + " er ikke et gyldig heltall for typen");
    }

    private static MatrikkelSoapFault validation(String message) {
        return new MatrikkelSoapFault(MatrikkelSoapFault.VALIDATION, "no.statkart.matrikkel.ValidationException", message);
    }

    private static MatrikkelSoapFault notFound(String what, long id) {
        return new MatrikkelSoapFault(MatrikkelSoapFault.FINDER, "no.statkart.matrikkel.ObjectNotFoundException", what + " med id " + id + " finnes ikke");
    }

    static String namespaceOf(String service) {
        return switch (service) {
            case "AdresseServiceWS" -> MatrikkelNs.SERVICE_ADRESSE;
            case "MatrikkelenhetServiceWS" -> MatrikkelNs.SERVICE_MATRIKKELENHET;
            case "StoreServiceWS" -> MatrikkelNs.SERVICE_STORE;
            case "PersonServiceWS" -> MatrikkelNs.SERVICE_PERSON;
            default -> throw new MatrikkelSoapFault(":ServiceException:SystemException:ImplementationException:",
                    "no.statkart.matrikkel.ImplementationException", "Ukjent tjeneste");
        };
    }

    static String envelope(String serviceNs, String element, String content) {
        return "<soapenv:Envelope xmlns:soapenv=\"" + Xml.SOAP11 + "\"" + MatrikkelNs.DECLARATIONS + " xmlns:svc=\"" + serviceNs + "\">"
                + "<soapenv:Body><svc:" + element + ">" + content + "</svc:" + element + "></soapenv:Body></soapenv:Envelope>";
    }

    /**
     * A ServiceException as the real service answers it: faultcode {@code Server} for every category, as the
     * documentation's example faults show it for a FinderException too ("Feilhåndtering", Matrikkelapi.txt: a declared
     * service fault of the JAX-WS stack); the category tells the kind. Until the follow-up of session 31 an
     * ApplicationException was answered {@code Client}.
     */
    static String faultEnvelope(MatrikkelSoapFault f) {
        return "<soapenv:Envelope xmlns:soapenv=\"" + Xml.SOAP11 + "\"><soapenv:Body><soapenv:Fault>"
                + "<faultcode>soapenv:Server</faultcode>"
                + "<faultstring>" + Xml.esc(f.getMessage()) + "</faultstring><detail>"
                + "<ns2:ServiceException xmlns:ns2=\"" + MatrikkelNs.EXCEPTION + "\" xmlns:xsi=\"" + Xml.XSI + "\">"
                + "<ns2:category>" + Xml.esc(f.category()) + "</ns2:category><ns2:stackTraceText></ns2:stackTraceText>"
                + "<ns2:exceptionDetail><ns2:className>" + Xml.esc(f.className()) + "</ns2:className><ns2:message>" + Xml.esc(f.getMessage())
                + "</ns2:message><ns2:cause xsi:nil=\"true\"/><ns2:stackTraceElements/></ns2:exceptionDetail>"
                + "</ns2:ServiceException></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>";
    }
}
