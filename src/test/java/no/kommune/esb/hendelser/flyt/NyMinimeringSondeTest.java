package no.kommune.esb.hendelser.flyt;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe every fan-out tick makes for rows marked to be made again ({@link NyMinimering#MERKET_FINNES}), against the
 * real database with a table of delivered rows as a platform keeps them. PostgreSQL plans a statement it has executed
 * five times once for any bound value (a generic plan) when that looks no dearer; the test forces that plan, as the
 * event benchmark's long runs got it (session 33: a sequential scan of {@code levering} of ~400 ms in every tick).
 */
class NyMinimeringSondeTest {

    static MigrertDatabase database;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void start() throws IOException {
        database = MigrertDatabase.start();
        jdbc = database.jdbc;
        // delivered rows of three fagsystems, a few waiting and failed ones: the statuses the statistics know
        jdbc.update("""
                insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek)
                select s, f, case when s % 100 = 0 then 'VENTER' when s % 97 = 0 then 'FEILET' else 'LEVERT' end, '{}', now()
                  from generate_series(1, 20000) s, unnest(array['skole', 'barnevern', 'lonn']) f""");
        jdbc.execute("analyze levering");
    }

    @AfterAll
    static void stopp() throws IOException {
        database.close();
    }

    @Test
    void should_probe_for_marked_rows_by_an_index_and_not_scan_every_delivered_row_under_a_generic_plan() {
        String plan = generiskPlan(NyMinimering.MERKET_FINNES);

        assertThat(plan).as("the probe's plan").doesNotContain("Seq Scan").contains("levering_status_idx");
    }

    @ParameterizedTest(name = "a row with status {0} → marked rows found: {1}")
    @CsvSource({
            "LEVERT, false",
            "VENTER, false",
            "FEILET, false",
            "HOPPET_OVER, false",
            "MINIMERES, true",
    })
    void should_find_marked_rows_exactly_when_a_row_is_marked(String status, boolean funnet) {
        Boolean svar = database.tx.execute(s -> {
            jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek) values (900001, 'skole', ?, '{}', now())", status);
            Boolean b = jdbc.queryForObject(NyMinimering.MERKET_FINNES, Boolean.class);
            s.setRollbackOnly();
            return b;
        });

        assertThat(svar).isEqualTo(funnet);
    }

    /**
     * The plan PostgreSQL uses for {@code sql} once it plans it for any value: prepared, each {@code ?} a text
     * parameter given {@code MINIMERES}, explained under {@code plan_cache_mode = force_generic_plan}.
     */
    private static String generiskPlan(String sql) {
        int parametre = sql.length() - sql.replace("?", "").length();
        StringBuilder nummerert = new StringBuilder();
        int n = 0;
        for (char c : sql.toCharArray()) {
            nummerert.append(c == '?' ? "$" + ++n : String.valueOf(c));
        }
        String typer = parametre == 0 ? "" : "(" + String.join(", ", Collections.nCopies(parametre, "text")) + ")";
        String verdier = parametre == 0 ? "" : "(" + String.join(", ", Collections.nCopies(parametre, "'MINIMERES'")) + ")";
        return database.tx.execute(s -> {
            jdbc.execute("set local plan_cache_mode = force_generic_plan");
            jdbc.execute("prepare sonde " + typer + " as " + nummerert);
            try {
                List<String> linjer = jdbc.queryForList("explain execute sonde " + verdier, String.class);
                return String.join("\n", linjer);
            } finally {
                jdbc.execute("deallocate sonde");
            }
        });
    }
}
