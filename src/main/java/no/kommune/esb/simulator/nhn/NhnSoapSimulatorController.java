package no.kommune.esb.simulator.nhn;

import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.register.Xml;
import no.kommune.esb.simulator.auth.SimulatorAuthException;
import no.kommune.esb.simulator.fault.FaultInjector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Fastlegeregisteret ({@code GetPatientGPDetails}, {@code GetPatientsGPDetails}) and Adresseregisteret
 * ({@code GetCommunicationPartyDetails}) on their WSHttpBinding paths, SOAP 1.2 with WS-Addressing, HTTP Basic.
 * Faults copy the example answers: "Personen er ikke tilknyttet fastlegekontrakt", "patientNin er ugyldig",
 * {@code InvalidHerIdSupplied}.
 */
@RestController
public class NhnSoapSimulatorController {

    static final String FLR = "http://schemas.nhn.no/reg/flr";
    static final String CP = "http://register.nhn.no/CommunicationParty";
    static final String COMMON = "http://register.nhn.no/Common";
    static final String CORPORATE = "http://register.nhn.no/Corporate";
    static final String WSA = "http://www.w3.org/2005/08/addressing";
    static final MediaType SOAP12 = MediaType.parseMediaType("application/soap+xml;charset=utf-8");

    private final FaultInjector faults;
    private final String expectedAuthorization;
    private final Map<String, NhnData.Pasient> pasienter = new HashMap<>();
    private final Map<Integer, NhnData.Part> parter = new HashMap<>();

    public NhnSoapSimulatorController(NhnData data, FaultInjector faults,
                                      @Value("${simulator.nhn.username:nhn-sim}") String username,
                                      @Value("${simulator.nhn.password:nhn-sim}") String password) {
        this.faults = faults;
        this.expectedAuthorization = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        data.pasienter().forEach(p -> pasienter.put(p.nin(), p));
        data.kommunikasjonsparter().forEach(p -> parter.put(p.herId(), p));
    }

    @PostMapping(value = "/sim/nhn/flr/v2/flr")
    public ResponseEntity<String> flr(@RequestHeader(value = "Authorization", required = false) String authorization, @RequestBody String body) {
        Element op = operation(authorization, body);
        faults.before("nhn-flr", op.getLocalName());
        String result = switch (op.getLocalName()) {
            case "GetPatientGPDetails" -> {
                String nin = Xml.text(op, "patientNin").orElse("");
                yield "<GetPatientGPDetailsResponse xmlns=\"" + FLR + "\">" + association("GetPatientGPDetailsResult", nin, true) + "</GetPatientGPDetailsResponse>";
            }
            case "GetPatientsGPDetails" -> {
                StringBuilder sb = new StringBuilder("<GetPatientsGPDetailsResponse xmlns=\"" + FLR + "\"><GetPatientsGPDetailsResult>");
                Xml.child(op, null, "patientNins").ifPresent(list -> Xml.children(list, null, "string").forEach(s -> {
                    String nin = s.getTextContent().trim();
                    if (Identitetsnummer.isValid(nin) && pasienter.containsKey(nin) && pasienter.get(nin).fastlegeHerId() != null) {
                        sb.append(association("PatientToGPContractAssociation", nin, false));
                    }
                }));
                yield sb.append("</GetPatientsGPDetailsResult></GetPatientsGPDetailsResponse>").toString();
            }
            default -> throw new NhnSoapFault("Feil", "ActionNotSupported: " + op.getLocalName());
        };
        return answer(FLR + "/IFlrReadOperations/" + op.getLocalName() + "Response", result);
    }

    @PostMapping(value = "/sim/nhn/ar/v1/AR")
    public ResponseEntity<String> ar(@RequestHeader(value = "Authorization", required = false) String authorization, @RequestBody String body) {
        Element op = operation(authorization, body);
        faults.before("nhn-ar", op.getLocalName());
        if (!"GetCommunicationPartyDetails".equals(op.getLocalName())) {
            throw new NhnSoapFault("Feil", "ActionNotSupported: " + op.getLocalName());
        }
        int herId = Xml.text(op, "herId").map(Integer::parseInt).orElse(0);
        NhnData.Part p = parter.get(herId);
        if (p == null) {
            throw new NhnSoapFault("InvalidHerIdSupplied", "Kommunikasjonspart med oppgitt HER-id eksisterer ikke.");
        }
        return answer(CP + "/ICommunicationPartyService/GetCommunicationPartyDetailsResponse",
                "<GetCommunicationPartyDetailsResponse xmlns=\"" + CP + "\">" + party(p) + "</GetCommunicationPartyDetailsResponse>");
    }

    private Element operation(String authorization, String body) {
        if (!expectedAuthorization.equals(authorization)) {
            throw new SimulatorAuthException(401, "basic authentication required");
        }
        Document doc;
        try {
            doc = Xml.parse(body);
        } catch (IllegalArgumentException e) {
            throw new NhnSoapFault("Feil", "Ugyldig SOAP-melding");
        }
        if (!Xml.SOAP12.equals(doc.getDocumentElement().getNamespaceURI())) {
            throw new NhnSoapFault("Feil", "Endepunktet krever SOAP 1.2");
        }
        return Xml.bodyContent(doc).orElseThrow(() -> new NhnSoapFault("Feil", "Mangler SOAP Body"));
    }

    private String association(String element, String nin, boolean single) {
        if (!Identitetsnummer.isValid(nin)) {
            throw new NhnSoapFault("Feil", "ArgumentException: patientNin er ugyldig");
        }
        NhnData.Pasient pasient = pasienter.get(nin);
        if (pasient == null || pasient.fastlegeHerId() == null || !parter.containsKey(pasient.fastlegeHerId())) {
            throw new NhnSoapFault("Feil", "ArgumentException: Personen er ikke tilknyttet fastlegekontrakt");
        }
        NhnData.Part gp = parter.get(pasient.fastlegeHerId());
        NhnData.Part kontor = gp.parentHerId() == null ? null : parter.get(gp.parentHerId());
        long contractId = gp.herId() * 10L;
        String[] navn = gp.navn().split(" ", 2);
        StringBuilder sb = new StringBuilder("<" + element + " xmlns:i=\"" + Xml.XSI + "\">");
        sb.append("<DoctorCycles><GPOnContractAssociation><GP><FirstName>").append(Xml.esc(navn[0])).append("</FirstName><LastName>")
                .append(Xml.esc(navn.length > 1 ? navn[1] : "")).append("</LastName></GP><GPContractId>").append(contractId)
                .append("</GPContractId>").append(gp.hprNummer() == null ? "" : "<HprNumber>" + gp.hprNummer() + "</HprNumber>")
                .append("<Id>").append(contractId + 1).append("</Id></GPOnContractAssociation></DoctorCycles>");
        sb.append("<GPContract>");
        if (kontor != null) {
            sb.append("<GPOffice><Name xmlns=\"").append(CORPORATE).append("\">").append(Xml.esc(kontor.navn())).append("</Name>")
                    .append("<OrganizationNumber xmlns=\"").append(CORPORATE).append("\">").append(kontor.organisasjonsnummer()).append("</OrganizationNumber>")
                    .append("</GPOffice><GPOfficeOrganizationNumber>").append(kontor.organisasjonsnummer()).append("</GPOfficeOrganizationNumber>");
        }
        sb.append("<Id>").append(contractId).append("</Id>");
        if (kontor != null) {
            sb.append("<Name>").append(Xml.esc(kontor.navn())).append("</Name>");
        }
        sb.append("</GPContract><GPContractId>").append(contractId).append("</GPContractId><GPHerId>").append(gp.herId()).append("</GPHerId>")
                .append("<PatientNIN>").append(nin).append("</PatientNIN></").append(element).append(">");
        return sb.toString();
    }

    private static String code(String element, String text, String value, String simpleType) {
        return "<" + element + " xmlns:b=\"" + COMMON + "\"><b:Active>true</b:Active><b:CodeText>" + Xml.esc(text) + "</b:CodeText><b:CodeValue>"
                + Xml.esc(value) + "</b:CodeValue><b:LongDescription i:nil=\"true\"/><b:OID>0</b:OID><b:SimpleType>" + simpleType + "</b:SimpleType></" + element + ">";
    }

    private String party(NhnData.Part p) {
        String xsiType = switch (p.type()) {
            case "PERSON" -> "OrganizationPerson";
            case "TJENESTE" -> "Service";
            default -> "Organization";
        };
        String typeText = switch (p.type()) {
            case "PERSON" -> "Person";
            case "TJENESTE" -> "Service";
            default -> "Organization";
        };
        NhnData.Part parent = p.parentHerId() == null ? null : parter.get(p.parentHerId());
        StringBuilder sb = new StringBuilder("<GetCommunicationPartyDetailsResult i:type=\"" + xsiType + "\" xmlns:i=\"" + Xml.XSI + "\">");
        sb.append("<Active>true</Active><CoverageAreaType i:nil=\"true\" xmlns:b=\"").append(COMMON).append("\"/>")
                .append("<DisplayName>").append(Xml.esc(p.navn())).append("</DisplayName>")
                .append("<ElectronicAddresses xmlns:b=\"").append(COMMON).append("\"/><FutureElectronicAddresses xmlns:b=\"").append(COMMON).append("\"/>")
                .append("<HerId>").append(p.herId()).append("</HerId><IsValidCommunicationParty>true</IsValidCommunicationParty>")
                .append("<LastChanged>2025-01-01T00:00:00</LastChanged>")
                .append(code("Municipality", p.kommunenavn().toUpperCase(), p.kommunenummer(), "kommunenummer"))
                .append("<Name>").append(Xml.esc(p.navn())).append("</Name>");
        if (parent == null) {
            sb.append("<ParentBusinessType i:nil=\"true\" xmlns:b=\"").append(COMMON).append("\"/><ParentHerId>-1</ParentHerId><ParentName i:nil=\"true\"/>")
                    .append("<ParentOrganizationNumber>-1</ParentOrganizationNumber>");
        } else {
            sb.append(code("ParentBusinessType", "Fastlege og annen privat virksomhet som yter helsetjenester", "103", "helsevirksomhet_type"))
                    .append("<ParentHerId>").append(parent.herId()).append("</ParentHerId><ParentName>").append(Xml.esc(parent.navn())).append("</ParentName>")
                    .append("<ParentOrganizationNumber>").append(parent.organisasjonsnummer() == null ? "-1" : parent.organisasjonsnummer()).append("</ParentOrganizationNumber>");
        }
        sb.append("<PhysicalAddresses xmlns:b=\"").append(COMMON).append("\"><b:PhysicalAddress><b:City>").append(Xml.esc(p.poststed())).append("</b:City>")
                .append("<b:Country i:nil=\"true\"/><b:Description/><b:Inherited>false</b:Inherited><b:LastChanged>2025-01-01T00:00:00</b:LastChanged>")
                // PostalCode is xs:int in the contract: leading zeros are lost, as in the real answers
                .append("<b:PostalCode>").append(Integer.parseInt(p.postnummer())).append("</b:PostalCode><b:Postbox/>")
                .append("<b:StreetAddress>").append(Xml.esc(p.gateadresse())).append("</b:StreetAddress>")
                .append(code("b:Type", "Postadresse", "PST", "adressetype").replace("<b:Type xmlns:b=\"" + COMMON + "\">", "<b:Type>"))
                .append("<b:TypeCodeValue>PST</b:TypeCodeValue></b:PhysicalAddress></PhysicalAddresses>")
                .append("<ServerTime>2025-06-03T08:00:00+02:00</ServerTime><Type>").append(typeText).append("</Type>")
                .append("<Valid xmlns:b=\"").append(COMMON).append("\"><b:From>2020-01-01T00:00:00</b:From><b:To>9999-12-31T23:59:59.999</b:To></Valid>");
        if ("Organization".equals(xsiType)) {
            sb.append(code("BusinessType", "Fastlege og annen privat virksomhet som yter helsetjenester", "103", "helsevirksomhet_type"))
                    .append("<OrganizationNumber>").append(p.organisasjonsnummer()).append("</OrganizationNumber>");
        }
        return sb.append("</GetCommunicationPartyDetailsResult>").toString();
    }

    private static ResponseEntity<String> answer(String action, String body) {
        return ResponseEntity.ok().contentType(SOAP12).body(envelope(action, body));
    }

    static String envelope(String action, String body) {
        return "<s:Envelope xmlns:s=\"" + Xml.SOAP12 + "\" xmlns:a=\"" + WSA + "\"><s:Header><a:Action s:mustUnderstand=\"1\">" + Xml.esc(action)
                + "</a:Action></s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    static String faultEnvelope(String errorCode, String message) {
        return "<s:Envelope xmlns:s=\"" + Xml.SOAP12 + "\" xmlns:a=\"" + WSA + "\"><s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value></s:Code>"
                + "<s:Reason><s:Text xml:lang=\"nb-NO\">" + Xml.esc(message) + " (reason)</s:Text></s:Reason><s:Detail>"
                + "<GenericFault xmlns=\"" + COMMON + "\"><ErrorCode>" + Xml.esc(errorCode) + "</ErrorCode><Message>" + Xml.esc(message)
                + "</Message></GenericFault></s:Detail></s:Fault></s:Body></s:Envelope>";
    }
}
