package no.kommune.esb.hendelser;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.UttrekkBatch;
import no.kommune.esb.hendelser.flyt.ResyncKjoerer;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.platform.PlatformLock;
import no.kommune.esb.platform.Registerstans;
import no.kommune.esb.register.RegisterException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class ResyncKjoererTest {

    @Test
    @SuppressWarnings("unchecked")
    void should_not_call_folkeregisteret_again_on_every_tick_while_it_is_down() {
        FolkeregisterClient freg = mock(FolkeregisterClient.class);
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        PlatformLock lock = mock(PlatformLock.class);
        when(lock.runExclusively(anyString(), any())).thenAnswer(i -> Optional.ofNullable(((Supplier<Object>) i.getArgument(1)).get()));
        when(jdbc.queryForList(contains("from resync"), eq(Long.class))).thenReturn(List.of(1L));
        when(freg.sisteSekvensnummer()).thenThrow(new RegisterException("maskinporten", RegisterException.Kind.UNAVAILABLE, 0, "connection refused"));
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        ResyncKjoerer resync = new ResyncKjoerer(freg, mock(FagsystemRegistry.class), jdbc, mock(TransactionTemplate.class), lock,
                Duration.ofSeconds(5), registerstans);

        // fifty ticks within the first wait (at least 4 s): one call, and no extract started
        for (int tick = 0; tick < 50; tick++) {
            assertThat(resync.kjoer()).isZero();
        }

        verify(freg, times(1)).sisteSekvensnummer();
        verify(freg, never()).startTilpassetUttrekk(any());
    }

    /**
     * A person whose number changed while the feed was behind is in the extract under the new number, and their rows
     * from before wait under the old one: the resync asks the register, in one call with history, for the numbers of
     * rows still waiting (or with an open dead letter) that it did not find, and only those: not a number it found, nor
     * one already linked to a number it found. A resync with no such row asks nothing (the row's numbers, as the query
     * gives them: its event's number and those of its person's key).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "no waiting row outside the resync|50879041020=10879042092;10879042092=||",
            "a waiting row under a number the resync did not find|50879041020=;10879042092=|50879041020|50879041020"})
    @SuppressWarnings("unchecked")
    void should_ask_the_register_for_the_numbers_the_resync_did_not_find_only_when_rows_wait_under_them(String tilfelle, String rader,
                                                                                                         String spurt, String lagret) {
        Identitetsnummer dnummer = Identitetsnummer.of("50879041020");
        Identitetsnummer foedselsnummer = Identitetsnummer.of("10879042092");
        FolkeregisterClient freg = mock(FolkeregisterClient.class);
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        PlatformLock lock = mock(PlatformLock.class);
        when(lock.runExclusively(anyString(), any())).thenAnswer(i -> Optional.ofNullable(((Supplier<Object>) i.getArgument(1)).get()));
        when(jdbc.queryForList(contains("from resync"), eq(Long.class))).thenReturn(List.of(1L));
        when(jdbc.queryForList(contains("from portefolje"), eq(String.class))).thenReturn(List.of());
        when(freg.sisteSekvensnummer()).thenReturn(100L);
        when(freg.startTilpassetUttrekk(any())).thenReturn("jobb");
        // the extract finds the person under the new number
        when(freg.batches("jobb")).thenAnswer(i -> List.of(new UttrekkBatch(0, List.of(foedselsnummer), List.of(), 0, true)).iterator());
        // the numbers of the waiting rows' events, each with its person's numbers: "number=linked,numbers;…"
        doAnswer(i -> {
            RowCallbackHandler h = i.getArgument(1);
            for (String rad : rader.split(";")) {
                String[] deler = rad.split("=", -1);
                ResultSet rs = mock(ResultSet.class);
                java.sql.Array numre = mock(java.sql.Array.class);
                List<String> alle = new java.util.ArrayList<>(List.of(deler[0]));
                if (!deler[1].isEmpty()) {
                    alle.addAll(List.of(deler[1].split(",")));
                }
                when(numre.getArray()).thenReturn(alle.toArray(String[]::new));
                when(rs.getString(1)).thenReturn(deler[0]);
                when(rs.getArray(2)).thenReturn(numre);
                h.processRow(rs);
            }
            return null;
        }).when(jdbc).query(contains("with numre as"), any(RowCallbackHandler.class));
        Person medTidligere = new Person(foedselsnummer, null, null, null, null, null, null, null, null, false, null, null,
                List.of(), List.of(), List.of(), List.of(dnummer));
        when(freg.historikkoppslag(any(), any())).thenReturn(new FolkeregisterClient.Historikkoppslag(Map.of(), Map.of(dnummer, medTidligere), 1));
        TransactionTemplate tx = mock(TransactionTemplate.class);
        doAnswer(i -> {
            i.<Consumer<TransactionStatus>>getArgument(0).accept(null);
            return null;
        }).when(tx).executeWithoutResult(any());
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        ResyncKjoerer resync = new ResyncKjoerer(freg, FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")), jdbc, tx, lock,
                Duration.ofSeconds(5), registerstans);

        assertThat(resync.kjoer()).isEqualTo(1);

        if (spurt == null) {
            verify(freg, never()).historikkoppslag(any(), any());
            verify(jdbc, never()).update(contains("personidentitet"), any(Object[].class));
        } else {
            verify(freg, times(1)).historikkoppslag(List.of(), Set.of(Identitetsnummer.of(spurt)));
            verify(jdbc).update(contains("insert into personidentitet"), eq(new String[]{foedselsnummer.value(), lagret}), eq(foedselsnummer.value()));
        }
    }
}
