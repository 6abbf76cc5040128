package no.kommune.esb.nhn;

import no.kommune.esb.model.Kommunikasjonspart;
import no.kommune.esb.register.RegisterHttp;
import no.kommune.esb.register.Xml;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Client for NHN Adresseregisteret ({@code ICommunicationPartyService.GetCommunicationPartyDetails}): a
 * communication party by HER-id. An unknown HER-id ({@code InvalidHerIdSupplied}) is an empty answer.
 */
public class AdresseregisterClient {

    static final String NS = "http://register.nhn.no/CommunicationParty";
    private static final String ACTION = NS + "/ICommunicationPartyService/GetCommunicationPartyDetails";

    private final NhnSoap soap;

    /** @param endpoint the WSHttpBinding endpoint, e.g. {@code https://ws-web.test.nhn.no/v1/AR} */
    public AdresseregisterClient(RegisterHttp http, String endpoint, String username, String password) {
        this.soap = new NhnSoap(http, endpoint, username, password);
    }

    public Optional<Kommunikasjonspart> kommunikasjonspart(int herId) {
        try {
            Element resp = soap.call(ACTION, "<GetCommunicationPartyDetails xmlns=\"" + NS + "\"><herId>" + herId + "</herId></GetCommunicationPartyDetails>");
            return Xml.child(resp, NS, "GetCommunicationPartyDetailsResult")
                    .filter(r -> !"true".equals(r.getAttributeNS(Xml.XSI, "nil"))).map(AdresseregisterClient::kommunikasjonspart);
        } catch (NhnSoap.FaultException e) {
            if ("InvalidHerIdSupplied".equals(e.fault().errorCode())) {
                return Optional.empty();
            }
            throw soap.unexpected("GetCommunicationPartyDetails", e.fault());
        }
    }

    static Kommunikasjonspart kommunikasjonspart(Element r) {
        String type = Xml.text(r, "Type").orElseGet(() -> Xml.xsiType(r).orElse(""));
        Kommunikasjonspart.Type t = switch (type) {
            case "Organization" -> Kommunikasjonspart.Type.ORGANISASJON;
            case "Person", "OrganizationPerson" -> Kommunikasjonspart.Type.PERSON;
            case "Service" -> Kommunikasjonspart.Type.TJENESTE;
            default -> Kommunikasjonspart.Type.ANNEN;
        };
        Integer parent = Xml.text(r, "ParentHerId").map(Integer::parseInt).filter(p -> p > 0).orElse(null);
        List<Kommunikasjonspart.Postadresse> adresser = new ArrayList<>();
        Xml.child(r, NS, "PhysicalAddresses").ifPresent(list -> Xml.children(list, NhnSoap.COMMON, "PhysicalAddress").forEach(a ->
                adresser.add(new Kommunikasjonspart.Postadresse(Xml.text(a, "TypeCodeValue").orElse(null), Xml.text(a, "StreetAddress").orElse(null),
                        // the register serialises postal codes as numbers: 0161 arrives as 161
                        Xml.text(a, "PostalCode").map(p -> p.matches("\\d{1,3}") ? "0".repeat(4 - p.length()) + p : p).orElse(null),
                        Xml.text(a, "City").orElse(null)))));
        return new Kommunikasjonspart(Integer.parseInt(Xml.text(r, "HerId").orElse("0")), Xml.text(r, "Name").orElse(null),
                Xml.text(r, "DisplayName").orElse(null), t, parent, parent == null ? null : Xml.text(r, "ParentName").orElse(null),
                Xml.text(r, "OrganizationNumber").filter(o -> !o.equals("-1")).orElse(null),
                Xml.text(r, "Municipality", "CodeValue").orElse(null), Xml.text(r, "Active").map(Boolean::parseBoolean).orElse(true), adresser);
    }
}
