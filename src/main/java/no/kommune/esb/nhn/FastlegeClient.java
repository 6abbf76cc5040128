package no.kommune.esb.nhn;

import no.kommune.esb.model.Fastlege;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.platform.Norsktid;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.Xml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import java.time.LocalDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Client for NHN Fastlegeregisteret ({@code IFlrReadOperations}): a patient's GP by {@code GetPatientGPDetails}
 * and many patients' GPs by {@code GetPatientsGPDetails}. A patient "not associated with a GP contract" is an
 * empty answer; an invalid nin is a REJECTED failure when asked alone, and left out of a bulk answer.
 */
public class FastlegeClient {

    static final String NS = "http://schemas.nhn.no/reg/flr";
    static final String CORPORATE = "http://register.nhn.no/Corporate";
    static final String ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";
    private static final String ACTION = NS + "/IFlrReadOperations/";

    private static final Logger log = LoggerFactory.getLogger(FastlegeClient.class);

    private final NhnSoap soap;

    /** @param endpoint the WSHttpBinding endpoint, e.g. {@code https://ws-web.test.nhn.no/v2/flr} */
    public FastlegeClient(no.kommune.esb.register.RegisterHttp http, String endpoint, String username, String password) {
        this.soap = new NhnSoap(http, endpoint, username, password);
    }

    /** The patient's current GP, or empty when the patient has none. */
    public Optional<Fastlege> fastlege(Identitetsnummer pasient) {
        try {
            return spoer(pasient);
        } catch (NhnSoap.FaultException e) {
            return handle("GetPatientGPDetails", e.fault());
        }
    }

    /** {@code GetPatientGPDetails}; a fault is left to the caller. */
    private Optional<Fastlege> spoer(Identitetsnummer pasient) {
        Element resp = svar(soap.call(ACTION + "GetPatientGPDetails",
                "<GetPatientGPDetails xmlns=\"" + NS + "\"><patientNin>" + pasient.value() + "</patientNin></GetPatientGPDetails>"), "GetPatientGPDetails");
        return Xml.child(resp, NS, "GetPatientGPDetailsResult").flatMap(a -> lesbar("GetPatientGPDetails", a));
    }

    /**
     * The GPs of several patients in one call; patients without a GP are absent from the map. A "not associated with
     * a GP contract" or "patientNin er ugyldig" fault to the whole call names no patient, so it is not read as "none of
     * them has a GP" nor as a refusal of them all: each patient is then asked alone ({@code GetPatientGPDetails}), where
     * the fault means the one patient. A patient the register rejects as invalid alone (its number check may refuse a
     * number Folkeregisteret gave) is left out with a warning that names no number, so one number does not fail the
     * others' call; until session 31 the whole call failed REJECTED, and the fan-out took its batch again for ever.
     */
    public Map<Identitetsnummer, Fastlege> fastleger(Collection<Identitetsnummer> pasienter) {
        StringBuilder sb = new StringBuilder("<GetPatientsGPDetails xmlns=\"" + NS + "\"><patientNins xmlns:b=\"" + ARRAYS + "\">");
        pasienter.forEach(p -> sb.append("<b:string>").append(p.value()).append("</b:string>"));
        sb.append("</patientNins></GetPatientsGPDetails>");
        Map<Identitetsnummer, Fastlege> out = new LinkedHashMap<>();
        try {
            Element resp = svar(soap.call(ACTION + "GetPatientsGPDetails", sb.toString()), "GetPatientsGPDetails");
            List<Element> items = Xml.child(resp, NS, "GetPatientsGPDetailsResult").map(r -> Xml.children(r, NS, "PatientToGPContractAssociation")).orElse(List.of());
            for (Element item : items) {
                Optional<String> nin = Xml.text(item, "PatientNIN");
                Optional<Fastlege> gp = lesbar("GetPatientsGPDetails", item);
                if (nin.isPresent() && gp.isPresent() && Identitetsnummer.isValid(nin.get())) {
                    out.put(Identitetsnummer.of(nin.get()), gp.get());
                }
            }
            return out;
        } catch (NhnSoap.FaultException e) {
            if (!ikkeTilknyttet(e.fault()) && !ugyldigPasient(e.fault())) {
                handle("GetPatientsGPDetails", e.fault());
            }
            int avvist = 0;
            for (Identitetsnummer p : pasienter) {
                try {
                    spoer(p).ifPresent(gp -> out.put(p, gp));
                } catch (NhnSoap.FaultException alene) {
                    if (!ugyldigPasient(alene.fault())) {
                        handle("GetPatientGPDetails", alene.fault()).ifPresent(gp -> out.put(p, gp));
                    } else {
                        avvist++;
                    }
                }
            }
            if (avvist > 0) {
                log.warn("Fastlegeregisteret rejected {} of {} patient number(s) as invalid (patientNin er ugyldig): given no GP", avvist, pasienter.size());
            }
            return out;
        }
    }

    private static boolean ikkeTilknyttet(NhnSoap.Fault f) {
        return f.message().toLowerCase().contains("ikke tilknyttet fastlegekontrakt");
    }

    private static boolean ugyldig(NhnSoap.Fault f) {
        return f.message().toLowerCase().contains("ugyldig");
    }

    /** The register's refusal of the patient's number ("patientNin er ugyldig"), not of the request as such. */
    private static boolean ugyldigPasient(NhnSoap.Fault f) {
        String m = f.message().toLowerCase();
        return m.contains("patientnin") && m.contains("ugyldig");
    }

    /**
     * The body's element when it is the operation's response; any other document (another operation's answer, an
     * unrelated element) is BAD_RESPONSE, never read as "no GP".
     */
    private Element svar(Element resp, String op) {
        if (!NS.equals(resp.getNamespaceURI()) || !(op + "Response").equals(resp.getLocalName())) {
            throw new RegisterException(soap.http().service(), RegisterException.Kind.BAD_RESPONSE, 200, op + " answered with another document ("
                    + resp.getLocalName() + ")");
        }
        return resp;
    }

    /** {@link #fastlege(Element)}, a value the contract types as a number or a date but unreadable being BAD_RESPONSE. */
    private Optional<Fastlege> lesbar(String op, Element assoc) {
        try {
            return fastlege(assoc);
        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            // the value is not echoed: the answer is the register's, and a field may hold a number about a person
            throw new RegisterException(soap.http().service(), RegisterException.Kind.BAD_RESPONSE, 200, op + " answered an unreadable "
                    + (e instanceof NumberFormatException ? "number" : "date"));
        }
    }

    private Optional<Fastlege> handle(String op, NhnSoap.Fault f) {
        if (ikkeTilknyttet(f)) {
            return Optional.empty();
        }
        if (ugyldig(f)) {
            throw new RegisterException(soap.http().service(), RegisterException.Kind.REJECTED, f.httpStatus(), op + ": patientNin rejected as invalid");
        }
        throw soap.unexpected(op, f);
    }

    /**
     * Maps one {@code PatientToGPContractAssociation}: the patient is on a GP's list. Empty only for a nil association
     * (the whole result {@code xsi:nil}). The contract makes {@code GPHerId} optional and nillable: a nil or absent HER-id
     * is a list whose HER-id the register does not give, never "no GP" (that is the fault "Personen er ikke tilknyttet
     * fastlegekontrakt"), so the GP is given with what the answer says (doctor, office) and no HER-id. Until session 32 a
     * nil HER-id read as "no GP", and the care system was told the patient had none.
     */
    static Optional<Fastlege> fastlege(Element assoc) {
        if (Xml.nil(assoc)) {
            return Optional.empty();
        }
        Integer herId = Xml.text(assoc, "GPHerId").map(Integer::parseInt).orElse(null);
        Optional<Element> contract = Xml.child(assoc, NS, "GPContract");
        String kontor = contract.flatMap(c -> Xml.text(c, "GPOffice", "Name")).or(() -> contract.flatMap(c -> Xml.text(c, "Name"))).orElse(null);
        String orgnr = contract.flatMap(c -> Xml.text(c, "GPOfficeOrganizationNumber")).or(() -> contract.flatMap(c -> Xml.text(c, "GPOffice", "OrganizationNumber")))
                .filter(s -> !s.equals("0")).orElse(null);
        Long avtale = Xml.text(assoc, "GPContractId").map(Long::parseLong).orElse(null);
        Element cycles = Xml.child(assoc, NS, "DoctorCycles").or(() -> contract.flatMap(c -> Xml.child(c, NS, "DoctorCycles"))).orElse(null);
        String navn = cycles == null ? null : currentDoctor(cycles).map(FastlegeClient::navn).orElse(null);
        return Optional.of(new Fastlege(herId, navn, kontor, orgnr, avtale));
    }

    /**
     * The doctor whose cycle on the list covers now ({@code Valid}: from absent or not after now, to absent or after
     * now); none when no cycle does: a vacant list (the doctor left, nobody took over yet) names no doctor. Until session
     * 31 the first cycle not yet ended was taken, a successor's from a future date included, and with none the first
     * cycle of the list, so a vacant list named the doctor who had left. Now is Norway's: the register's times are local
     * (a zone, when given, is left out), and the JVM's zone may be UTC (before session 35 it was taken).
     */
    private static Optional<Element> currentDoctor(Element cycles) {
        LocalDateTime now = LocalDateTime.now(Norsktid.SONE);
        return Xml.children(cycles, NS, "GPOnContractAssociation").stream()
                .filter(c -> Xml.text(c, "Valid", "From").map(t -> !tidspunkt(t).isAfter(now)).orElse(true)
                        && Xml.text(c, "Valid", "To").map(t -> tidspunkt(t).isAfter(now)).orElse(true))
                .findFirst().flatMap(c -> Xml.child(c, NS, "GP"));
    }

    /** An {@code xs:dateTime} of the register read to the second, its zone (when given) left out. */
    private static LocalDateTime tidspunkt(String t) {
        return LocalDateTime.parse(t.length() > 19 ? t.substring(0, 19) : t);
    }

    private static String navn(Element gp) {
        String s = (Xml.text(gp, "FirstName").orElse("") + " " + Xml.text(gp, "MiddleName").orElse("") + " " + Xml.text(gp, "LastName").orElse(""))
                .trim().replaceAll("\\s+", " ");
        return s.isEmpty() ? null : s;
    }
}
