package no.kommune.esb.hendelser.flyt;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fan-out batch's screening of a protected person's stored rows ({@link Adressetilbakeholding}) against the real
 * embedded PostgreSQL and the migrated schema, beside a delivery round that holds one of the person's rows locked (as a
 * round does while it sends). Two transactions on two threads, stepped by a latch; the batch's statements run with a
 * lock timeout, so a batch that waits for the round fails instead of hanging.
 */
class AdressetilbakeholdingTest {

    static MigrertDatabase database;
    static JdbcTemplate jdbc;
    static TransactionTemplate tx;

    /** Strengt fortrolig since the register's last answer; eiendomsskatt may not see a protected address. */
    static final Identitetsnummer BESKYTTET = Identitetsnummer.of("12818730045");
    static final String FAGSYSTEM = "eiendomsskatt";
    static final String MED_ADRESSE = "{\"person\":{\"fnr\":\"12818730045\",\"bostedsadresse\":{\"adressenavn\":\"Hemmelig vei\"}}}";
    static final String UTEN_ADRESSE = "{\"person\":{\"fnr\":\"12818730045\",\"adresseTilbakeholdt\":true}}";

    @BeforeAll
    static void start() throws Exception {
        database = MigrertDatabase.start();
        jdbc = database.jdbc;
        tx = database.tx;
    }

    @AfterAll
    static void stopp() throws Exception {
        database.close();
    }

    /**
     * A delivery round is sending the protected person's newest row (made after the grading, so without the address)
     * while the batch screens the person's rows. Before, the batch locked every row of the person and waited for the
     * round to end (each batch with such a person waited for any round sending one of their rows). Now it locks only the rows that still hold an address: the older row loses it, the batch does not
     * wait, and the row being sent is left as it is.
     */
    @Test
    void should_withhold_the_address_of_an_older_row_without_waiting_for_a_round_sending_a_row_that_holds_none() throws Exception {
        long gammel = rad(1, MED_ADRESSE, "LEVERT");
        long underveis = rad(2, UTEN_ADRESSE, "VENTER");
        Adressetilbakeholding tilbakeholding = new Adressetilbakeholding(jdbc,
                FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")), new SimpleMeterRegistry());
        CountDownLatch laast = new CountDownLatch(1);
        CountDownLatch slipp = new CountDownLatch(1);
        CompletableFuture<Void> runde = CompletableFuture.runAsync(() -> tx.executeWithoutResult(s -> {
            jdbc.queryForList("select 1 from levering where sekvensnummer = ? and fagsystem = ? for update", underveis, FAGSYSTEM);
            laast.countDown();
            try {
                slipp.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertThat(laast.await(60, TimeUnit.SECONDS)).isTrue();

            tx.executeWithoutResult(s -> {
                jdbc.execute("set local lock_timeout = '2s'");
                tilbakeholding.tilbakeholdVentende(Map.of(BESKYTTET, beskyttet()));
            });

            assertThat(dokument(gammel)).doesNotContain("Hemmelig vei").contains("\"adresseTilbakeholdt\":true");
            assertThat(dokument(underveis)).isEqualTo(UTEN_ADRESSE);
        } finally {
            slipp.countDown();
            runde.get(60, TimeUnit.SECONDS);
        }
    }

    /** The mother's child, not graded (lives with the father); the school sees the parents with foreldreansvar. */
    static final String BARN = "01101050048";
    static final String FAR = "02027050088";

    /**
     * The register grades a mother whose child lives with the father: the child is not graded, but the child's stored
     * rows hold the mother's address as a related person (the school's file waits for the night, a dead letter keeps
     * its document). Until session 25 only the protected person's own rows were screened, so the mother's address
     * stayed in the child's rows and went out in the school's file (DOMAIN.md rule 5). Her entry and the child's delt
     * bosted at her home lose their addresses (in barnevern's too: a strengt fortrolig address goes to no fagsystem); the
     * father's and the child's own address stay; an entry without an identity number is known by its role.
     */
    @Test
    void should_withhold_a_protected_parents_address_in_her_childs_rows_and_dead_letters() throws Exception {
        String medMor = """
                {"person":{"bostedsadresse":{"adressenavn":"Farsgate"},"deltBosted":[{"adresse":{"adressenavn":"Hemmelig vei"}}]},
                 "relaterte":[{"relasjon":"MOR","identitetsnummer":"12818730045","bostedsadresse":{"adressenavn":"Hemmelig vei"}},
                              {"relasjon":"FAR","identitetsnummer":"%s","bostedsadresse":{"adressenavn":"Farsgate"}}]}""".formatted(FAR);
        String utenNummer = """
                {"person":{"bostedsadresse":{"adressenavn":"Farsgate"}},
                 "relaterte":[{"relasjon":"MOR","bostedsadresse":{"adressenavn":"Hemmelig vei"}}]}""";
        long skole = rad(10, BARN, "skole", medMor, "VENTER");
        long feilet = rad(11, BARN, "skole", utenNummer, "FEILET");
        jdbc.update("insert into dead_letter (id, kilde, referanse, payload, grunn) values (gen_random_uuid(), 'hendelser-levering', ?, ?, 'x')",
                feilet + "/skole", utenNummer.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // barnevern may see protected addresses, but never a strengt fortrolig one
        long barnevern = rad(12, BARN, "barnevern", medMor, "VENTER");
        Person mor = beskyttet(List.of(new no.kommune.esb.model.Familierelasjon(Identitetsnummer.of(BARN),
                no.kommune.esb.model.Familierelasjon.Rolle.BARN, no.kommune.esb.model.Familierelasjon.Rolle.MOR)));
        Adressetilbakeholding tilbakeholding = new Adressetilbakeholding(jdbc,
                FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")), new SimpleMeterRegistry());

        tx.executeWithoutResult(s -> tilbakeholding.tilbakeholdVentende(Map.of(BESKYTTET, mor)));

        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var etter = json.readTree(dokument(skole, "skole"));
        assertThat(etter.toString()).doesNotContain("Hemmelig vei");
        assertThat(etter.path("relaterte").get(0).path("adresseTilbakeholdt").asBoolean()).isTrue();
        assertThat(etter.path("relaterte").get(1).path("bostedsadresse").path("adressenavn").asText()).isEqualTo("Farsgate");
        assertThat(etter.path("person").path("bostedsadresse").path("adressenavn").asText()).isEqualTo("Farsgate");
        assertThat(dokument(feilet, "skole")).doesNotContain("Hemmelig vei").contains("Farsgate");
        assertThat(new String(jdbc.queryForObject("select payload from dead_letter where referanse = ?", byte[].class, feilet + "/skole"),
                java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("Hemmelig vei").contains("Farsgate");
        assertThat(dokument(barnevern, "barnevern")).doesNotContain("Hemmelig vei").contains("Farsgate");
    }

    /** A child whose stored rows name the protected person, though her own record does not name the child. */
    static final String BARNEBARN = "03101550047";
    static final String ANNEN = "04047512345";

    /**
     * The rows of a person whose document shows a protected person's home, found by the other persons their document
     * may show ({@code levering.naere}, V56), not by her record: here her record names no relative at all (the register
     * need not list every person whose document shows her: a child for whom she holds foreldreansvar as {@code andre},
     * a relation registered on one side only). Until session 26 the screening read only the rows of the relatives her
     * record named, so her address stayed in this child's rows and dead letter and went out (DOMAIN.md rule 5). Her entry
     * is known by its place: the entry before it, of another person of the same role and without an identity number,
     * keeps its address (the role-based path of rows stored before V56 would withhold both); the child's delt bosted at
     * her home goes (the {@code deltBosted:} element). A dead letter kept from before a replay, whose entries are not as
     * many as the row's naere, loses the address of every entry without an identity number (fail closed).
     */
    @Test
    void should_withhold_a_protected_persons_address_in_the_rows_naming_her_though_her_record_does_not_name_their_person() throws Exception {
        String dokument = """
                {"person":{"bostedsadresse":{"adressenavn":"Barnegata"},"deltBosted":[{"adresse":{"adressenavn":"Hemmelig vei"}}]},
                 "relaterte":[{"relasjon":"ANNEN","bostedsadresse":{"adressenavn":"Annenveien"}},
                              {"relasjon":"ANNEN","bostedsadresse":{"adressenavn":"Hemmelig vei"}}]}""";
        String[] naere = {ANNEN, BESKYTTET.value(), "deltBosted:" + BESKYTTET.value()};
        long venter = rad(30, BARNEBARN, "skole", dokument, "VENTER");
        long feilet = rad(31, BARNEBARN, "skole", dokument, "FEILET");
        jdbc.update("update levering set naere = ? where sekvensnummer in (?, ?)", naere, venter, feilet);
        String foerReplay = """
                {"relaterte":[{"relasjon":"ANNEN","bostedsadresse":{"adressenavn":"Hemmelig vei"}}]}""";
        jdbc.update("insert into dead_letter (id, kilde, referanse, payload, grunn) values (gen_random_uuid(), 'hendelser-levering', ?, ?, 'z')",
                feilet + "/skole", foerReplay.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Adressetilbakeholding tilbakeholding = new Adressetilbakeholding(jdbc,
                FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")), new SimpleMeterRegistry());

        tx.executeWithoutResult(s -> tilbakeholding.tilbakeholdVentende(Map.of(BESKYTTET, beskyttet())));

        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var skjermet = json.readTree("""
                {"person":{"bostedsadresse":{"adressenavn":"Barnegata"},"deltBosted":[{}],"adresseTilbakeholdt":true},
                 "relaterte":[{"relasjon":"ANNEN","bostedsadresse":{"adressenavn":"Annenveien"}},
                              {"relasjon":"ANNEN","adresseTilbakeholdt":true}]}""");
        assertThat(json.readTree(dokument(venter, "skole"))).isEqualTo(skjermet);
        assertThat(json.readTree(dokument(feilet, "skole"))).isEqualTo(skjermet);
        assertThat(json.readTree(deadLetter(feilet + "/skole", "z"))).isEqualTo(json.readTree("""
                {"relaterte":[{"relasjon":"ANNEN","adresseTilbakeholdt":true}]}"""));
        // the row's naere no longer names her: a later batch meeting her does not read it again
        assertThat(jdbc.queryForObject("select array_to_string(naere, ',', '-') from levering where sekvensnummer = ?", String.class, venter))
                .isEqualTo(ANNEN + ",-");
        // the rows are found through the naere column's index, not by reading levering (as the screening runs it)
        String plan = tx.execute(s -> {
            jdbc.execute("set local enable_seqscan = off; set local enable_hashjoin = off");
            return String.join("\n", jdbc.queryForList("explain " + Adressetilbakeholding.NAERE.replace("?::text[]", "'{12818730045}'::text[]"), String.class));
        });
        assertThat(plan).contains("levering_naere_idx");
    }

    /**
     * A protected person's own rows are read while they still hold an address, once: the row's naere names her as its
     * own person ({@code person:<number>}) only while its document shows a home, and the screening drops it when it
     * strips the row. Until session 26 every batch that met her read every stored row of hers (and of every relative),
     * stripped or not (the event benchmark: ~25,000 rows read for ~800 protected persons met).
     */
    @Test
    void should_read_a_protected_persons_own_row_until_it_is_stripped_and_not_after() throws Exception {
        jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, status) values (50, ?, 'endringIBostedsadresse', 'FORDELT')",
                BESKYTTET.value());
        jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek, naere) values (50, ?, 'LEVERT', ?, now(), ?)",
                FAGSYSTEM, MED_ADRESSE, new String[]{"person:" + BESKYTTET.value()});
        jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, status) values (51, ?, 'endringIBostedsadresse', 'FORDELT')",
                BESKYTTET.value());
        jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek, naere) values (51, ?, 'VENTER', ?, now(), '{}')",
                FAGSYSTEM, UTEN_ADRESSE);
        SimpleMeterRegistry meter = new SimpleMeterRegistry();
        Adressetilbakeholding tilbakeholding = new Adressetilbakeholding(jdbc,
                FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")), meter);
        // the rows of this class's other cases that name her are out of the way here
        jdbc.update("update levering set naere = '{}', eiere = null where sekvensnummer not in (50, 51)");

        tx.executeWithoutResult(s -> tilbakeholding.tilbakeholdVentende(Map.of(BESKYTTET, beskyttet())));
        double foerste = meter.counter("esb.hendelser.fordeling.tilbakeholding.rader").count();
        tx.executeWithoutResult(s -> tilbakeholding.tilbakeholdVentende(Map.of(BESKYTTET, beskyttet())));
        double andre = meter.counter("esb.hendelser.fordeling.tilbakeholding.rader").count() - foerste;

        assertThat(dokument(50)).doesNotContain("Hemmelig vei").contains("\"adresseTilbakeholdt\":true");
        assertThat(jdbc.queryForObject("select cardinality(naere) from levering where sekvensnummer = 50", Integer.class)).isZero();
        assertThat(foerste).as("the row holding her address, not the one made without it").isEqualTo(1);
        assertThat(andre).as("nothing left to read").isZero();
    }

    /** Fortrolig: a fagsystem that may see protected addresses (barnevern) may see hers. */
    static final Identitetsnummer FORTROLIG = Identitetsnummer.of("13818730084");

    /**
     * A fortrolig person's rows are read only where a fagsystem may not see her home: barnevern's row (it may see
     * protected addresses) keeps her address and is not read at all; the school's loses it. Until then every batch that
     * met her read her rows of every fagsystem, finding nothing to do in those that may see her (after the naere column,
     * most of what the screening still read in the event benchmark).
     */
    @Test
    void should_not_read_a_fortrolig_persons_rows_of_a_fagsystem_that_may_see_her_home() throws Exception {
        String medAdresse = "{\"person\":{\"bostedsadresse\":{\"adressenavn\":\"Skjult gate\"}}}";
        for (Object[] rad : new Object[][]{{60L, "barnevern"}, {61L, "skole"}}) {
            jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, status) values (?, ?, 'endringIBostedsadresse', 'FORDELT')",
                    rad[0], FORTROLIG.value());
            jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek, naere) values (?, ?, 'VENTER', ?, now(), ?)",
                    rad[0], rad[1], medAdresse, new String[]{"person:" + FORTROLIG.value()});
        }
        Adresse skjult = new Adresse.Vegadresse(null, "Skjult gate", 2, null, null, "3000", "DRAMMEN", "3301", "13000", Gradering.FORTROLIG);
        Person fortrolig = new Person(FORTROLIG, Personstatus.BOSATT, new Navn("Kari", null, "Lie"), null, null, Gradering.FORTROLIG, skjult,
                null, null, false, "3301", null, List.of(), List.of(), List.of(), List.of());
        SimpleMeterRegistry meter = new SimpleMeterRegistry();
        Adressetilbakeholding tilbakeholding = new Adressetilbakeholding(jdbc,
                FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")), meter);

        tx.executeWithoutResult(s -> tilbakeholding.tilbakeholdVentende(Map.of(FORTROLIG, fortrolig)));

        assertThat(dokument(60, "barnevern")).isEqualTo(medAdresse);
        assertThat(dokument(61, "skole")).doesNotContain("Skjult gate").contains("\"adresseTilbakeholdt\":true");
        assertThat(meter.counter("esb.hendelser.fordeling.tilbakeholding.rader").count()).as("the school's row only").isEqualTo(1);
    }

    /** An owner of the unit where the protected person lives, not related to her. */
    static final String EIER = "05067012345";

    /**
     * The register grades a co-owner after another owner's rows were made: the units at his home name her (eiendomsskatt
     * sees owners by name and share), and she is not in his familierelasjoner. Until session 25 the screening read only
     * the protected person's rows and her relatives', so her name stayed in his rows of every status and their dead
     * letters (DOMAIN.md rule 5: owning a unit at that address says where she lives). The rows' owners' numbers
     * ({@code levering.eiere}, V55: one per entry, in the document's order, null for the company) find them: her entries
     * become {@code {"skjermet": true, "andel"}}, his name and the company's stay. A dead letter whose document no longer
     * matches the row's owners (made before a replay made the row again) loses every name: nothing tells hers (fail closed).
     */
    @Test
    void should_withhold_a_protected_co_owners_name_in_another_owners_rows_and_dead_letters() throws Exception {
        String enheter = """
                {"person":{"bostedsadresse":{"adressenavn":"Hemmelig vei"}},
                 "matrikkelenheter":[{"gaardsnummer":1,"eiere":[{"navn":"Ola Eier","andel":"1/4"},{"navn":"Lene Lie","andel":"1/4"},
                                                               {"navn":"Eiendom AS","andel":"1/2"}]},
                                     {"gaardsnummer":2,"eiere":[{"navn":"Lene Lie","andel":"1/1"}]}]}""";
        String[] eiere = {EIER, BESKYTTET.value(), null, BESKYTTET.value()};
        long venter = rad(20, EIER, FAGSYSTEM, enheter, "VENTER");
        long feilet = rad(21, EIER, FAGSYSTEM, enheter, "FEILET");
        jdbc.update("update levering set eiere = ? where sekvensnummer in (?, ?)", eiere, venter, feilet);
        jdbc.update("insert into dead_letter (id, kilde, referanse, payload, grunn) values (gen_random_uuid(), 'hendelser-levering', ?, ?, 'x')",
                feilet + "/" + FAGSYSTEM, enheter.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String foerReplay = """
                {"matrikkelenheter":[{"gaardsnummer":1,"eiere":[{"navn":"Ola Eier","andel":"1/2"},{"navn":"Lene Lie","andel":"1/2"}]}]}""";
        jdbc.update("insert into dead_letter (id, kilde, referanse, payload, grunn) values (gen_random_uuid(), 'hendelser-levering', ?, ?, 'y')",
                feilet + "/" + FAGSYSTEM, foerReplay.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Adressetilbakeholding tilbakeholding = new Adressetilbakeholding(jdbc,
                FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")), new SimpleMeterRegistry());

        tx.executeWithoutResult(s -> tilbakeholding.tilbakeholdVentende(Map.of(BESKYTTET, beskyttet())));

        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String skjermet = """
                {"person":{"bostedsadresse":{"adressenavn":"Hemmelig vei"}},
                 "matrikkelenheter":[{"gaardsnummer":1,"eiere":[{"navn":"Ola Eier","andel":"1/4"},{"skjermet":true,"andel":"1/4"},
                                                               {"navn":"Eiendom AS","andel":"1/2"}]},
                                     {"gaardsnummer":2,"eiere":[{"skjermet":true,"andel":"1/1"}]}]}""";
        assertThat(json.readTree(dokument(venter, FAGSYSTEM))).isEqualTo(json.readTree(skjermet));
        assertThat(jdbc.queryForObject("select array_to_string(eiere, ',', '-') from levering where sekvensnummer = ?", String.class, venter))
                .as("her places no longer name her: a later batch does not read the row again").isEqualTo(EIER + ",-,-,-");
        assertThat(json.readTree(dokument(feilet, FAGSYSTEM))).isEqualTo(json.readTree(skjermet));
        assertThat(json.readTree(deadLetter(feilet + "/" + FAGSYSTEM, "x"))).isEqualTo(json.readTree(skjermet));
        assertThat(json.readTree(deadLetter(feilet + "/" + FAGSYSTEM, "y"))).isEqualTo(json.readTree("""
                {"matrikkelenheter":[{"gaardsnummer":1,"eiere":[{"skjermet":true,"andel":"1/2"},{"skjermet":true,"andel":"1/2"}]}]}"""));
        // the rows are found through the owners' numbers' index, not by reading levering (as the screening runs it)
        String plan = tx.execute(s -> {
            jdbc.execute("set local enable_seqscan = off; set local enable_hashjoin = off");
            return String.join("\n", jdbc.queryForList("explain " + Adressetilbakeholding.MEDEIERE.replace("?::text[]", "'{12818730045}'::text[]"), String.class));
        });
        assertThat(plan).contains("levering_eiere_idx");
    }

    /**
     * A dead letter names whom its payload names, not whom its row names after a replay: the owner's row failed for
     * good while the units at his home listed the protected co-owner, and a replay made the row again without her (the
     * units' owners changed). Before V58 the screening found and judged dead letters by their row's owners' numbers, so
     * when she was graded later this dead letter was never read and kept her name (DOMAIN.md rule 5). Now it keeps the
     * numbers it was written with (dead_letter.eiere) and her entry, known by its place, becomes {@code {"skjermet":
     * true, "andel"}}; his name stays; the replayed row, which does not name her, is left as it is.
     */
    @Test
    void should_withhold_a_protected_co_owners_name_in_a_dead_letter_whose_row_a_replay_made_again_without_her() throws Exception {
        String medHenne = """
                {"matrikkelenheter":[{"gaardsnummer":1,"eiere":[{"navn":"Ola Eier","andel":"1/2"},{"navn":"Lene Lie","andel":"1/2"}]}]}""";
        String utenHenne = """
                {"matrikkelenheter":[{"gaardsnummer":1,"eiere":[{"navn":"Ola Eier","andel":"1/1"}]}]}""";
        long seq = rad(40, EIER, FAGSYSTEM, medHenne, "FEILET");
        jdbc.update("update levering set eiere = ? where sekvensnummer = ?", new String[]{EIER, BESKYTTET.value()}, seq);
        deadLetterSomRunden(seq, FAGSYSTEM, medHenne);
        replay(seq, FAGSYSTEM, utenHenne, List.of(EIER), List.of());

        gradering();

        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.readTree(deadLetter(seq + "/" + FAGSYSTEM, "runde"))).isEqualTo(json.readTree("""
                {"matrikkelenheter":[{"gaardsnummer":1,"eiere":[{"navn":"Ola Eier","andel":"1/2"},{"skjermet":true,"andel":"1/2"}]}]}"""));
        assertThat(json.readTree(dokument(seq, FAGSYSTEM))).isEqualTo(json.readTree(utenHenne));
    }

    /**
     * The same for a relative: the child's school row failed for good while its document showed the protected person
     * (a {@code relaterte} entry, by its place in naere), and a replay made it again without her. Her entry in the dead
     * letter loses its address; the other entry of the same role, without an identity number, keeps its own (the
     * dead letter's own naere tells them apart, where its row's would fail closed). Failed before V58: her address stayed.
     * The dead letters are found through the partial GIN indexes of V58 (the plan, as the screening runs it).
     */
    @Test
    void should_withhold_a_protected_relatives_address_in_a_dead_letter_whose_row_a_replay_made_again_without_her() throws Exception {
        String medHenne = """
                {"person":{"bostedsadresse":{"adressenavn":"Barnegata"}},
                 "relaterte":[{"relasjon":"ANNEN","bostedsadresse":{"adressenavn":"Annenveien"}},
                              {"relasjon":"ANNEN","bostedsadresse":{"adressenavn":"Hemmelig vei"}}]}""";
        String utenHenne = """
                {"person":{"bostedsadresse":{"adressenavn":"Barnegata"}},
                 "relaterte":[{"relasjon":"ANNEN","bostedsadresse":{"adressenavn":"Annenveien"}}]}""";
        long seq = rad(41, BARNEBARN, "skole", medHenne, "FEILET");
        jdbc.update("update levering set naere = ? where sekvensnummer = ?", new String[]{ANNEN, BESKYTTET.value()}, seq);
        deadLetterSomRunden(seq, "skole", medHenne);
        replay(seq, "skole", utenHenne, null, List.of(ANNEN));

        gradering();

        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.readTree(deadLetter(seq + "/skole", "runde"))).isEqualTo(json.readTree("""
                {"person":{"bostedsadresse":{"adressenavn":"Barnegata"}},
                 "relaterte":[{"relasjon":"ANNEN","bostedsadresse":{"adressenavn":"Annenveien"}},
                              {"relasjon":"ANNEN","adresseTilbakeholdt":true}]}"""));
        assertThat(json.readTree(dokument(seq, "skole"))).isEqualTo(json.readTree(utenHenne));
        // among a few thousand other dead letters, counted by ANALYZE (on a near-empty table reading a whole small index
        // is cheaper than any look-up); rolled back with them
        String plan = tx.execute(s -> {
            s.setRollbackOnly();
            jdbc.update("""
                    insert into dead_letter (id, kilde, referanse, grunn, payload, eiere, naere)
                    select gen_random_uuid(), 'hendelser-levering', n || '/skole', 'plan', '{}'::bytea, '{}', array[lpad(n::text, 11, '0')]
                      from generate_series(100000, 104999) as n""");
            jdbc.execute("analyze dead_letter");
            jdbc.execute("set local enable_seqscan = off; set local enable_hashjoin = off");
            return String.join("\n", jdbc.queryForList("explain " + Adressetilbakeholding.DEAD_LETTERS
                    .replace("any(?)", "any('{}'::text[])").replace("?::text[]", "'{12818730045}'::text[]"), String.class));
        });
        assertThat(plan).contains("dead_letter_eiere_idx").contains("dead_letter_naere_idx");
    }

    /** A fødselsnummer that replaced a D-nummer (the register answers under the number in use, without its earlier ones). */
    static final Identitetsnummer NYTT_NUMMER = Identitetsnummer.of("10879042092");
    static final String GAMMELT_DNUMMER = "50879041020";
    /** A child whose rows name her, by the D-nummer she had when they were made. */
    static final String BARN_AV_DNUMMER = "07101550041";

    /**
     * The register grades a person whose D-nummer was replaced by a fødselsnummer. Her rows made before the change stand
     * under the D-nummer (their event's number, {@code person:<D-nummer>} in their naere), and so does her entry in her
     * child's rows; the batch that learns of the grading asks the register without history, so its answer names only the
     * fødselsnummer. Until session 29 the screening looked for the rows naming that number only: the waiting rows under
     * the D-nummer kept her address and went out with it (DOMAIN.md rule 5). Now the numbers {@code personidentitet}
     * links to hers (V45: learnt by the fan-out when the number changed) are hers too.
     */
    @Test
    void should_withhold_a_protected_persons_address_in_the_rows_made_under_the_d_nummer_her_foedselsnummer_replaced() throws Exception {
        String egen = "{\"person\":{\"bostedsadresse\":{\"adressenavn\":\"Dnummerveien\"}}}";
        long venter = rad(80, GAMMELT_DNUMMER, FAGSYSTEM, egen, "VENTER");
        jdbc.update("update levering set naere = ? where sekvensnummer = ?", new String[]{"person:" + GAMMELT_DNUMMER}, venter);
        String barnets = """
                {"person":{"bostedsadresse":{"adressenavn":"Barnegata"}},
                 "relaterte":[{"relasjon":"MOR","identitetsnummer":"%s","bostedsadresse":{"adressenavn":"Dnummerveien"}}]}"""
                .formatted(GAMMELT_DNUMMER);
        long barn = rad(81, BARN_AV_DNUMMER, "skole", barnets, "VENTER");
        jdbc.update("update levering set naere = ? where sekvensnummer = ?", new String[]{"person:" + BARN_AV_DNUMMER, GAMMELT_DNUMMER}, barn);
        jdbc.update("insert into personidentitet (identifikator, person) values (?, ?), (?, ?)",
                NYTT_NUMMER.value(), NYTT_NUMMER.value(), GAMMELT_DNUMMER, NYTT_NUMMER.value());
        Adresse skjult = new Adresse.Vegadresse(null, "Dnummerveien", 3, null, null, "3000", "DRAMMEN", "3301", "13000", Gradering.STRENGT_FORTROLIG);
        Person gradert = new Person(NYTT_NUMMER, Personstatus.BOSATT, new Navn("Ana", null, "Silva"), null, null, Gradering.STRENGT_FORTROLIG,
                skjult, null, null, false, "3301", null, List.of(), List.of(), List.of(), List.of());
        Adressetilbakeholding tilbakeholding = new Adressetilbakeholding(jdbc,
                FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")), new SimpleMeterRegistry());

        tx.executeWithoutResult(s -> tilbakeholding.tilbakeholdVentende(Map.of(NYTT_NUMMER, gradert)));

        assertThat(dokument(venter, FAGSYSTEM)).doesNotContain("Dnummerveien").contains("\"adresseTilbakeholdt\":true");
        assertThat(dokument(barn, "skole")).doesNotContain("Dnummerveien").contains("Barnegata");
    }

    /** A child living with the protected mother, not graded itself; a husband living with her. */
    static final String BARN_HOS_MOR = "15088030181";
    static final String EKTEMANN = "06057012127";
    /** Her home as a view shows it (another flat of her building: the same place), and a house further up her street. */
    static final String HENNES_HJEM = """
            {"type":"VEGADRESSE","adressenavn":"Hemmelig vei","husnummer":1,"bruksenhetsnummer":"H0201","postnummer":"3000",\
            "kommunenummer":"3301","adressekode":"13000","gradering":"UGRADERT"}""";
    static final String ANNET_HUS = HENNES_HJEM.replace("\"husnummer\":1", "\"husnummer\":3");

    /**
     * The register grades a mother after her child's rows were stored; the child lives with her and is not graded
     * itself. The screening found the rows (her entry, by its place in naere) and stripped her entry only: the child's own
     * residence, her home, and its kommunenummer stayed in the school's waiting row, its failed row and dead letter and
     * barnevern's delivered row, and went out with the file, a retry or a redrive (DOMAIN.md rule 5; until session 30).
     * Now an address in the document at the same place as her residence goes too, as {@link
     * no.kommune.esb.hendelser.Dataminimering} withholds it when the document is made; the father's address elsewhere
     * stays, and so does the child's residence in an older row, from when it lived in another house of her street.
     */
    @Test
    void should_withhold_the_residence_of_a_person_living_with_a_relative_graded_after_the_rows_were_stored() throws Exception {
        String dokument = """
                {"person":{"bostedsadresse":%1$s,"kommunenummer":"3301"},
                 "relaterte":[{"relasjon":"MOR","identitetsnummer":"12818730045","bostedsadresse":%1$s,"kommunenummer":"3301"},
                              {"relasjon":"FAR","identitetsnummer":"%2$s","bostedsadresse":{"type":"VEGADRESSE","adressenavn":"Farsgate","husnummer":2}}]}"""
                .formatted(HENNES_HJEM, FAR);
        String[] naere = {"person:" + BARN_HOS_MOR, BESKYTTET.value(), FAR};
        long venter = rad(90, BARN_HOS_MOR, "skole", dokument, "VENTER");
        long feilet = rad(91, BARN_HOS_MOR, "skole", dokument, "FEILET");
        long levert = rad(92, BARN_HOS_MOR, "barnevern", dokument, "LEVERT");
        long eldre = rad(93, BARN_HOS_MOR, "skole", dokument.replace(HENNES_HJEM, ANNET_HUS), "LEVERT");
        jdbc.update("update levering set naere = ? where sekvensnummer in (?, ?, ?, ?)", naere, venter, feilet, levert, eldre);
        deadLetterSomRunden(feilet, "skole", dokument);

        gradering();

        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var skjermet = json.readTree("""
                {"person":{"adresseTilbakeholdt":true},
                 "relaterte":[{"relasjon":"MOR","identitetsnummer":"12818730045","adresseTilbakeholdt":true},
                              {"relasjon":"FAR","identitetsnummer":"%s","bostedsadresse":{"type":"VEGADRESSE","adressenavn":"Farsgate","husnummer":2}}]}"""
                .formatted(FAR));
        assertThat(json.readTree(dokument(venter, "skole"))).isEqualTo(skjermet);
        assertThat(json.readTree(dokument(feilet, "skole"))).isEqualTo(skjermet);
        assertThat(json.readTree(deadLetter(feilet + "/skole", "runde"))).isEqualTo(skjermet);
        assertThat(json.readTree(dokument(levert, "barnevern"))).isEqualTo(skjermet);
        var annetHus = json.readTree(dokument(eldre, "skole"));
        assertThat(annetHus.path("person").path("bostedsadresse").path("husnummer").asInt()).isEqualTo(3);
        assertThat(annetHus.path("person").path("kommunenummer").asText()).isEqualTo("3301");
        assertThat(annetHus.path("relaterte").get(0).has("bostedsadresse")).isFalse();
    }

    /**
     * The same for a husband's rows whose document shows his wife without an address (pleie-omsorg sees its next of kin
     * by id and name; eiendomsskatt no relative at all): his naere names her as the relative whose home his residence is
     * ({@code hjemTil:}, written by the fan-out, which looked her up), so the screening finds them when the register
     * grades her. Until session 30 nothing named her there: his rows of every status and their dead letters kept her
     * home as his address, with its kommunenummer and the property units (DOMAIN.md rule 5). A post box elsewhere stays.
     */
    @Test
    void should_withhold_a_husbands_residence_at_the_home_of_his_wife_graded_after_his_rows_were_stored() throws Exception {
        String pleie = """
                {"person":{"identitetsnummer":"%2$s","bostedsadresse":%1$s,"kommunenummer":"3301",
                           "postadresse":{"type":"POSTBOKSADRESSE","postboks":"12","postnummer":"3001"}},
                 "relaterte":[{"relasjon":"EKTEFELLE","identitetsnummer":"12818730045","navn":{"fulltNavn":"Lene Lie"}}]}"""
                .formatted(HENNES_HJEM, EKTEMANN);
        String eiendom = """
                {"person":{"bostedsadresse":%s,"kommunenummer":"3301"},
                 "matrikkelenheter":[{"gaardsnummer":7,"bruksnummer":9,"eiere":[{"navn":"Per Lie","andel":"1/1"}]}]}""".formatted(HENNES_HJEM);
        long levert = rad(94, EKTEMANN, "pleie-omsorg", pleie, "LEVERT");
        long feilet = rad(95, EKTEMANN, "pleie-omsorg", pleie, "FEILET");
        long venter = rad(96, EKTEMANN, FAGSYSTEM, eiendom, "VENTER");
        jdbc.update("update levering set naere = ? where sekvensnummer in (?, ?)",
                new String[]{"person:" + EKTEMANN, null, "hjemTil:" + BESKYTTET.value()}, levert, feilet);
        jdbc.update("update levering set naere = ?, eiere = ? where sekvensnummer = ?",
                new String[]{"person:" + EKTEMANN, "hjemTil:" + BESKYTTET.value()}, new String[]{EKTEMANN}, venter);
        deadLetterSomRunden(feilet, "pleie-omsorg", pleie);

        gradering();

        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var skjermet = json.readTree("""
                {"person":{"identitetsnummer":"%s","postadresse":{"type":"POSTBOKSADRESSE","postboks":"12","postnummer":"3001"},
                           "adresseTilbakeholdt":true},
                 "relaterte":[{"relasjon":"EKTEFELLE","identitetsnummer":"12818730045","navn":{"fulltNavn":"Lene Lie"}}]}""".formatted(EKTEMANN));
        assertThat(json.readTree(dokument(levert, "pleie-omsorg"))).isEqualTo(skjermet);
        assertThat(json.readTree(dokument(feilet, "pleie-omsorg"))).isEqualTo(skjermet);
        assertThat(json.readTree(deadLetter(feilet + "/pleie-omsorg", "runde"))).isEqualTo(skjermet);
        assertThat(json.readTree(dokument(venter, FAGSYSTEM))).isEqualTo(json.readTree("{\"person\":{\"adresseTilbakeholdt\":true}}"));
        // the rows no longer show her home: a later batch meeting her does not read them again
        assertThat(jdbc.queryForObject("select array_to_string(naere, ',', '-') from levering where sekvensnummer = ?", String.class, levert))
                .isEqualTo("person:" + EKTEMANN + ",-");
        assertThat(jdbc.queryForObject("select cardinality(naere) from levering where sekvensnummer = ?", Integer.class, venter)).isZero();
    }

    /** The dead letter a delivery round writes when the row fails for good (its statement, with the row's numbers). */
    private static void deadLetterSomRunden(long seq, String fagsystem, String payload) {
        jdbc.update(HendelseLeverer.NY_DEAD_LETTER, java.util.UUID.randomUUID(), HendelseLeverer.deadLetterReferanse(seq, fagsystem, ""),
                "runde", payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), seq, fagsystem, "");
    }

    /** A replay of the row with a new document and its numbers ({@link Leveringslager#lagreReplay}). */
    private static void replay(long seq, String fagsystem, String dokument, List<String> eiere, List<String> naere) throws Exception {
        FagsystemRegistry registry = FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings"));
        var levering = new HendelseFordeler.Levering(seq, registry.finn(fagsystem).orElseThrow(),
                (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(dokument), eiere, naere);
        Skjermingsvakt vakt = new Skjermingsvakt(jdbc, org.mockito.Mockito.mock(no.kommune.esb.folkeregister.FolkeregisterClient.class),
                new Adressetilbakeholding(jdbc, registry, new SimpleMeterRegistry()), new SimpleMeterRegistry());
        assertThat(new Leveringslager(jdbc, tx, registry, new SimpleMeterRegistry())
                .lagreReplay(levering.fagsystem(), List.of(levering), List.of(), vakt.runde(), Map.of()).redrevet()).isEqualTo(1);
    }

    /** The batch that learns the protected person's grading. */
    private static void gradering() throws Exception {
        Adressetilbakeholding tilbakeholding = new Adressetilbakeholding(jdbc,
                FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")), new SimpleMeterRegistry());
        tx.executeWithoutResult(s -> tilbakeholding.tilbakeholdVentende(Map.of(BESKYTTET, beskyttet())));
    }

    private static String deadLetter(String referanse, String grunn) {
        return new String(jdbc.queryForObject("select payload from dead_letter where referanse = ? and grunn = ?", byte[].class, referanse, grunn),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private static long rad(long seq, String identifikator, String fagsystem, String dokument, String status) {
        jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, status) values (?, ?, 'endringIBostedsadresse', 'FORDELT')",
                seq, identifikator);
        jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek) values (?, ?, ?, ?, now())",
                seq, fagsystem, status, dokument);
        return seq;
    }

    private static String dokument(long seq, String fagsystem) {
        return jdbc.queryForObject("select dokument from levering where sekvensnummer = ? and fagsystem = ?", String.class, seq, fagsystem);
    }

    private static long rad(long seq, String dokument, String status) {
        jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, status) values (?, ?, 'endringIBostedsadresse', 'FORDELT')",
                seq, BESKYTTET.value());
        jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek) values (?, ?, ?, ?, now())",
                seq, FAGSYSTEM, status, dokument);
        return seq;
    }

    private static String dokument(long seq) {
        return jdbc.queryForObject("select dokument from levering where sekvensnummer = ? and fagsystem = ?", String.class, seq, FAGSYSTEM);
    }

    private static Person beskyttet() {
        return beskyttet(List.of());
    }

    private static Person beskyttet(List<no.kommune.esb.model.Familierelasjon> familie) {
        Adresse skjult = new Adresse.Vegadresse(null, "Hemmelig vei", 1, null, null, "3000", "DRAMMEN", "3301", "13000", Gradering.STRENGT_FORTROLIG);
        return new Person(BESKYTTET, Personstatus.BOSATT, new Navn("Lene", null, "Lie"), null, null, Gradering.STRENGT_FORTROLIG, skjult,
                null, null, false, "3301", null, familie, List.of(), List.of(), List.of());
    }
}
