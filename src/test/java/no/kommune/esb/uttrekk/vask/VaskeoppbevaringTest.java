package no.kommune.esb.uttrekk.vask;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which of the SFTP wash's files retention deletes (only the platform's, by name; both the name's time and the last
 * change old enough), and when an answered claim counts as possibly without its copy. 14 days both; the run at
 * 2026-12-07 02:40 UTC (03:40 in Oslo, CET), so a name's time {@code 20261123-034000000} is exactly 14 days old.
 */
class VaskeoppbevaringTest {

    static final Instant NAA = Instant.parse("2026-12-07T02:40:00Z");
    static final Vaskeoppbevaring REGEL = new Vaskeoppbevaring(Duration.ofDays(14), Duration.ofDays(14));

    @ParameterizedTest(name = "vask/ut/{0}, changed {1} day(s) ago → {2}")
    @CsvSource(nullValues = "-", textBlock = """
            # name in vask/ut                                   | changed days ago | deleted as
            lonn-svar-20261117-034000000-1a2b3c4d.csv,            20,                SVAR
            lonn-avvist-20261117-034000000-1a2b3c4d.txt,          20,                AVVIST
            # an answer write's leftover
            lonn-svar-20261117-034000000-1a2b3c4d.csv.tmp,        20,                SVAR
            lonn-avvist-20261117-034000000-1a2b3c4d.txt.tmp,      20,                AVVIST
            # a name holding its own dashes and digits
            vask-01019012345-svar-20261117-034000000-1a2b3c4d.csv, 20,               SVAR
            # exactly on the limit
            lonn-svar-20261123-034000000-1a2b3c4d.csv,            14,                SVAR
            # the name's time 13 days ago
            lonn-svar-20261124-034000000-1a2b3c4d.csv,            20,                -
            # written 13 days ago, late after its first attempt
            lonn-svar-20261117-034000000-1a2b3c4d.csv,            13,                -
            # not the platform's names: the fagsystem's own files
            lonn.csv,                                             400,               -
            lonn-svar.csv,                                        400,               -
            lonn-svar-20261117-034000000-1a2b3c4d.txt,            20,                -
            lonn-avvist-20261117-034000000-1a2b3c4d.csv,          20,                -
            lonn-svar-20261117-034000000-1A2B3C4D.csv,            20,                -
            lonn-svar-20261117-034000000-1a2b3c4d.csv.bak,        20,                -
            lonn-svar-20261117-03400000-1a2b3c4d.csv,             20,                -
            lonn-svar-20261317-034000000-1a2b3c4d.csv,            20,                -
            -svar-20261117-034000000-1a2b3c4d.csv,                20,                -
            """)
    void should_delete_from_vask_ut_only_the_platforms_old_answers_and_notes(String navn, Integer dager, Vaskeoppbevaring.Slag forventet) {
        assertThat(REGEL.slettesFraUt(navn, NAA.minus(Duration.ofDays(dager)), NAA)).isEqualTo(Optional.ofNullable(forventet));
    }

    @Test
    void should_keep_a_file_whose_last_change_is_unknown() {
        assertThat(REGEL.slettesFraUt("lonn-svar-20261117-034000000-1a2b3c4d.csv", null, NAA)).isEmpty();
        assertThat(REGEL.slettesFraBehandlet("lonn-20261117-034000000-1a2b3c4d.csv", null, NAA)).isFalse();
    }

    @ParameterizedTest(name = "vask/inn/.behandlet/{0}, changed {1} day(s) ago → {2}")
    @CsvSource(textBlock = """
            # name in .behandlet                          | changed days ago | deleted
            vask-20261117-034000000-1a2b3c4d.csv,           20,                true
            kunder.2026-20261117-034000000-1a2b3c4d.xml,    20,                true
            vask-20261123-034000000-1a2b3c4d.csv,           14,                true
            # a copy whose time the upload kept from long ago (put -p): the name's time, 13 days, keeps it
            vask-20261124-034000000-1a2b3c4d.csv,           400,               false
            # a copy moved aside before V78 kept the file's own name: its last change decides (kept for ever until the
            # closing notes of session 32); only the wash's two endings, never a hidden name
            vask.csv,                                       400,               true
            kunder.2026.xml,                                14,                true
            vask.csv,                                       13,                false
            vask.txt,                                       400,               false
            .vask.csv,                                      400,               false
            vask-20261117-034000000-1a2b3c4d.txt,           20,                false
            vask-20261117-034000000-1a2b3c4d.csv.part,      20,                false
            """)
    void should_delete_from_behandlet_only_the_platforms_old_copies(String navn, int dager, boolean forventet) {
        assertThat(REGEL.slettesFraBehandlet(navn, NAA.minus(Duration.ofDays(dager)), NAA)).isEqualTo(forventet);
    }

    @ParameterizedTest(name = "claim answered under {0} → copy may be gone: {1}")
    @CsvSource(nullValues = "-", textBlock = """
            20261117-034000000-1a2b3c4d,   true
            # 14 days less the 10 minutes' allowance for two instances' clocks, on the limit and a millisecond after
            20261123-035000000-1a2b3c4d,   true
            20261123-035000001-1a2b3c4d,   false
            20261124-034000000-1a2b3c4d,   false
            # a claim from before V39 has no part: its copy kept the file's own name, which retention never deletes
            -,                             false
            ikke-et-merke,                 false
            """)
    void should_count_an_answered_claim_as_without_its_copy_once_retention_may_have_deleted_it(String merke, boolean forventet) {
        assertThat(REGEL.kopienKanVaereSlettet(merke, NAA)).isEqualTo(forventet);
    }

    @Test
    void should_never_delete_a_copy_whose_claim_does_not_yet_count_as_without_it() {
        // a copy deleted while its claim still said "the answered file itself" would have its resend moved aside unanswered
        for (long minutter = 0; minutter <= 60 * 24 * 30; minutter += 7) {
            Instant tid = NAA.minus(Duration.ofMinutes(minutter));
            String merke = VaskSftp.merke(tid, UUID.randomUUID());
            if (REGEL.slettesFraBehandlet(VaskLaas.flyttetNavn("vask.csv", merke), tid, NAA)) {
                assertThat(REGEL.kopienKanVaereSlettet(merke, NAA)).as(merke).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            2026-07-01T10:15:30.123Z
            2026-12-07T02:40:00.000Z
            2026-03-29T00:59:59.999Z
            """)
    void should_read_back_the_time_an_answer_part_was_written_with_in_summer_and_winter(String tid) {
        Instant t = Instant.parse(tid);
        String navn = "lonn-svar-" + VaskSftp.merke(t, UUID.randomUUID()) + ".csv";
        assertThat(Vaskeoppbevaring.iUt(navn)).hasValue(new Vaskeoppbevaring.Merket(Vaskeoppbevaring.Slag.SVAR, t));
    }

    @ParameterizedTest(name = "svar-etter {0}, behandlet-etter {1}")
    @CsvSource(nullValues = "-", textBlock = """
            -,      -,      P14D,   P14D
            PT1H,   P30D,   PT1H,   P30D
            PT59M,  -,      refused, -
            -,      PT30M,  -,      refused
            PT0S,   -,      refused, -
            """)
    void should_keep_14_days_unless_told_otherwise_and_refuse_less_than_an_hour(String svar, String behandlet, String svarForventet,
                                                                                String behandletForventet) {
        Duration s = svar == null ? null : Duration.parse(svar);
        Duration b = behandlet == null ? null : Duration.parse(behandlet);
        if ("refused".equals(svarForventet) || "refused".equals(behandletForventet)) {
            assertThatThrownBy(() -> new Vaskeoppbevaring(s, b)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("vask.oppbevaring." + ("refused".equals(svarForventet) ? "svar-etter" : "behandlet-etter"));
        } else {
            Vaskeoppbevaring r = new Vaskeoppbevaring(s, b);
            assertThat(r.svarEtter()).isEqualTo(Duration.parse(svarForventet));
            assertThat(r.behandletEtter()).isEqualTo(Duration.parse(behandletForventet));
        }
    }
}
