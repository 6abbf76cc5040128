package no.kommune.esb.oppslag;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InnsynTest {

    private static Revisjonslogg.Innslag innslag(String tid, String fagsystem, String formaal, String utfall) {
        return new Revisjonslogg.Innslag(Instant.parse(tid), fagsystem, fagsystem, null, "PERSON", formaal, "sak-1", "NAVN,ADRESSE",
                "OK".equals(utfall) ? 200 : 403, utfall);
    }

    @Test
    void should_group_look_ups_per_fagsystem_and_purpose_with_first_and_last_date() {
        List<Innsyn.Gruppe> g = Innsyn.grupper(List.of(
                innslag("2026-12-01T10:00:00Z", "skole", "skoleplass", "OK"),
                innslag("2026-12-02T10:00:00Z", "pleie-omsorg", "pasientbehandling", "OK"),
                innslag("2026-12-03T10:00:00Z", "skole", "skoleplass", "OK")));

        assertThat(g).extracting(Innsyn.Gruppe::fagsystem, Innsyn.Gruppe::formaal, Innsyn.Gruppe::antall)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pleie-omsorg", "pasientbehandling", 1),
                        org.assertj.core.groups.Tuple.tuple("skole", "skoleplass", 2));
        assertThat(g.get(1).foerste()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(g.get(1).siste()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
        assertThat(g.get(1).oppslag().get(0).felter()).containsExactly("NAVN", "ADRESSE");
    }

    @Test
    void should_leave_refused_calls_out_of_the_citizens_view() {
        assertThat(Innsyn.grupper(List.of(innslag("2026-12-01T10:00:00Z", "skole", "skoleplass", "formaal-ikke-registrert")))).isEmpty();
    }

    @Test
    void should_write_one_csv_line_per_look_up_quoting_what_needs_it() {
        String csv = Innsyn.csv(Innsyn.grupper(List.of(innslag("2026-12-01T10:00:00Z", "skole", "skoleplass", "OK"))));

        assertThat(csv).isEqualTo("tidspunkt;fagsystem;formaal;operasjon;saksreferanse;sluttbruker;felter\r\n"
                + "2026-12-01T10:00:00Z;skole;skoleplass;PERSON;sak-1;;\"NAVN,ADRESSE\"\r\n");
    }
}
