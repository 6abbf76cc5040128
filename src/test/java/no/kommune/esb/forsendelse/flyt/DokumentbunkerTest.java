package no.kommune.esb.forsendelse.flyt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DokumentbunkerTest {

    // most bytes | most letters | each letter's document bytes in sending order | group sizes (letters per group)
    @ParameterizedTest(name = "at most {0} bytes and {1} letters: {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "100 | 10 | 10 10 10          | 3",
            "100 | 2  | 10 10 10 10 10    | 2 2 1",
            "100 | 10 | 60 50 40          | 1 2",
            "100 | 10 | 100 1             | 1 1",
            "100 | 10 | 500 10 20         | 1 2",
            "100 | 10 | 10 500 20         | 1 1 1",
            "100 | 10 | 0 0 0             | 3",
            "100 | 10 | 50 50             | 2",
    })
    void should_cut_the_letters_in_order_into_groups_bounded_by_bytes_and_letters(long maksBytes, int maksBrev, String storrelser, String grupper) {
        List<UUID> brev = new ArrayList<>();
        Map<UUID, Long> bytes = new HashMap<>();
        for (String s : storrelser.trim().split(" +")) {
            UUID id = UUID.randomUUID();
            brev.add(id);
            bytes.put(id, Long.parseLong(s));
        }

        List<List<UUID>> delt = new Dokumentbunker(maksBytes, maksBrev).del(brev, bytes);

        assertThat(delt.stream().map(List::size).toList())
                .isEqualTo(Arrays.stream(grupper.trim().split(" +")).map(Integer::valueOf).toList());
        assertThat(delt.stream().flatMap(List::stream).toList()).isEqualTo(brev);
    }

    @Test
    void should_count_a_letter_without_a_known_size_as_empty_and_give_no_group_for_no_letters() {
        Dokumentbunker bunker = new Dokumentbunker(100, 10);
        UUID uten = UUID.randomUUID();

        assertThat(bunker.del(List.of(uten), Map.of())).containsExactly(List.of(uten));
        assertThat(bunker.del(List.of(), Map.of())).isEmpty();
    }

    @Test
    void should_refuse_a_group_that_allows_no_letter() {
        assertThatThrownBy(() -> new Dokumentbunker(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Dokumentbunker(100, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
