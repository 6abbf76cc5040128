package no.kommune.esb.uttrekk.vask;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.forsendelse.mottak.SftpTilgang;
import no.kommune.esb.forsendelse.mottak.SftpTilgang.Oppfoering;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The wash's SFTP retention against a stand-in session: which paths it deletes, and that one bad folder stops nothing. */
class VaskRyddingTest {

    static final Instant NAA = Instant.parse("2026-12-07T02:40:00Z");
    /** A name's time 20 days before {@link #NAA} (Oslo, CET), and one 2 days before. */
    static final String GAMMEL = "20261117-034000000-1a2b3c4d";
    static final String FERSK = "20261205-034000000-5e6f7a8b";

    final SftpTilgang.Okt okt = mock(SftpTilgang.Okt.class);
    final SimpleMeterRegistry metrikker = new SimpleMeterRegistry();
    final VaskKrav krav = mock(VaskKrav.class);
    final VaskRydding rydding = new VaskRydding(() -> okt, null, new VaskMaalinger(metrikker),
            new VaskProperties(null, null, null, null, null, null, null, new Vaskeoppbevaring(Duration.ofDays(14), Duration.ofDays(14))), krav);

    @Test
    void should_delete_old_answers_notes_and_copies_and_leave_fresh_ones_the_fagsystems_own_files_and_folders() throws IOException {
        when(okt.liste(".")).thenReturn(List.of(mappe("lonn"), new Oppfoering(".hostkey.ser", false, NAA)));
        when(okt.liste("lonn/vask/ut")).thenReturn(List.of(
                fil("uke-svar-" + GAMMEL + ".csv", 20),
                fil("uke-avvist-" + GAMMEL + ".txt", 20),
                fil("uke-svar-" + FERSK + ".csv", 2),
                fil("egen-rapport.csv", 400),
                new Oppfoering("arkiv-svar-" + GAMMEL + ".csv", true, NAA.minus(Duration.ofDays(20)))));
        when(okt.liste("lonn/vask/inn/.behandlet")).thenReturn(List.of(
                fil("uke-" + GAMMEL + ".csv", 20),
                fil("uke-" + FERSK + ".csv", 400),
                fil("uke.csv", 400),
                fil("forrige-uke.csv", 3)));
        when(krav.rydd(NAA.minus(Duration.ofDays(14)))).thenReturn(5);

        VaskRydding.Resultat r = rydding.rydd(NAA);

        assertThat(r).isEqualTo(new VaskRydding.Resultat(true, 1, 1, 2, 5, 0));
        verify(okt).slett("lonn/vask/ut/uke-svar-" + GAMMEL + ".csv");
        verify(okt).slett("lonn/vask/ut/uke-avvist-" + GAMMEL + ".txt");
        verify(okt).slett("lonn/vask/inn/.behandlet/uke-" + GAMMEL + ".csv");
        verify(okt, never()).slett("lonn/vask/ut/uke-svar-" + FERSK + ".csv");
        verify(okt, never()).slett("lonn/vask/ut/egen-rapport.csv");
        verify(okt, never()).slett("lonn/vask/ut/arkiv-svar-" + GAMMEL + ".csv");
        verify(okt, never()).slett("lonn/vask/inn/.behandlet/uke-" + FERSK + ".csv");
        // a copy moved aside before V78 under the file's own name, changed 400 days ago: kept for ever before
        verify(okt).slett("lonn/vask/inn/.behandlet/uke.csv");
        verify(okt, never()).slett("lonn/vask/inn/.behandlet/forrige-uke.csv");
        verify(okt, never()).liste(".hostkey.ser/vask/ut");
        verify(okt).close();
        assertThat(metrikker.counter("esb.vask.oppbevaring.slettet", "type", "svar").count()).isEqualTo(1);
        assertThat(metrikker.counter("esb.vask.oppbevaring.slettet", "type", "avvist").count()).isEqualTo(1);
        assertThat(metrikker.counter("esb.vask.oppbevaring.slettet", "type", "behandlet").count()).isEqualTo(2);
        assertThat(metrikker.counter("esb.vask.oppbevaring.slettet", "type", "krav").count()).isEqualTo(5);
        assertThat(metrikker.find("esb.alarm").counter()).isNull();
    }

    @Test
    void should_clean_the_other_fagsystems_when_one_folder_fails_and_count_the_failure() throws IOException {
        when(okt.liste(".")).thenReturn(List.of(mappe("skole"), mappe("lonn")));
        when(okt.liste("skole/vask/ut")).thenThrow(new IOException("SFTP ls failed with status 4"));
        when(okt.liste("lonn/vask/ut")).thenReturn(List.of(fil("uke-svar-" + GAMMEL + ".csv", 20)));

        VaskRydding.Resultat r = rydding.rydd(NAA);

        assertThat(r).isEqualTo(new VaskRydding.Resultat(true, 1, 0, 0, 0, 1));
        verify(okt).slett("lonn/vask/ut/uke-svar-" + GAMMEL + ".csv");
        assertThat(metrikker.counter("esb.alarm", "kilde", "vask-oppbevaring").count()).isEqualTo(1);
    }

    @Test
    void should_count_a_login_that_fails_as_a_failure_and_delete_nothing() throws IOException {
        VaskRydding ingenTilgang = new VaskRydding(() -> {
            throw new IOException("SFTP login failed");
        }, null, new VaskMaalinger(metrikker), new VaskProperties(null, null, null, null, null, null, null, null), krav);

        assertThat(ingenTilgang.rydd(NAA)).isEqualTo(new VaskRydding.Resultat(true, 0, 0, 0, 0, 1));
        verify(okt, never()).slett(anyString());
        assertThat(metrikker.counter("esb.alarm", "kilde", "vask-oppbevaring").count()).isEqualTo(1);
    }

    /**
     * The claims (vask_krav) are deleted by the longer of the two times, before the folders are gone through; a database
     * that fails there is counted as a failure and the files are still cleaned.
     */
    @Test
    void should_delete_the_claims_past_the_longer_retention_and_clean_the_folders_when_that_fails() throws IOException {
        VaskRydding lengreSvar = new VaskRydding(() -> okt, null, new VaskMaalinger(metrikker),
                new VaskProperties(null, null, null, null, null, null, null, new Vaskeoppbevaring(Duration.ofDays(14), Duration.ofDays(30))), krav);
        when(krav.rydd(NAA.minus(Duration.ofDays(30)))).thenThrow(new IllegalStateException("the database did not answer"));
        when(okt.liste(".")).thenReturn(List.of(mappe("lonn")));
        when(okt.liste("lonn/vask/ut")).thenReturn(List.of(fil("uke-svar-" + GAMMEL + ".csv", 40)));

        assertThat(lengreSvar.rydd(NAA)).isEqualTo(new VaskRydding.Resultat(true, 1, 0, 0, 0, 1));
        verify(krav).rydd(NAA.minus(Duration.ofDays(30)));
        verify(okt).slett("lonn/vask/ut/uke-svar-" + GAMMEL + ".csv");
        assertThat(metrikker.counter("esb.alarm", "kilde", "vask-oppbevaring").count()).isEqualTo(1);
    }

    static Oppfoering mappe(String navn) {
        return new Oppfoering(navn, true, NAA);
    }

    static Oppfoering fil(String navn, int dagerSiden) {
        return new Oppfoering(navn, false, NAA.minus(Duration.ofDays(dagerSiden)));
    }
}
