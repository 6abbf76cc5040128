package no.kommune.esb.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForberedtTest {

    @Test
    void should_make_the_value_once_on_its_own_thread_when_prepared_and_hand_it_to_every_user() {
        List<String> traader = new CopyOnWriteArrayList<>();
        Forberedt<Object> verdi = new Forberedt<>("forberedt-test", () -> {
            traader.add(Thread.currentThread().getName());
            return new Object();
        });

        verdi.forbered().forbered();
        Object foerste = verdi.get();

        assertThat(verdi.get()).isSameAs(foerste);
        assertThat(traader).containsExactly("forberedt-test");
    }

    @Test
    void should_make_the_value_on_the_users_thread_when_nobody_prepared_it() {
        List<String> traader = new CopyOnWriteArrayList<>();
        Forberedt<String> verdi = new Forberedt<>("forberedt-test", () -> {
            traader.add(Thread.currentThread().getName());
            return "x";
        });

        assertThat(verdi.get()).isEqualTo("x");
        verdi.forbered();
        assertThat(verdi.get()).isEqualTo("x");
        assertThat(traader).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void should_throw_a_failed_attempts_own_exception_and_try_again_at_the_next_use() {
        AtomicInteger forsoek = new AtomicInteger();
        Forberedt<Integer> verdi = new Forberedt<>("forberedt-test", () -> {
            if (forsoek.incrementAndGet() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            return forsoek.get();
        });
        verdi.forbered();

        assertThatThrownBy(verdi::get).isInstanceOf(IllegalStateException.class).hasMessage("first attempt fails");
        assertThat(verdi.get()).isEqualTo(2);
        assertThat(verdi.get()).isEqualTo(2);
    }

    @Test
    void should_hand_out_a_value_made_before_as_it_is() {
        Object made = new Object();

        assertThat(Forberedt.ferdig(made).forbered().get()).isSameAs(made);
    }
}
