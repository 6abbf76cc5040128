package no.kommune.esb.platform.embedded;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LedigportTest {

    @Test
    void should_never_hand_out_a_port_twice_although_the_system_gives_freed_ports_again() throws Exception {
        // 2,000 from the ~28,000 ephemeral ports: asked of the system alone, dozens would repeat (birthday bound)
        Set<Integer> sett = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            assertThat(sett.add(Ledigport.ny())).as("port handed out twice after %d", i).isTrue();
        }
    }

    @Test
    void should_keep_a_configured_port() throws Exception {
        assertThat(Ledigport.ellerNy(61616)).isEqualTo(61616);
    }
}
