package no.kommune.esb.forsendelse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Adressefelt;
import no.kommune.esb.model.DeltBosted;
import no.kommune.esb.model.Familierelasjon;
import no.kommune.esb.model.Foreldreansvar;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.KrrKontakt;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Synthetic persons, addresses and KRR answers for the forsendelse tests. Every number is a valid Tenor-style id. */
final class TestData {

    /** When KRR was looked up in every test. */
    static final Instant T0 = Instant.parse("2026-11-22T05:00:00Z");
    static final OffsetDateTime FERSK = OffsetDateTime.of(2026, 6, 1, 12, 0, 0, 0, ZoneOffset.UTC);
    static final OffsetDateTime UTGAATT = OffsetDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);
    static final String EPOST = "kontakt@eksempel.no";
    static final String MOBIL = "99887766";

    private TestData() {
    }

    /**
     * A valid synthetic (Tenor, month + 80) identity number for this birth date: the first individual number from
     * {@code individFra} whose mod-11 control digits both exist (remainder 10 is skipped, as the register does).
     */
    static Identitetsnummer syntetisk(LocalDate foedt, int individFra) {
        return syntetisk(foedt.getDayOfMonth(), foedt, individFra);
    }

    /** As {@link #syntetisk}, a D-nummer (day + 40). */
    static Identitetsnummer syntetiskDnummer(LocalDate foedt, int individFra) {
        return syntetisk(foedt.getDayOfMonth() + 40, foedt, individFra);
    }

    private static Identitetsnummer syntetisk(int dag, LocalDate foedt, int individFra) {
        String prefix = "%02d%02d%02d".formatted(dag, foedt.getMonthValue() + 80, foedt.getYear() % 100);
        for (int individ = individFra; individ < individFra + 100; individ++) {
            String ni = prefix + "%03d".formatted(individ);
            int k1 = kontroll(ni, new int[]{3, 7, 6, 1, 8, 9, 4, 5, 2});
            if (k1 < 0) {
                continue;
            }
            int k2 = kontroll(ni + k1, new int[]{5, 4, 3, 2, 7, 6, 5, 4, 3, 2});
            if (k2 >= 0) {
                return Identitetsnummer.of(ni + k1 + k2);
            }
        }
        throw new IllegalStateException("no valid number in range");
    }

    private static int kontroll(String digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += (digits.charAt(i) - '0') * weights[i];
        }
        int k = 11 - sum % 11;
        return k == 11 ? 0 : k == 10 ? -1 : k;
    }

    // ---- addresses

    static Adresse.Vegadresse veg(String gate, int nr, Gradering g) {
        return new Adresse.Vegadresse(null, gate, nr, null, "H0101", "0150", "OSLO", "0301", "12345", g);
    }

    static Adresse.Vegadresse veg(String gate, int nr) {
        return veg(gate, nr, Gradering.UGRADERT);
    }

    static Adresse.Matrikkeladresse matrikkel(Integer gnr, Integer bnr) {
        return new Adresse.Matrikkeladresse(null, null, gnr, bnr, 0, "9980", "BERLEVÅG", "5630", Gradering.UGRADERT);
    }

    static Adresse.Postboksadresse postboks(String nr) {
        return new Adresse.Postboksadresse(null, nr, "8890", "LEIRFJORD", Gradering.UGRADERT);
    }

    static Adresse.Utenlandsk utland(String linje, String postkode, String by, String land) {
        return new Adresse.Utenlandsk(List.of(linje), postkode, by, land, Gradering.UGRADERT);
    }

    // ---- persons

    static P voksen(int n) {
        return new P(syntetisk(LocalDate.of(1985, 3, 1 + n), 100), LocalDate.of(1985, 3, 1 + n));
    }

    static P barn(int n) {
        return new P(syntetisk(LocalDate.of(2015, 6, 1 + n), 500), LocalDate.of(2015, 6, 1 + n));
    }

    /** A baby (born 2026), e.g. a teenage parent's own child. */
    static P spedbarn(int n) {
        return new P(syntetisk(LocalDate.of(2026, 1, 1 + n), 500), LocalDate.of(2026, 1, 1 + n));
    }

    /** A person builder: bosatt, ugradert, no address until given one. */
    static final class P {
        private final Identitetsnummer id;
        private final LocalDate foedt;
        private Personstatus status = Personstatus.BOSATT;
        private String fornavn = "Test";
        private LocalDate doed;
        private Gradering gradering = Gradering.UGRADERT;
        private Adresse bosted;
        private Adresse post;
        private Adresse utland;
        private boolean ukjentBosted;
        private final Set<Adressefelt> uleselige = EnumSet.noneOf(Adressefelt.class);
        private final List<Familierelasjon> relasjoner = new ArrayList<>();
        private final List<Foreldreansvar> ansvar = new ArrayList<>();
        private final List<DeltBosted> delt = new ArrayList<>();
        private final List<Identitetsnummer> tidligere = new ArrayList<>();

        P(Identitetsnummer id, LocalDate foedt) {
            this.id = id;
            this.foedt = foedt;
        }

        Identitetsnummer id() {
            return id;
        }

        P navn(String fornavn) {
            this.fornavn = fornavn;
            return this;
        }

        P bosted(Adresse a) {
            this.bosted = a;
            return this;
        }

        P post(Adresse a) {
            this.post = a;
            return this;
        }

        P utland(Adresse a) {
            this.utland = a;
            return this;
        }

        P ukjentBosted() {
            this.ukjentBosted = true;
            return this;
        }

        /** The register gave this address element with a value that cannot be read (the slot keeps what could be). */
        P uleselig(Adressefelt felt) {
            this.uleselige.add(felt);
            return this;
        }

        P gradering(Gradering g) {
            this.gradering = g;
            return this;
        }

        P doed() {
            this.status = Personstatus.DOED;
            this.doed = LocalDate.of(2026, 11, 1);
            return this;
        }

        P forelder(P forelder, Familierelasjon.Rolle rolle) {
            relasjoner.add(new Familierelasjon(forelder.id, rolle, Familierelasjon.Rolle.BARN));
            return this;
        }

        /** Responsibility registered on this child; {@code holder} may be null (register names no holder). */
        P ansvar(Foreldreansvar.Ansvar a, P holder) {
            ansvar.add(new Foreldreansvar(a, holder == null ? null : holder.id, id));
            return this;
        }

        /** An earlier number the register reports for this person (e.g. the D-nummer a fødselsnummer replaced). */
        P tidligere(Identitetsnummer id) {
            tidligere.add(id);
            return this;
        }

        /**
         * Responsibility this person holds for their own child: Folkeregisteret puts such entries on the holder's document
         * too ({@code ansvarlig} = this person, {@code ansvarssubjekt} = the child; contract example 17868597437).
         */
        P ansvarForEgetBarn(Foreldreansvar.Ansvar a, P egetBarn) {
            ansvar.add(new Foreldreansvar(a, id, egetBarn.id));
            return this;
        }

        P deltBosted(Adresse a) {
            delt.add(new DeltBosted(a, LocalDate.of(2024, 1, 1), null));
            return this;
        }

        Person bygg() {
            return new Person(id, status, new Navn(fornavn, null, "Testesen"), foedt, doed, gradering, bosted, post, utland,
                    ukjentBosted, "0301", null, relasjoner, ansvar, delt, tidligere, uleselige);
        }
    }

    // ---- KRR answers

    /** Not reserved, active, notifiable, with a digital mailbox. */
    static KrrKontakt krrDigital(Identitetsnummer id) {
        return new KrrKontakt(id, false, KrrKontakt.Status.AKTIV, true, EPOST, FERSK, MOBIL, FERSK,
                new KrrKontakt.DigitalPostkasse("test#ABCD", "984661185"), "nb");
    }

    /** Not reserved, active, notifiable, no digital mailbox (SvarUt's own digital delivery with an SMS notification). */
    static KrrKontakt krrVarselUtenPostkasse(Identitetsnummer id) {
        return new KrrKontakt(id, false, KrrKontakt.Status.AKTIV, true, null, null, MOBIL, FERSK, null, "nb");
    }

    /** Reserved (KRR then reports KAN_IKKE_VARSLES); contact channels updated at the given times (null = absent). */
    static KrrKontakt krrReservert(Identitetsnummer id, OffsetDateTime mobilOppdatert, OffsetDateTime epostOppdatert) {
        return new KrrKontakt(id, true, KrrKontakt.Status.AKTIV, false, epostOppdatert == null ? null : EPOST, epostOppdatert,
                mobilOppdatert == null ? null : MOBIL, mobilOppdatert, null, "nb");
    }

    /** Not reserved, active, but contact data older than 18 months (KAN_IKKE_VARSLES), mailbox still registered. */
    static KrrKontakt krrUtgaatt(Identitetsnummer id) {
        return new KrrKontakt(id, false, KrrKontakt.Status.AKTIV, false, EPOST, UTGAATT, MOBIL, UTGAATT,
                new KrrKontakt.DigitalPostkasse("test#ABCD", "984661185"), "nb");
    }

    /** KRR answered without a status (UKJENT), with everything else that would allow digital post and notification. */
    static KrrKontakt krrUtenStatus(Identitetsnummer id) {
        return new KrrKontakt(id, false, KrrKontakt.Status.UKJENT, true, EPOST, FERSK, MOBIL, FERSK,
                new KrrKontakt.DigitalPostkasse("test#ABCD", "984661185"), "nb");
    }

    static KrrKontakt krrStatus(Identitetsnummer id, KrrKontakt.Status status) {
        return new KrrKontakt(id, false, status, false, null, null, null, null, null, null);
    }

    // ---- JSON as a route would write a decision

    static ObjectMapper json() {
        SimpleModule ids = new SimpleModule();
        ids.addSerializer(Identitetsnummer.class, new JsonSerializer<>() {
            @Override
            public void serialize(Identitetsnummer value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.value());
            }
        });
        ids.addSerializer(Organisasjonsnummer.class, ToStringSerializer.instance);
        return new ObjectMapper().findAndRegisterModules().registerModule(ids);
    }
}
