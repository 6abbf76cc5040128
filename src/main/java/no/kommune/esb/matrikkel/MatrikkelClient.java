package no.kommune.esb.matrikkel;

import no.kommune.esb.model.Eier;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Matrikkelenhet;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import no.kommune.esb.register.Xml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Client for Matrikkelen's SOAP matrikkelAPI (SOAP 1.1, HTTP Basic, a {@code MatrikkelContext} on every call).
 * <ul>
 *   <li>address → units → owners: {@code AdresseService.findAdresseIdForIdent} →
 *   {@code MatrikkelenhetService.findMatrikkelenheterForAdresse} → {@code StoreService.getObjectsIgnoreMissing} (units) →
 *   {@code StoreService.getObjectsIgnoreMissing} (owners, FysiskPerson / JuridiskPerson);</li>
 *   <li>units owned by a person or organisation: {@code PersonService.findPersonIdForIdent} →
 *   {@code MatrikkelenhetService.findEideMatrikkelenheterForPerson} → the same store reads.</li>
 * </ul>
 * SOAP faults become {@link RegisterException}s by the fault's {@code category} (FinderException → NOT_FOUND,
 * ValidationException → REJECTED, SystemException → UNAVAILABLE); a ValidationException to an ident look-up is
 * {@link UgyldigIdent}: Matrikkelen refuses the address or person asked for. Messages never echo the fault text, which
 * may hold an identity number. A number in an answer that cannot be read (an id, a unit's number, an owner's share, an
 * ownership's end) is a {@link UlesbarVerdi}, a BAD_RESPONSE that names the operation and what the value was for, never
 * the value. Only current ownerships are read ({@link GjeldendeEierforhold}); one without a share has an unknown share.
 */
public class MatrikkelClient {

    private static final Logger log = LoggerFactory.getLogger(MatrikkelClient.class);

    /** Addresses per bulk call; the contract names no limit, and a batch of 1,000 events has a few hundred. */
    static final int ADRESSER_PER_KALL = 500;

    /** Ids per {@code getObjectsIgnoreMissing} call (units, owners): capped as the address calls are. */
    static final int OBJEKTER_PER_KALL = ADRESSER_PER_KALL;

    private static final Pattern KOMMUNENUMMER = Pattern.compile("\\d{4}");

    private final RegisterHttp http;
    private final String baseUrl;
    private final String authorization;
    private final String klientIdentifikasjon;
    private final String systemVersion;
    private final Clock clock;

    /**
     * The kommunenummer per {@code KommuneId}, read from the Kommune objects once for the client's life (kommuner rarely
     * change; a merger makes new KommuneIds, which are read when first met).
     */
    private final Map<Long, String> kommunenumre = new ConcurrentHashMap<>();

    /**
     * @param baseUrl up to and including {@code .../matrikkelapi/wsapi/v1}; the service names are appended
     */
    public MatrikkelClient(RegisterHttp http, String baseUrl, String username, String password, String klientIdentifikasjon, String systemVersion) {
        this(http, baseUrl, username, password, klientIdentifikasjon, systemVersion, Clock.system(GjeldendeEierforhold.NORGE));
    }

    /** @param clock what "now" is when an ownership's end is compared ({@link GjeldendeEierforhold}) */
    public MatrikkelClient(RegisterHttp http, String baseUrl, String username, String password, String klientIdentifikasjon, String systemVersion,
                           Clock clock) {
        this.http = http;
        this.clock = clock;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.klientIdentifikasjon = klientIdentifikasjon;
        this.systemVersion = systemVersion;
    }

    /** The units at a street address with their owners; empty when Matrikkelen knows no such address. */
    public List<Matrikkelenhet> matrikkelenheterForAdresse(Vegadresseident adresse) {
        Optional<Long> adresseId = findAdresseIdForIdent(adresse);
        if (adresseId.isEmpty()) {
            return List.of();
        }
        List<Long> enhetIds = findMatrikkelenheterForAdresse(adresseId.get());
        return matrikkelenheter(enhetIds);
    }

    /**
     * The units at many street addresses with their owners, in four SOAP calls per {@value #ADRESSER_PER_KALL}
     * addresses whatever their number ({@code findAdresseIdsForIdents}, {@code findMatrikkelenheterForAdresser}, and
     * one {@code getObjectsIgnoreMissing} each for units and owners, {@link #getObjects}) instead of four per address. An address Matrikkelen does not
     * know maps to an empty list, as {@link #matrikkelenheterForAdresse} answers it (a FinderException to the bulk
     * ident look-up costs more calls: {@link #adresseIder}).
     */
    public Map<Vegadresseident, List<Matrikkelenhet>> matrikkelenheterForAdresser(Collection<Vegadresseident> adresser) {
        List<Vegadresseident> alle = List.copyOf(new LinkedHashSet<>(adresser));
        Map<Vegadresseident, List<Matrikkelenhet>> svar = new LinkedHashMap<>();
        for (int i = 0; i < alle.size(); i += ADRESSER_PER_KALL) {
            svar.putAll(matrikkelenheterForAdresserIEttKall(alle.subList(i, Math.min(alle.size(), i + ADRESSER_PER_KALL))));
        }
        return svar;
    }

    private Map<Vegadresseident, List<Matrikkelenhet>> matrikkelenheterForAdresserIEttKall(List<Vegadresseident> adresser) {
        Map<Vegadresseident, List<Matrikkelenhet>> svar = new LinkedHashMap<>();
        adresser.forEach(a -> svar.put(a, List.of()));
        Map<Long, Vegadresseident> perId = adresseIder(adresser);
        if (perId.isEmpty()) {
            return svar;
        }
        StringBuilder ids = new StringBuilder("<svc:adresseIds>");
        perId.keySet().forEach(id -> ids.append("<adr:item><dom:value>").append(id).append("</dom:value></adr:item>"));
        Element enhetResp = call("MatrikkelenhetServiceWS", MatrikkelNs.SERVICE_MATRIKKELENHET, "findMatrikkelenheterForAdresser",
                ids.append("</svc:adresseIds><svc:taMedUtgatte>false</svc:taMedUtgatte><svc:viaBruksenhet>true</svc:viaBruksenhet>").toString(), false);
        Map<Vegadresseident, List<Long>> enhetIderPerAdresse = new LinkedHashMap<>();
        Set<Long> enhetIder = new LinkedHashSet<>();
        for (Element entry : entries(enhetResp)) {
            Vegadresseident adresse = Xml.text(entry, "key", "value").map(v -> tall(v, what("findMatrikkelenheterForAdresser", "an address id")))
                    .map(perId::get).orElse(null);
            if (adresse == null) {
                continue;
            }
            List<Long> enheter = Xml.child(entry, null, "value").map(v -> Xml.children(v, null, "item")).orElse(List.of()).stream()
                    .map(item -> Xml.text(item, "value").orElse(null)).filter(v -> v != null)
                    .map(v -> tall(v, what("findMatrikkelenheterForAdresser", "a unit id"))).toList();
            enhetIderPerAdresse.put(adresse, enheter);
            enhetIder.addAll(enheter);
        }
        Map<Long, Matrikkelenhet> enheter = new LinkedHashMap<>();
        matrikkelenheter(List.copyOf(enhetIder)).forEach(e -> enheter.put(e.matrikkelenhetId(), e));
        enhetIderPerAdresse.forEach((adresse, iderHer) ->
                svar.put(adresse, iderHer.stream().map(enheter::get).filter(e -> e != null).toList()));
        return svar;
    }

    /**
     * {@code findAdresseIdsForIdents}: the address id per ident Matrikkelen knows. The answer's keys are the idents as
     * sent; an unknown address has no entry. The contract does not say whether the bulk call answers an unknown ident
     * with a FinderException as the single one does: such a fault says nothing of the other idents, so the list is
     * asked again in halves down to the single idents it concerns (an unknown one then has no id). Until session 31
     * the fault was read as "none of them is known", and every address of the call got no units.
     */
    private Map<Long, Vegadresseident> adresseIder(List<Vegadresseident> adresser) {
        StringBuilder identer = new StringBuilder("<svc:adresseIdents>");
        adresser.forEach(a -> identer.append(vegadresseident("adr:item", a)));
        Element idResp;
        try {
            idResp = call("AdresseServiceWS", MatrikkelNs.SERVICE_ADRESSE, "findAdresseIdsForIdents", identer.append("</svc:adresseIdents>").toString(), false);
        } catch (FinderFault e) {
            if (adresser.size() == 1) {
                return Map.of();
            }
            int midt = adresser.size() / 2;
            Map<Long, Vegadresseident> perId = new LinkedHashMap<>(adresseIder(adresser.subList(0, midt)));
            perId.putAll(adresseIder(adresser.subList(midt, adresser.size())));
            return perId;
        }
        Set<Vegadresseident> spurt = new java.util.HashSet<>(adresser);
        Map<Long, Vegadresseident> perId = new LinkedHashMap<>();
        for (Element entry : entries(idResp)) {
            Optional<Vegadresseident> ident = Xml.child(entry, null, "key").map(this::vegadresseident);
            Optional<Long> id = Xml.text(entry, "value", "value").map(v -> tall(v, what("findAdresseIdsForIdents", "an address id")));
            if (ident.isPresent() && id.isPresent() && spurt.contains(ident.get())) {
                perId.put(id.get(), ident.get());
            }
        }
        return perId;
    }

    private static List<Element> entries(Element resp) {
        return Xml.path(resp, "return").map(r -> Xml.children(r, null, "entry")).orElse(List.of());
    }

    private Vegadresseident vegadresseident(Element ident) {
        String what = what("findAdresseIdsForIdents", "an address ident");
        return new Vegadresseident(Xml.text(ident, "kommuneIdent", "kommunenummer").orElse(null),
                Xml.text(ident, "adressekode").map(v -> heltall(v, what)).orElse(0), Xml.text(ident, "nummer").map(v -> heltall(v, what)).orElse(0),
                Xml.text(ident, "bokstav").filter(b -> !b.isBlank()).orElse(null));
    }

    private static String vegadresseident(String element, Vegadresseident a) {
        return "<" + element + " xsi:type=\"adr:VegadresseIdent\">"
                + "<adr:kommuneIdent><kom:kommunenummer>" + Xml.esc(a.kommunenummer()) + "</kom:kommunenummer></adr:kommuneIdent>"
                + "<adr:adressekode>" + a.adressekode() + "</adr:adressekode>"
                + "<adr:nummer>" + a.husnummer() + "</adr:nummer>"
                + (a.bokstav() == null || a.bokstav().isBlank() ? "" : "<adr:bokstav>" + Xml.esc(a.bokstav()) + "</adr:bokstav>")
                + "</" + element + ">";
    }

    /**
     * The units a person owns now; empty when Matrikkelen has no such person. A unit Matrikkelen lists for her in which
     * she holds no current ownership (one that has ended) is left out.
     */
    public List<Matrikkelenhet> eideMatrikkelenheter(Identitetsnummer person) {
        return eideMatrikkelenheter("per:FysiskPersonIdent", "fodselsnummer", person.value());
    }

    /** The units an organisation owns now; empty when Matrikkelen has no such organisation. */
    public List<Matrikkelenhet> eideMatrikkelenheterForOrganisasjon(String organisasjonsnummer) {
        return eideMatrikkelenheter("per:JuridiskPersonIdent", "organisasjonsnummer", organisasjonsnummer);
    }

    private List<Matrikkelenhet> eideMatrikkelenheter(String identType, String field, String nummer) {
        Element resp = call("PersonServiceWS", MatrikkelNs.SERVICE_PERSON, "findPersonIdForIdent",
                "<svc:personIdent xsi:type=\"" + identType + "\"><per:" + field + ">" + Xml.esc(nummer) + "</per:" + field + "></svc:personIdent>", true);
        Optional<Long> personId = Xml.text(resp, "return", "value").map(v -> tall(v, what("findPersonIdForIdent", "a person id")));
        if (personId.isEmpty()) {
            return List.of();
        }
        Element owned = call("MatrikkelenhetServiceWS", MatrikkelNs.SERVICE_MATRIKKELENHET, "findEideMatrikkelenheterForPerson",
                "<svc:personId><dom:value>" + personId.get() + "</dom:value></svc:personId>", false);
        return matrikkelenheter(ids(owned, "findEideMatrikkelenheterForPerson"), personId.get());
    }

    Optional<Long> findAdresseIdForIdent(Vegadresseident a) {
        Element resp = call("AdresseServiceWS", MatrikkelNs.SERVICE_ADRESSE, "findAdresseIdForIdent", vegadresseident("svc:adresseIdent", a), true);
        return Xml.text(resp, "return", "value").map(v -> tall(v, what("findAdresseIdForIdent", "an address id")));
    }

    List<Long> findMatrikkelenheterForAdresse(long adresseId) {
        Element resp = call("MatrikkelenhetServiceWS", MatrikkelNs.SERVICE_MATRIKKELENHET, "findMatrikkelenheterForAdresse",
                "<svc:adresseId><dom:value>" + adresseId + "</dom:value></svc:adresseId>"
                        // viaBruksenhet: a section-divided building's sections are reached through its bruksenheter
                        + "<svc:taMedUtgatte>false</svc:taMedUtgatte><svc:viaBruksenhet>true</svc:viaBruksenhet>", false);
        return ids(resp, "findMatrikkelenheterForAdresse");
    }

    private List<Matrikkelenhet> matrikkelenheter(List<Long> enhetIds) {
        return matrikkelenheter(enhetIds, null);
    }

    /** {@code eiesAv}: only the units in which this PersonId holds a current ownership; null: every unit. */
    private List<Matrikkelenhet> matrikkelenheter(List<Long> enhetIds, Long eiesAv) {
        if (enhetIds.isEmpty()) {
            return List.of();
        }
        List<Element> enheter = getObjects("mat:MatrikkelenhetId", enhetIds);
        if (eiesAv != null) {
            enheter = enheter.stream().filter(e -> eierIder(e).contains(eiesAv)).toList();
        }
        lesKommunenumre(enheter);
        // only current owners are read from the store: a former owner's name is not fetched at all
        Set<Long> eierIds = new LinkedHashSet<>();
        for (Element e : enheter) {
            eierIds.addAll(eierIder(e));
        }
        Map<Long, Eier> eiere = new LinkedHashMap<>();
        if (!eierIds.isEmpty()) {
            for (Element p : getObjects("per:PersonId", eierIds)) {
                long id = tall(Xml.text(p, "id", "value").orElseThrow(() -> bad("person without id")), what("getObjectsIgnoreMissing", "a person id"));
                eiere.put(id, eier(p));
            }
        }
        List<Matrikkelenhet> out = new ArrayList<>();
        for (Element e : enheter) {
            out.add(matrikkelenhet(e, eiere));
        }
        return out;
    }

    private Matrikkelenhet matrikkelenhet(Element e, Map<Long, Eier> eiere) {
        String what = what("getObjectsIgnoreMissing", "a unit");
        long id = tall(Xml.text(e, "id", "value").orElseThrow(() -> bad("unit without id")), what);
        Element mn = Xml.path(e, "matrikkelnummer").orElseThrow(() -> bad("unit without matrikkelnummer"));
        String kommune = Xml.text(mn, "kommuneId", "value").map(v -> kommunenummer(tall(v, what))).orElse(null);
        Matrikkelenhet.Matrikkelnummer nummer = new Matrikkelenhet.Matrikkelnummer(kommune, intOr0(mn, "gardsnummer", what),
                intOr0(mn, "bruksnummer", what), intOr0(mn, "festenummer", what), intOr0(mn, "seksjonsnummer", what));
        List<Matrikkelenhet.Eierandel> andeler = new ArrayList<>();
        for (Element ef : eierforhold(e)) {
            Optional<Long> eierId = Xml.text(ef, "eierId", "value").map(v -> tall(v, what));
            if (eierId.isEmpty() || !eiere.containsKey(eierId.get())) {
                continue; // owner is another unit (MatrikkelenhetTinglystEierforhold) or unknown: not a person/organisation
            }
            Optional<Long> teller = Xml.text(ef, "andel", "teller").map(v -> tall(v, what));
            Optional<Long> nevner = Xml.text(ef, "andel", "nevner").map(v -> tall(v, what));
            if (teller.isPresent() && nevner.isPresent() && !Matrikkelenhet.Eierandel.gyldig(teller.get(), nevner.get())) {
                // a nevner of 0, a negative share or one above the whole: no share anyone could reckon with, and not a
                // missing one either; unreadable, so the deliveries at the address fail on their own (never passed on)
                throw new UlesbarVerdi(http.service(), what("getObjectsIgnoreMissing", "an ownership share"));
            }
            // no share given (andel is optional in the contract): unknown, never a made-up 1/1
            andeler.add(teller.isPresent() && nevner.isPresent() ? new Matrikkelenhet.Eierandel(eiere.get(eierId.get()), teller.get(), nevner.get())
                    : Matrikkelenhet.Eierandel.utenAndel(eiere.get(eierId.get())));
        }
        return new Matrikkelenhet(id, nummer, type(Xml.xsiType(e).orElse("")), andeler);
    }

    /**
     * Reads the kommunenummer of each {@code KommuneId} these units name that the client has not read yet, in one store
     * call: the id is Matrikkelen's internal one (the documentation's examples show {@code KommuneId{value=100000301}}),
     * the kommunenummer is the Kommune object's. Until session 31 the id was taken for the kommunenummer, formatted as
     * four digits: right against the simulator, which answered the kommunenummer as the id, wrong against Matrikkelen.
     */
    private void lesKommunenumre(List<Element> enheter) {
        String what = what("getObjectsIgnoreMissing", "a unit's kommune id");
        Set<Long> ukjente = new LinkedHashSet<>();
        for (Element e : enheter) {
            Xml.text(e, "matrikkelnummer", "kommuneId", "value").map(v -> tall(v, what)).filter(id -> !kommunenumre.containsKey(id)).ifPresent(ukjente::add);
        }
        if (ukjente.isEmpty()) {
            return;
        }
        for (Element k : getObjects("kom:KommuneId", ukjente)) {
            long id = tall(Xml.text(k, "id", "value").orElseThrow(() -> bad("kommune without id")), what("getObjectsIgnoreMissing", "a kommune id"));
            String nummer = Xml.text(k, "kommunenummer").filter(n -> KOMMUNENUMMER.matcher(n).matches())
                    .orElseThrow(() -> new UlesbarVerdi(http.service(), what("getObjectsIgnoreMissing", "a kommunenummer")));
            kommunenumre.put(id, nummer);
        }
    }

    /** The kommunenummer of a KommuneId {@link #lesKommunenumre} read; one Matrikkelen has no Kommune for cannot be read. */
    private String kommunenummer(long kommuneId) {
        String nummer = kommunenumre.get(kommuneId);
        if (nummer == null) {
            throw new UlesbarVerdi(http.service(), what("getObjectsIgnoreMissing", "a unit's kommune"));
        }
        return nummer;
    }

    /**
     * The unit's current ownerships: its {@code eierforhold} items but a {@code Kontaktinstans}, the contact of a unit
     * whose owner cannot be reached (in matrikkelenhet.xsd an Eierforhold with an eierId and no share, no ownership),
     * and but one that has ended or not yet begun ({@link GjeldendeEierforhold}: a {@code sluttdato} or {@code datoTil}
     * not in the future, a {@code datoFra} after today). Until the follow-up of session 31 an ended ownership was read as
     * current, and a former owner was told to the fee system as owning the unit (and named among its co-owners); until
     * the closing notes an ownership beginning after today was, and the buyer was told as owner before the day.
     */
    private List<Element> eierforhold(Element enhet) {
        return Xml.path(enhet, "eierforhold").map(l -> Xml.children(l, null, "item")).orElse(List.of()).stream()
                .filter(ef -> !"Kontaktinstans".equals(Xml.xsiType(ef).orElse(""))).filter(this::gjeldende).toList();
    }

    private boolean gjeldende(Element eierforhold) {
        try {
            return GjeldendeEierforhold.gjeldende(Xml.text(eierforhold, "datoFra", "date").orElse(null),
                    Xml.text(eierforhold, "sluttdato", "timestamp").orElse(null),
                    Xml.text(eierforhold, "datoTil", "date").orElse(null), clock.instant());
        } catch (DateTimeParseException e) {
            throw new UlesbarVerdi(http.service(), what("getObjectsIgnoreMissing", "an ownership's end"));
        }
    }

    /** The PersonIds of the unit's current owners. */
    private Set<Long> eierIder(Element enhet) {
        Set<Long> ider = new LinkedHashSet<>();
        for (Element ef : eierforhold(enhet)) {
            Xml.text(ef, "eierId", "value").map(v -> tall(v, what("getObjectsIgnoreMissing", "an owner id"))).ifPresent(ider::add);
        }
        return ider;
    }

    private Eier eier(Element p) {
        String type = Xml.xsiType(p).orElse("");
        String nummer = Xml.text(p, "nummer").orElse(null);
        String navn = Xml.text(p, "navn").orElseGet(() -> (Xml.text(p, "fornavn").orElse("") + " " + Xml.text(p, "etternavn").orElse("")).trim());
        if (type.equals("JuridiskPerson")) {
            return Eier.organisasjon(nummer, navn);
        }
        if (nummer == null || !Identitetsnummer.isValid(nummer)) {
            // AnnenPerson or a person without a valid Norwegian number: keep the name, no id
            return new Eier(null, null, navn);
        }
        return Eier.person(Identitetsnummer.of(nummer), navn);
    }

    private static Matrikkelenhet.Type type(String xsiType) {
        return switch (xsiType) {
            case "Grunneiendom" -> Matrikkelenhet.Type.GRUNNEIENDOM;
            case "Festegrunn" -> Matrikkelenhet.Type.FESTEGRUNN;
            case "Seksjon" -> Matrikkelenhet.Type.SEKSJON;
            case "Anleggseiendom" -> Matrikkelenhet.Type.ANLEGGSEIENDOM;
            case "Jordsameie" -> Matrikkelenhet.Type.JORDSAMEIE;
            default -> Matrikkelenhet.Type.ANNEN;
        };
    }

    /**
     * The objects with these ids, in {@code StoreService.getObjectsIgnoreMissing} calls of at most {@value
     * #OBJEKTER_PER_KALL} ids. An id Matrikkelen has no object for is left out of the answer (a WARN counts them, no
     * id): a unit an address points to or an owner a unit names that is missing costs only that unit or owner. Until
     * session 31 {@code getObjects} was called, whose FinderException for one missing id failed the whole call, and
     * the fan-out batch with it, again and again for as long as Matrikkelen's data stayed so; and the ids were sent in
     * one call however many there were.
     */
    private List<Element> getObjects(String idType, Collection<Long> ids) {
        List<Long> alle = List.copyOf(ids);
        List<Element> objekter = new ArrayList<>();
        for (int i = 0; i < alle.size(); i += OBJEKTER_PER_KALL) {
            List<Long> del = alle.subList(i, Math.min(alle.size(), i + OBJEKTER_PER_KALL));
            StringBuilder sb = new StringBuilder("<svc:ids>");
            for (Long id : del) {
                sb.append("<dom:item xsi:type=\"").append(idType).append("\"><dom:value>").append(id).append("</dom:value></dom:item>");
            }
            sb.append("</svc:ids>");
            Element resp = call("StoreServiceWS", MatrikkelNs.SERVICE_STORE, "getObjectsIgnoreMissing", sb.toString(), false);
            List<Element> svar = Xml.path(resp, "return").map(r -> Xml.children(r, null, "item")).orElse(List.of());
            if (svar.size() < del.size()) {
                log.warn("Matrikkelen has no object for {} of {} {} id(s) asked (getObjectsIgnoreMissing): left out", del.size() - svar.size(), del.size(), idType);
            }
            objekter.addAll(svar);
        }
        return objekter;
    }

    private List<Long> ids(Element resp, String operation) {
        return Xml.path(resp, "return").map(r -> Xml.children(r, null, "item")).orElse(List.of()).stream()
                .map(i -> Xml.text(i, "value").orElse(null)).filter(v -> v != null).map(v -> tall(v, what(operation, "a unit id"))).toList();
    }

    private int intOr0(Element e, String name, String what) {
        return Xml.text(e, name).map(v -> heltall(v, what)).orElse(0);
    }

    /** An id or number in an answer; one that cannot be read is {@link UlesbarVerdi}, never a NumberFormatException. */
    private long tall(String verdi, String what) {
        try {
            return Long.parseLong(verdi);
        } catch (NumberFormatException e) {
            throw new UlesbarVerdi(http.service(), what);
        }
    }

    private int heltall(String verdi, String what) {
        try {
            return Integer.parseInt(verdi);
        } catch (NumberFormatException e) {
            throw new UlesbarVerdi(http.service(), what);
        }
    }

    private static String what(String operation, String verdi) {
        return operation + " answered " + verdi;
    }

    /**
     * A readable SOAP answer with a value in it that cannot be read (a number that is not one): a {@code BAD_RESPONSE}
     * like every unreadable answer, told apart because it may concern one record of a bulk answer only (the fan-out
     * then asks again for fewer addresses, docs/hendelser.md). The message names the operation and what the value was
     * for, never the value, which may be someone's number.
     */
    public static final class UlesbarVerdi extends RegisterException {

        public UlesbarVerdi(String service, String what) {
            super(service, Kind.BAD_RESPONSE, 200, what + " that cannot be read");
        }
    }

    private String context() {
        return "<svc:matrikkelContext><dom:locale>no_NO_B</dom:locale><dom:brukOriginaleKoordinater>false</dom:brukOriginaleKoordinater>"
                + "<dom:koordinatsystemKodeId><dom:value>10</dom:value></dom:koordinatsystemKodeId>"
                + "<dom:systemVersion>" + Xml.esc(systemVersion) + "</dom:systemVersion>"
                + "<dom:klientIdentifikasjon>" + Xml.esc(klientIdentifikasjon) + "</dom:klientIdentifikasjon>"
                // 9999-01-01 is the documented "now" snapshot; any other time asks for history and needs a special role
                + "<dom:snapshotVersion><dom:timestamp>9999-01-01T00:00:00+01:00</dom:timestamp></dom:snapshotVersion>"
                + "</svc:matrikkelContext>";
    }

    /**
     * Sends one operation and returns its response element. {@code emptyOnNotFound}: a FinderException means
     * "no such address/person" and is answered with an empty response element instead of a failure.
     */
    private Element call(String service, String serviceNs, String operation, String params, boolean emptyOnNotFound) {
        String envelope = "<soapenv:Envelope xmlns:soapenv=\"" + Xml.SOAP11 + "\"" + MatrikkelNs.DECLARATIONS + " xmlns:svc=\"" + serviceNs + "\">"
                + "<soapenv:Header/><soapenv:Body><svc:" + operation + ">" + params + context() + "</svc:" + operation + "></soapenv:Body></soapenv:Envelope>";
        HttpRequest request = http.request(URI.create(baseUrl + "/" + service))
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "\"\"")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), true);
        String what = service + "." + operation;
        int status = response.statusCode();
        if (status == 401 || status == 403 || status == 429 || status == 404 || (status >= 500 && !looksLikeSoap(response))) {
            throw http.classify(response, what + " failed", RegisterHttp::retryAfterSeconds);
        }
        if (!looksLikeSoap(response)) {
            throw new RegisterException(http.service(), RegisterException.Kind.BAD_RESPONSE, status, what + " answered with a non-SOAP document");
        }
        Document doc;
        try {
            doc = Xml.parse(response.body());
        } catch (IllegalArgumentException e) {
            throw new RegisterException(http.service(), RegisterException.Kind.BAD_RESPONSE, status, what + ": " + e.getMessage());
        }
        Element content = Xml.bodyContent(doc).orElseThrow(() ->
                new RegisterException(http.service(), RegisterException.Kind.BAD_RESPONSE, status, what + " answered without a SOAP body"));
        if ("Fault".equals(content.getLocalName())) {
            RegisterException fault = fault(content, what, status);
            if (emptyOnNotFound && fault instanceof FinderFault) {
                return doc.createElementNS(serviceNs, operation + "Response");
            }
            if (emptyOnNotFound && fault.kind() == RegisterException.Kind.REJECTED && kategori(content).contains(":ValidationException:")) {
                // the ident look-ups (emptyOnNotFound): Matrikkelen refuses what was asked for, not the platform's request
                throw new UgyldigIdent(fault);
            }
            throw fault;
        }
        if (status / 100 != 2) {
            throw http.classify(response, what + " failed", RegisterHttp::retryAfterSeconds);
        }
        return content;
    }

    private RegisterException fault(Element fault, String what, int status) {
        String category = kategori(fault);
        RegisterException.Kind kind;
        if (category.contains(":FinderException:")) {
            kind = RegisterException.Kind.NOT_FOUND;
        } else if (category.contains(":ValidationException:")) {
            kind = RegisterException.Kind.REJECTED;
        } else if (category.contains(":SystemException:")) {
            kind = RegisterException.Kind.UNAVAILABLE;
        } else if (category.contains(":AuthorizationException:") || category.contains("Autorisasjon")) {
            kind = RegisterException.Kind.UNAUTHORIZED;
        } else {
            kind = RegisterException.Kind.REJECTED;
        }
        // a bare fault is what the documented "known error" answers: a wrong systemVersion in the MatrikkelContext
        String kort = category.isEmpty() ? "without a ServiceException category (check the matrikkelContext, its systemVersion)" : category;
        if (kind == RegisterException.Kind.NOT_FOUND) {
            return new FinderFault(http.service(), status, what + " fault " + kort);
        }
        return category.contains(":ValidationException:") ? new Valideringsfeil(http.service(), status, what + " fault " + kort)
                : new RegisterException(http.service(), kind, status, what + " fault " + kort);
    }

    /**
     * The fault's ServiceException {@code category} without white space (the documentation's StoreService example
     * has one after a colon); when it has none, as the documentation's AdresseService example of an ident not found,
     * the category the exception class of its detail ({@code exceptionDetail.className}, else the stack trace's first
     * word) belongs to. Never the faultstring: the "known error" names FinderException there for a wrong MatrikkelContext.
     */
    private static String kategori(Element fault) {
        String category = Xml.first(fault, MatrikkelNs.EXCEPTION, "category").map(e -> e.getTextContent().replaceAll("\\s+", "")).orElse("");
        if (!category.isEmpty()) {
            return category;
        }
        Optional<Element> detalj = Xml.first(fault, MatrikkelNs.EXCEPTION, "ServiceException");
        String klasse = detalj.flatMap(d -> Xml.first(d, MatrikkelNs.EXCEPTION, "className")).map(e -> e.getTextContent().trim()).filter(k -> !k.isEmpty())
                .or(() -> detalj.flatMap(d -> Xml.first(d, MatrikkelNs.EXCEPTION, "stackTraceText")).map(e -> e.getTextContent().strip().split("[:\\s]", 2)[0]))
                .orElse("");
        return switch (klasse.substring(klasse.lastIndexOf('.') + 1)) {
            case "FinderException", "ObjectNotFoundException" -> ":ServiceException:ApplicationException:FinderException:";
            case "ValidationException" -> ":ServiceException:ApplicationException:ValidationException:";
            default -> "";
        };
    }

    /**
     * A ValidationException fault to an ident look-up ({@code findAdresseIdForIdent}, {@code findPersonIdForIdent}):
     * Matrikkelen answered that the address or person asked for is not valid (exception.xsd: "feil ved validering der
     * datagrunnlag ikke er i henhold til spesifiserte regler"). REJECTED like every ValidationException; told apart so a
     * look-up whose ident the caller gave can answer the caller's error (4xx) instead of a register failure (502).
     */
    public static final class UgyldigIdent extends RegisterException {

        public UgyldigIdent(RegisterException e) {
            super(e);
        }
    }

    /**
     * A ValidationException fault (REJECTED): Matrikkelen refuses something in the request, in a bulk call possibly one
     * address of many, so the fan-out asks again in halves to find it (docs/hendelser.md, "One unreadable value"). The
     * message names the operation and the category, never the fault text.
     */
    public static final class Valideringsfeil extends RegisterException {

        public Valideringsfeil(String service, int status, String message) {
            super(service, RegisterException.Kind.REJECTED, status, message);
        }
    }

    /** A FinderException fault: Matrikkelen answered, and does not know what it was asked for (never an HTTP 404). */
    private static final class FinderFault extends RegisterException {

        FinderFault(String service, int status, String message) {
            super(service, Kind.NOT_FOUND, status, message);
        }
    }

    private static boolean looksLikeSoap(HttpResponse<String> r) {
        String ct = r.headers().firstValue("Content-Type").orElse("").toLowerCase();
        if (ct.contains("html")) {
            return false;
        }
        String body = r.body() == null ? "" : r.body().stripLeading();
        return body.startsWith("<") && !body.regionMatches(true, 0, "<!doctype html", 0, 14) && !body.regionMatches(true, 0, "<html", 0, 5);
    }

    private RegisterException bad(String what) {
        return new RegisterException(http.service(), RegisterException.Kind.BAD_RESPONSE, 200, what);
    }
}
