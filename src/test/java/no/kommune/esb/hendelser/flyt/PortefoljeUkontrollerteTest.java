package no.kommune.esb.hendelser.flyt;

import no.kommune.esb.hendelser.Portefoljer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The members the fan-out's portfolio check asks about ({@link Portefoljer#ukontrollerte}, {@link Portefoljekontroll}),
 * against the migrated database: each number once however many portfolios hold it, never one {@code personidentitet}
 * already ties, at most a round's worth, and the next ones once those are marked. Until the cap a portfolio of tens of
 * thousands not yet asked (the first round after V85) was asked in one round, every answer held in memory at once. The
 * members {@code personidentitet} knows are marked ({@link Portefoljer#merkKjente}): until session 34 they stayed in the
 * partial index for ever, read every round.
 */
class PortefoljeUkontrollerteTest {

    static MigrertDatabase database;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void start() throws IOException {
        database = MigrertDatabase.start();
        jdbc = database.jdbc;
    }

    @AfterAll
    static void stopp() throws IOException {
        database.close();
    }

    @Test
    void should_give_each_member_not_yet_asked_once_a_round_at_most_the_cap_and_the_next_ones_once_those_are_marked() {
        // made-up numbers: the query reads the text, no register is asked
        for (String n : List.of("n01", "n02", "n03", "n04", "n05")) {
            jdbc.update("insert into portefolje (fagsystem, identifikator) values ('lonn', ?)", n);
        }
        jdbc.update("insert into portefolje (fagsystem, identifikator) values ('pleie-omsorg', 'n02')");
        jdbc.update("insert into portefolje (fagsystem, identifikator) values ('skole', 'n00')");
        jdbc.update("insert into personidentitet (identifikator, person) values ('n03', 'n03'), ('n09', 'n03')");
        Portefoljer portefoljer = new Portefoljer(jdbc);
        List<String> fagsystemer = List.of("lonn", "pleie-omsorg");

        List<String> foerste = portefoljer.ukontrollerte(fagsystemer, 2);
        assertThat(foerste).as("the first round: two, in the numbers' order, n02 once").containsExactly("n01", "n02");
        assertThat(portefoljer.kontrollert(fagsystemer, foerste)).as("rows marked (n02 in two portfolios)").isEqualTo(3);

        assertThat(portefoljer.ukontrollerte(fagsystemer, 2)).as("the next round: n03 is tied already").containsExactly("n04", "n05");
        portefoljer.kontrollert(fagsystemer, List.of("n04", "n05"));
        assertThat(portefoljer.ukontrollerte(fagsystemer, 2)).as("nothing left; skole's portfolio not asked").isEmpty();
    }

    @Test
    void should_mark_the_members_personidentitet_already_knows_so_no_round_reads_them_again() {
        // made-up numbers: the query reads the text, no register is asked
        jdbc.update("insert into portefolje (fagsystem, identifikator) values ('barnevern', 'k01'), ('barnevern', 'k02'), ('barnevern', 'k03'),"
                + " ('eiendomsskatt', 'k01')");
        jdbc.update("insert into personidentitet (identifikator, person) values ('k01', 'k01'), ('k02', 'k01')");
        Portefoljer portefoljer = new Portefoljer(jdbc);

        assertThat(portefoljer.merkKjente(List.of("barnevern"))).as("k01 and k02 of barnevern's portfolio").isEqualTo(2);
        assertThat(jdbc.queryForList("select identifikator from portefolje where fagsystem = 'barnevern' and nummer_kontrollert is null"
                + " order by identifikator", String.class))
                .as("what the partial index portefolje_ukontrollert still holds of barnevern: the member personidentitet does not know")
                .containsExactly("k03");
        assertThat(jdbc.queryForObject("select count(*) from portefolje where fagsystem = 'eiendomsskatt' and nummer_kontrollert is null",
                Integer.class)).as("another fagsystem's portfolio is not touched").isEqualTo(1);
        assertThat(portefoljer.ukontrollerte(List.of("barnevern"), 10)).containsExactly("k03");
        assertThat(portefoljer.merkKjente(List.of("barnevern"))).as("a second round finds nothing to mark").isZero();
    }
}
