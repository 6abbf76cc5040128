package no.kommune.esb.hendelser.flyt;

import no.kommune.esb.folkeregister.FeedHendelse;
import no.kommune.esb.model.Identitetsnummer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A feed page stored in one statement of arrays ({@link FeedLeser#lagreSide}, session 34; a JDBC batch before) against the
 * migrated database: every entry of the page, an entry without a valid number kept with an empty id, an event stored
 * before left as it was.
 */
class FeedsideLagringTest {

    static final Identitetsnummer HENNE = Identitetsnummer.of("24923815054");

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

    @BeforeEach
    void tom() {
        jdbc.execute("truncate hendelse");
    }

    @Test
    void should_store_every_entry_of_a_page_and_keep_one_without_a_valid_number_with_an_empty_id() {
        FeedLeser.lagreSide(jdbc, List.of(hendelse(11, HENNE, "endringIBostedsadresse"), hendelse(12, null, "doedsfall"),
                hendelse(13, HENNE, "endringINavn")));

        assertThat(jdbc.queryForList("select sekvensnummer, identifikator, hendelsetype, status from hendelse order by sekvensnummer"))
                .containsExactly(
                        Map.of("sekvensnummer", 11L, "identifikator", HENNE.value(), "hendelsetype", "endringIBostedsadresse", "status", "NY"),
                        Map.of("sekvensnummer", 12L, "identifikator", "", "hendelsetype", "doedsfall", "status", "NY"),
                        Map.of("sekvensnummer", 13L, "identifikator", HENNE.value(), "hendelsetype", "endringINavn", "status", "NY"));
    }

    @Test
    void should_leave_an_event_stored_before_as_it_was_and_store_the_rest_of_the_page() {
        FeedLeser.lagreSide(jdbc, List.of(hendelse(21, HENNE, "endringIBostedsadresse")));
        jdbc.update("update hendelse set status = 'FORDELT' where sekvensnummer = 21");

        FeedLeser.lagreSide(jdbc, List.of(hendelse(21, null, "annet"), hendelse(22, HENNE, "endringINavn")));

        assertThat(jdbc.queryForList("select sekvensnummer, identifikator, hendelsetype, status from hendelse order by sekvensnummer"))
                .containsExactly(
                        Map.of("sekvensnummer", 21L, "identifikator", HENNE.value(), "hendelsetype", "endringIBostedsadresse", "status", "FORDELT"),
                        Map.of("sekvensnummer", 22L, "identifikator", HENNE.value(), "hendelsetype", "endringINavn", "status", "NY"));
    }

    private static FeedHendelse hendelse(long seq, Identitetsnummer id, String type) {
        return HendelseFordeler.tilHendelse(seq, id == null ? "ugyldig" : id.value(), type);
    }
}
