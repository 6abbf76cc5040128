package no.kommune.esb.hendelser.flyt;

import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Populasjonsregel;
import no.kommune.esb.hendelser.Portefoljer;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A portfolio as extracts, look-ups and washes ask it ({@link Portefoljer}, through {@link Populasjonsregel}): a person is
 * in it under any of her numbers, the one it registered or one {@code personidentitet} links to it, as in the fan-out
 * ({@code Mottakervalg}). Until session 30 only the number asked counted: payroll, which registers employees by their
 * D-nummer, lost an employee from its portfolio extract once the fødselsnummer replaced it (the register answers
 * under the number in use). Against the migrated database.
 */
class PortefoljenumreTest {

    static final String DNUMMER = "50879041020";
    static final String FNR = "10879042092";
    static final String ANNEN = "24923815054";

    static MigrertDatabase database;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void start() throws Exception {
        database = MigrertDatabase.start();
        jdbc = database.jdbc;
    }

    @AfterAll
    static void stopp() throws Exception {
        database.close();
    }

    @BeforeEach
    void tom() {
        jdbc.update("delete from portefolje");
        jdbc.update("delete from personidentitet");
    }

    @ParameterizedTest(name = "registered {1} in {0}, linked: {2}, asked {3}: member {4}")
    @CsvSource({
            // registered by the D-nummer, asked by the fødselsnummer that replaced it: a member once the two are linked
            "lonn,  50879041020, true,  10879042092, true",
            "lonn,  50879041020, false, 10879042092, false",
            // registered by the fødselsnummer, asked by the D-nummer (a wash of an old list)
            "lonn,  10879042092, true,  50879041020, true",
            // the number itself, linked or not
            "lonn,  10879042092, false, 10879042092, true",
            "lonn,  10879042092, true,  10879042092, true",
            // another fagsystem's portfolio does not count
            "annet, 50879041020, true,  10879042092, false",
            // another person's number: nobody outside is let in
            "lonn,  24923815054, true,  10879042092, false"})
    void should_hold_a_person_under_any_of_her_linked_numbers(String fagsystem, String registrert, boolean knyttet, String spurt, boolean medlem) {
        jdbc.update("insert into portefolje (fagsystem, identifikator) values (?, ?)", fagsystem, registrert);
        if (knyttet) {
            Personidentiteter.knytt(jdbc, List.of(new java.util.LinkedHashSet<>(List.of(FNR, DNUMMER))));
        }

        assertThat(new Portefoljer(jdbc).iPortefoljen("lonn", List.of(spurt)))
                .isEqualTo(medlem ? Set.of(spurt) : Set.of());
    }

    /** lonn's extract (and its look-ups and washes, were they held to the population) keeps the employee it registered by her D-nummer. */
    @Test
    void should_keep_an_employee_registered_by_her_d_nummer_in_payrolls_portfolio_population() {
        jdbc.update("insert into portefolje (fagsystem, identifikator) values ('lonn', ?)", DNUMMER);
        Personidentiteter.knytt(jdbc, List.of(new java.util.LinkedHashSet<>(List.of(FNR, DNUMMER))));
        Fagsystem lonn = FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")).finn("lonn").orElseThrow();
        Person ansatt = person(FNR);
        Person annen = person(ANNEN);

        assertThat(Populasjonsregel.iPopulasjonen(List.of(ansatt, annen), lonn, LocalDate.now(), new Portefoljer(jdbc))).containsExactly(ansatt);
    }

    /**
     * A look-up or wash held to a portfolio (a sosial registration keeping a portfolio) asked by the D-nummer the portfolio
     * registered; the register answers her under the fødselsnummer that replaced it, and no personidentitet link exists
     * yet. Oppslagspopulasjon asks the portfolio for the number asked too: she is in. Before session 30 she was refused
     * as outside (404 ikke-funnet, a wash line UTENFOR_POPULASJON); asked by the fødselsnummer she still is.
     */
    @Test
    void should_let_a_look_up_by_the_d_nummer_the_portfolio_registered_find_her_under_the_number_in_use() {
        jdbc.update("insert into portefolje (fagsystem, identifikator) values ('lonn', ?)", DNUMMER);
        Fagsystem lonn = FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")).finn("lonn").orElseThrow();
        Fagsystem holdt = new Fagsystem(lonn.id(), lonn.navn(), no.kommune.esb.hendelser.Tjenesteomraade.SOSIAL, lonn.hendelsestyper(),
                lonn.populasjon(), lonn.data(), lonn.relaterte(), lonn.mapping(), lonn.levering(), lonn.retry(), lonn.kilde(), lonn.oppslag(), lonn.vask());
        no.kommune.esb.oppslag.Oppslagspopulasjon populasjon = new no.kommune.esb.oppslag.Oppslagspopulasjon(null, new Portefoljer(jdbc));
        Person svar = person(FNR);

        assertThat(populasjon.vurder(holdt, List.of(svar), java.util.Map.of(Identitetsnummer.of(DNUMMER), svar)).omfatter(svar)).isTrue();
        assertThat(populasjon.vurder(holdt, List.of(svar), java.util.Map.of(Identitetsnummer.of(FNR), svar)).omfatter(svar)).isFalse();
    }

    private static Person person(String id) {
        return new Person(Identitetsnummer.of(id), Personstatus.BOSATT, new Navn("Ana", null, "Silva"), LocalDate.of(1990, 7, 10), null,
                Gradering.UGRADERT, null, null, null, false, "4601", null, List.of(), List.of(), List.of(), List.of());
    }
}
