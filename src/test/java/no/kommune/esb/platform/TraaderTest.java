package no.kommune.esb.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TraaderTest {

    static Stream<Arguments> fabrikker() {
        return Stream.of(
                // factory                                       the first three threads it makes
                Arguments.of("daemon", Traader.daemon("oppslag-grense-synk"), List.of("oppslag-grense-synk", "oppslag-grense-synk", "oppslag-grense-synk")),
                Arguments.of("daemon for a pool", Traader.daemon("embedded-start"), List.of("embedded-start", "embedded-start", "embedded-start")),
                Arguments.of("nummerert", Traader.nummerert("hendelser-levering"), List.of("hendelser-levering-1", "hendelser-levering-2", "hendelser-levering-3")),
                Arguments.of("nummerert, another pool", Traader.nummerert("svarut-send"), List.of("svarut-send-1", "svarut-send-2", "svarut-send-3")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fabrikker")
    void should_make_unstarted_daemon_threads_with_the_names_metrics_group_by_when_asked_for_threads(String fabrikk, ThreadFactory traader, List<String> navn) {
        List<Thread> laget = Stream.generate(() -> traader.newThread(() -> { })).limit(navn.size()).toList();

        assertThat(laget).extracting(Thread::getName).containsExactlyElementsOf(navn);
        assertThat(laget).allSatisfy(t -> {
            assertThat(t.isDaemon()).isTrue();
            assertThat(t.getState()).isEqualTo(Thread.State.NEW);
        });
    }

    @Test
    void should_count_each_numbered_factory_from_one_when_two_pools_share_a_name() {
        ThreadFactory foerste = Traader.nummerert("svarut-send");
        foerste.newThread(() -> { });

        assertThat(Traader.nummerert("svarut-send").newThread(() -> { }).getName()).isEqualTo("svarut-send-1");
    }

    @Test
    void should_run_the_task_on_a_started_daemon_thread_of_that_name_when_started() throws Exception {
        CompletableFuture<Thread> kjoerte = new CompletableFuture<>();

        Thread traad = Traader.start("oppslag-revisjon", () -> kjoerte.complete(Thread.currentThread()));

        assertThat(kjoerte.get(10, TimeUnit.SECONDS)).isSameAs(traad);
        assertThat(traad.getName()).isEqualTo("oppslag-revisjon");
        assertThat(traad.isDaemon()).isTrue();
    }
}
