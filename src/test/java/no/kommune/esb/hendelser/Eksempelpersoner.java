package no.kommune.esb.hendelser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.folkeregister.FeedHendelse;
import no.kommune.esb.folkeregister.Hendelsestype;
import no.kommune.esb.hendelser.Hendelsesdokument.Tillegg;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.DeltBosted;
import no.kommune.esb.model.Familierelasjon;
import no.kommune.esb.model.Familierelasjon.Rolle;
import no.kommune.esb.model.Foreldreansvar;
import no.kommune.esb.model.Foreldreansvar.Ansvar;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical persons behind the shipped golden examples (synthetic Tenor-style numbers, month + 80), so a test
 * can check that minimisation really produces each example's input.json.
 */
final class Eksempelpersoner {

    static final Identitetsnummer BARN = Identitetsnummer.of("15831751026");
    static final Identitetsnummer BARN_2 = Identitetsnummer.of("02891652022");
    static final Identitetsnummer BARN_3 = Identitetsnummer.of("01901253184");
    static final Identitetsnummer MOR = Identitetsnummer.of("02868510067");
    static final Identitetsnummer FAR = Identitetsnummer.of("20918320130");
    static final Identitetsnummer MOR_SKJULT = Identitetsnummer.of("12818730045");
    static final Identitetsnummer EIER = Identitetsnummer.of("08846240080");
    static final Identitetsnummer PASIENT = Identitetsnummer.of("24923815054");
    static final Identitetsnummer EKTEFELLE = Identitetsnummer.of("05854016190");
    static final Identitetsnummer DNUMMER = Identitetsnummer.of("50879041020");
    static final Identitetsnummer FNR_ETTER_DNUMMER = Identitetsnummer.of("10879042092");
    static final Identitetsnummer ANSATT = Identitetsnummer.of("28827913075");
    /** A 16-year-old pupil who is herself a mother, and her baby: her document also holds the entries she holds for the baby. */
    static final Identitetsnummer TENAARING = Identitetsnummer.of("14851052187");
    static final Identitetsnummer BABY = Identitetsnummer.of("03822653005");

    static final OffsetDateTime TID = OffsetDateTime.parse("2026-11-20T09:15:00+01:00");

    /** One golden example's origin. */
    record Eksempel(FeedHendelse hendelse, Person person, Map<Identitetsnummer, Person> relaterte, Tillegg tillegg) {
    }

    private Eksempelpersoner() {
    }

    static FeedHendelse hendelse(long seq, Hendelsestype type, Identitetsnummer id) {
        return new FeedHendelse(seq, id, type.registerName(), type, "dok" + seq, "pdok" + seq, TID);
    }

    static Adresse.Vegadresse veg(String navn, int nr, String bokstav, String postnr, String sted, String kommune, Gradering g) {
        return new Adresse.Vegadresse(null, navn, nr, bokstav, null, postnr, sted, kommune, "1" + postnr, g);
    }

    static Person person(Identitetsnummer id, Navn navn, LocalDate foedt, Gradering g, Adresse bosted, List<Familierelasjon> rel,
                         List<Foreldreansvar> ansvar, List<DeltBosted> delt) {
        return new Person(id, Personstatus.BOSATT, navn, foedt, null, g, bosted, null, null, false,
                bosted instanceof Adresse.Vegadresse v ? v.kommunenummer() : "3301", null, rel, ansvar, delt, List.of());
    }

    static Person voksen(Identitetsnummer id, String fornavn, String etternavn, Gradering g, Adresse bosted) {
        return person(id, new Navn(fornavn, null, etternavn), null, g, bosted, List.of(), List.of(), List.of());
    }

    static Map<Identitetsnummer, Person> map(Person... persons) {
        Map<Identitetsnummer, Person> m = new LinkedHashMap<>();
        for (Person p : persons) {
            m.put(p.id(), p);
        }
        return m;
    }

    private static final Adresse HJEMME = veg("Bragernes torg", 5, null, "3017", "DRAMMEN", "3301", Gradering.UGRADERT);
    private static final Adresse HOS_FAR = veg("Tollbugata", 12, "B", "3044", "DRAMMEN", "3301", Gradering.UGRADERT);

    /** Every example with a canonical origin, keyed "fagsystem/case". */
    static Map<String, Eksempel> alle() {
        Map<String, Eksempel> e = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();

        Person barn = person(BARN, new Navn("Emma", "Sofie", "Berg"), LocalDate.of(2017, 3, 15), Gradering.UGRADERT, HJEMME,
                List.of(new Familierelasjon(MOR, Rolle.MOR, Rolle.BARN), new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN)),
                List.of(new Foreldreansvar(Ansvar.FELLES, null, BARN)),
                List.of(new DeltBosted(HOS_FAR, LocalDate.of(2024, 8, 1), null)));
        e.put("skole/felles-foreldreansvar-delt-bosted", new Eksempel(hendelse(1001, Hendelsestype.ENDRING_I_DELT_BOSTED, BARN), barn,
                map(voksen(MOR, "Kari", "Berg", Gradering.UGRADERT, HJEMME), voksen(FAR, "Per", "Olsen", Gradering.UGRADERT, HOS_FAR)),
                Tillegg.INGEN));

        Adresse skjult = veg("Hemmelig vei", 1, null, "3000", "DRAMMEN", "3301", Gradering.STRENGT_FORTROLIG);
        Person barn2 = person(BARN_2, new Navn("Noah", null, "Lie"), LocalDate.of(2016, 9, 2), Gradering.FORTROLIG,
                veg("Hemmelig vei", 1, null, "3000", "DRAMMEN", "3301", Gradering.FORTROLIG),
                List.of(new Familierelasjon(MOR_SKJULT, Rolle.MOR, Rolle.BARN), new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN)),
                List.of(new Foreldreansvar(Ansvar.MOR, null, BARN_2)), List.of());
        e.put("skole/beskyttet-adresse", new Eksempel(hendelse(351201002, Hendelsestype.ENDRING_I_ADRESSEBESKYTTELSE, BARN_2), barn2,
                map(voksen(MOR_SKJULT, "Lene", "Lie", Gradering.STRENGT_FORTROLIG, skjult),
                        voksen(FAR, "Per", "Olsen", Gradering.UGRADERT, HOS_FAR)),
                Tillegg.INGEN));

        // Folkeregisteret puts on a parent's document the entries in which she is ansvarlig (contract example
        // 17868597437): the pupil's own parents hold foreldreansvar for her, she holds it for her baby
        Person tenaaring = person(TENAARING, new Navn("Ida", null, "Berg"), LocalDate.of(2010, 5, 14), Gradering.UGRADERT, HJEMME,
                List.of(new Familierelasjon(MOR, Rolle.MOR, Rolle.BARN), new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN),
                        new Familierelasjon(BABY, Rolle.BARN, Rolle.MOR)),
                List.of(new Foreldreansvar(Ansvar.FELLES, MOR, TENAARING), new Foreldreansvar(Ansvar.FELLES, FAR, TENAARING),
                        new Foreldreansvar(Ansvar.FELLES, TENAARING, BABY)), List.of());
        e.put("skole/tenaaringsforelder", new Eksempel(hendelse(1003, Hendelsestype.ENDRING_I_FORELDREANSVAR, TENAARING), tenaaring,
                map(voksen(MOR, "Kari", "Berg", Gradering.UGRADERT, HJEMME), voksen(FAR, "Per", "Olsen", Gradering.UGRADERT, HOS_FAR),
                        person(TENAARING, new Navn("Ida", null, "Berg"), LocalDate.of(2010, 5, 14), Gradering.UGRADERT, HJEMME,
                                List.of(), List.of(), List.of())),
                Tillegg.INGEN));

        // Folkeregisteret leaves a sole holder of foreldreansvar who died on the child until a court decides, here with
        // her residence still current: the document marks her doed with no address, the pupil file gives her no line
        Person doedMor = new Person(MOR, Personstatus.DOED, new Navn("Kari", null, "Berg"), LocalDate.of(1985, 8, 2),
                LocalDate.of(2026, 10, 1), Gradering.UGRADERT, HJEMME, null, null, false, "3301", "3301", List.of(), List.of(), List.of(),
                List.of());
        Person barnUtenMor = person(BARN, new Navn("Emma", "Sofie", "Berg"), LocalDate.of(2017, 3, 15), Gradering.UGRADERT, HOS_FAR,
                List.of(new Familierelasjon(MOR, Rolle.MOR, Rolle.BARN), new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN)),
                List.of(new Foreldreansvar(Ansvar.MOR, null, BARN)), List.of());
        e.put("skole/doed-foresatt", new Eksempel(hendelse(1004, Hendelsestype.ENDRING_I_BOSTEDSADRESSE, BARN), barnUtenMor,
                map(doedMor, voksen(FAR, "Per", "Olsen", Gradering.UGRADERT, HOS_FAR)), Tillegg.INGEN));

        Person eier = new Person(EIER, Personstatus.BOSATT, new Navn("Ingrid", null, "Haugen"), LocalDate.of(1962, 4, 8), null,
                Gradering.UGRADERT, veg("Konnerudgata", 34, null, "3045", "DRAMMEN", "3301", Gradering.UGRADERT),
                new Adresse.Postboksadresse(null, "123", "3001", "DRAMMEN", Gradering.UGRADERT), null, false, "3301", null,
                List.of(), List.of(), List.of(), List.of());
        e.put("eiendomsskatt/ny-adresse-to-eiendommer", new Eksempel(hendelse(2001, Hendelsestype.ENDRING_I_BOSTEDSADRESSE, EIER),
                eier, Map.of(), new Tillegg(read(json, """
                        [{"kommunenummer":"3301","gaardsnummer":112,"bruksnummer":45,"festenummer":0,"seksjonsnummer":0,
                          "eiere":[{"navn":"Ingrid Haugen","andel":"1/1"}]},
                         {"kommunenummer":"3301","gaardsnummer":7,"bruksnummer":210,"festenummer":0,"seksjonsnummer":3,
                          "eiere":[{"navn":"Ingrid Haugen","andel":"1/2"},{"navn":"Lars Haugen","andel":"1/2"}]}]"""), null)));

        Person eierFortrolig = voksen(EIER, "Ingrid", "Haugen", Gradering.FORTROLIG,
                veg("Konnerudgata", 34, null, "3045", "DRAMMEN", "3301", Gradering.FORTROLIG));
        // property units supplied anyway: the document must drop them, a gnr/bnr points to the withheld residence
        JsonNode enhetVedBostedet = read(json, """
                [{"kommunenummer":"3301","gaardsnummer":112,"bruksnummer":45,"festenummer":0,"seksjonsnummer":0,
                  "eiere":[{"navn":"Ingrid Haugen","andel":"1/1"}]}]""");
        e.put("eiendomsskatt/fortrolig-adresse", new Eksempel(hendelse(351202002, Hendelsestype.ENDRING_I_ADRESSEBESKYTTELSE, EIER),
                eierFortrolig, Map.of(), new Tillegg(enhetVedBostedet, null)));
        Person eierStrengtFortrolig = new Person(EIER, Personstatus.BOSATT, new Navn("Ingrid", null, "Haugen"), LocalDate.of(1962, 4, 8),
                null, Gradering.STRENGT_FORTROLIG, veg("Konnerudgata", 34, null, "3045", "DRAMMEN", "3301", Gradering.STRENGT_FORTROLIG),
                new Adresse.Postboksadresse(null, "123", "3001", "DRAMMEN", Gradering.STRENGT_FORTROLIG), null, false, "3301", null,
                List.of(), List.of(), List.of(), List.of());
        e.put("eiendomsskatt/strengt-fortrolig-adresse", new Eksempel(hendelse(2003, Hendelsestype.ENDRING_I_BOSTEDSADRESSE, EIER),
                eierStrengtFortrolig, Map.of(), new Tillegg(enhetVedBostedet, null)));

        JsonNode fastlege = read(json, """
                {"hprNummer":"9144889","navn":"Lege Legesen","fraDato":"2019-01-01",
                 "legekontor":{"navn":"Bragernes legesenter","organisasjonsnummer":"999888777","telefon":"32000000"}}""");
        List<Familierelasjon> pasientRel = List.of(new Familierelasjon(EKTEFELLE, Rolle.EKTEFELLE, Rolle.EKTEFELLE),
                new Familierelasjon(MOR, Rolle.BARN, Rolle.MOR));
        Map<Identitetsnummer, Person> paarorende = map(voksen(EKTEFELLE, "Knut", "Johansen", Gradering.UGRADERT, HJEMME),
                voksen(MOR, "Kari", "Berg", Gradering.UGRADERT, HJEMME));
        Person pasient = person(PASIENT, new Navn("Astrid", "Marie", "Johansen"), LocalDate.of(1938, 12, 24), Gradering.UGRADERT,
                veg("Austadveien", 7, "A", "3034", "DRAMMEN", "3301", Gradering.UGRADERT), pasientRel, List.of(), List.of());
        // this one's GP has a HER-id from 1,000,000 up: an XSLT mapping must write it whole, not as 1.3601E7
        com.fasterxml.jackson.databind.node.ObjectNode fastlegeMedHerId = ((com.fasterxml.jackson.databind.node.ObjectNode) fastlege.deepCopy()).put("herId", 13601000);
        e.put("pleie-omsorg/ny-adresse-fastlege-og-parorende", new Eksempel(hendelse(3001, Hendelsestype.ENDRING_I_BOSTEDSADRESSE, PASIENT),
                pasient, paarorende, new Tillegg(null, fastlegeMedHerId)));
        Person pasientSkjult = person(PASIENT, new Navn("Astrid", "Marie", "Johansen"), LocalDate.of(1938, 12, 24),
                Gradering.STRENGT_FORTROLIG, veg("Hemmelig vei", 1, null, "3000", "DRAMMEN", "3301", Gradering.STRENGT_FORTROLIG),
                pasientRel, List.of(), List.of());
        e.put("pleie-omsorg/strengt-fortrolig", new Eksempel(hendelse(351203002, Hendelsestype.ENDRING_I_ADRESSEBESKYTTELSE, PASIENT),
                pasientSkjult, paarorende, new Tillegg(null, fastlege)));
        // as Folkeregisteret shows a death (example 28857197102): the residence ended at the death, so none is current;
        // the kommune at death (from a look-up with history) selects the event, and is not in the document
        Person pasientDoed = new Person(PASIENT, Personstatus.DOED, new Navn("Astrid", "Marie", "Johansen"), LocalDate.of(1938, 12, 24),
                LocalDate.of(2026, 11, 19), Gradering.UGRADERT, null, null, null, false, null, "3301", pasientRel, List.of(), List.of(), List.of());
        e.put("pleie-omsorg/doedsfall", new Eksempel(hendelse(3003, Hendelsestype.PERSON_ER_DOED, PASIENT),
                pasientDoed, paarorende, new Tillegg(null, fastlege)));

        // the spouse died earlier and the register still lists the marriage: told as deceased, not as next of kin to call
        Person doedEktefelle = new Person(EKTEFELLE, Personstatus.DOED, new Navn("Knut", null, "Johansen"), LocalDate.of(1936, 4, 2),
                LocalDate.of(2026, 9, 30), Gradering.UGRADERT, null, null, null, false, null, "3301", List.of(), List.of(), List.of(), List.of());
        e.put("pleie-omsorg/doed-ektefelle", new Eksempel(hendelse(3004, Hendelsestype.ENDRING_I_BOSTEDSADRESSE, PASIENT), pasient,
                map(doedEktefelle, voksen(MOR, "Kari", "Berg", Gradering.UGRADERT, HJEMME)), Tillegg.INGEN));

        List<Familierelasjon> foreldre = List.of(new Familierelasjon(MOR, Rolle.MOR, Rolle.BARN), new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN));
        Person sofie = person(BARN_3, new Navn("Sofie", null, "Hansen"), LocalDate.of(2012, 10, 1), Gradering.UGRADERT, HJEMME,
                foreldre, List.of(new Foreldreansvar(Ansvar.FELLES, null, BARN_3)), List.of());
        e.put("barnevern/foreldreansvar-endret", new Eksempel(hendelse(351204001, Hendelsestype.ENDRING_I_FORELDREANSVAR, BARN_3), sofie,
                map(voksen(MOR, "Kari", "Berg", Gradering.UGRADERT, HJEMME), voksen(FAR, "Per", "Olsen", Gradering.UGRADERT, HOS_FAR)),
                Tillegg.INGEN));
        Person sofieFortrolig = person(BARN_3, new Navn("Sofie", null, "Hansen"), LocalDate.of(2012, 10, 1), Gradering.FORTROLIG,
                veg("Skjermet gate", 9, null, "3015", "DRAMMEN", "3301", Gradering.FORTROLIG),
                foreldre, List.of(new Foreldreansvar(Ansvar.FAR, FAR, BARN_3)), List.of());
        e.put("barnevern/fortrolig-adresse-tillatt", new Eksempel(hendelse(4002, Hendelsestype.ENDRING_I_ADRESSEBESKYTTELSE, BARN_3),
                sofieFortrolig,
                map(voksen(MOR, "Kari", "Berg", Gradering.UGRADERT, HJEMME), voksen(FAR, "Per", "Olsen", Gradering.UGRADERT, HOS_FAR)),
                Tillegg.INGEN));
        Person barnMedSkjultMor = person(BARN_2, new Navn("Noah", null, "Lie"), LocalDate.of(2016, 9, 2), Gradering.UGRADERT, HOS_FAR,
                List.of(new Familierelasjon(MOR_SKJULT, Rolle.MOR, Rolle.BARN), new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN)),
                List.of(new Foreldreansvar(Ansvar.FELLES, null, BARN_2)), List.of());
        e.put("barnevern/strengt-fortrolig-mor", new Eksempel(hendelse(4003, Hendelsestype.ENDRING_I_FAMILIERELASJON, BARN_2),
                barnMedSkjultMor, map(voksen(MOR_SKJULT, "Lene", "Lie", Gradering.STRENGT_FORTROLIG, skjult),
                        voksen(FAR, "Per", "Olsen", Gradering.UGRADERT, HOS_FAR)),
                Tillegg.INGEN));

        Person sofieUtenMor = person(BARN_3, new Navn("Sofie", null, "Hansen"), LocalDate.of(2012, 10, 1), Gradering.UGRADERT, HOS_FAR,
                foreldre, List.of(new Foreldreansvar(Ansvar.MOR, null, BARN_3)), List.of());
        e.put("barnevern/doed-forelder", new Eksempel(hendelse(4004, Hendelsestype.ENDRING_I_FORELDREANSVAR, BARN_3), sofieUtenMor,
                map(doedMor, voksen(FAR, "Per", "Olsen", Gradering.UGRADERT, HOS_FAR)), Tillegg.INGEN));

        Adresse oslo = veg("Storgata", 10, null, "0184", "OSLO", "0301", Gradering.UGRADERT);
        Person jonas = new Person(FNR_ETTER_DNUMMER, Personstatus.BOSATT, new Navn("Jonas", null, "Kowalski"), LocalDate.of(1990, 7, 10),
                null, Gradering.UGRADERT, oslo, null, null, false, "0301", null, List.of(), List.of(), List.of(), List.of(DNUMMER));
        e.put("lonn/dnummer-til-foedselsnummer", new Eksempel(hendelse(5001, Hendelsestype.ENDRING_I_IDENTIFIKASJONSNUMMER,
                FNR_ETTER_DNUMMER), jonas, Map.of(), Tillegg.INGEN));
        Person maria = person(ANSATT, new Navn("Maria", "Kowalska", "Nilsen"), LocalDate.of(1979, 2, 28), Gradering.UGRADERT,
                veg("Grønland", 51, null, "3045", "DRAMMEN", "3301", Gradering.UGRADERT), List.of(), List.of(), List.of());
        e.put("lonn/navneendring", new Eksempel(hendelse(351205002, Hendelsestype.ENDRING_I_NAVN, ANSATT), maria, Map.of(), Tillegg.INGEN));
        Person mariaSkjult = person(ANSATT, new Navn("Maria", "Kowalska", "Nilsen"), LocalDate.of(1979, 2, 28),
                Gradering.STRENGT_FORTROLIG, veg("Hemmelig vei", 1, null, "3000", "DRAMMEN", "3301", Gradering.STRENGT_FORTROLIG),
                List.of(), List.of(), List.of());
        e.put("lonn/strengt-fortrolig-adresse", new Eksempel(hendelse(5003, Hendelsestype.ENDRING_I_ADRESSEBESKYTTELSE, ANSATT),
                mariaSkjult, Map.of(), Tillegg.INGEN));
        return e;
    }

    private static JsonNode read(ObjectMapper json, String text) {
        try {
            return json.readTree(text);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
