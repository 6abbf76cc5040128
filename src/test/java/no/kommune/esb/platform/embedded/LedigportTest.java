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

    /**
     * A port of the ephemeral range is also what the system gives any process's next outgoing connection, and the web
     * server binds its port long after it is chosen: a run beside other builds once failed with "Port … is already in
     * use" (session 35). The ports come from below that range.
     */
    @Test
    void should_hand_out_ports_below_the_range_the_system_gives_outgoing_connections() throws Exception {
        int kortlevdeFra = Ledigport.kortlevdeFra();
        assertThat(kortlevdeFra).as("this machine leaves room below its ephemeral range").isGreaterThan(Ledigport.FRA + 1000);
        for (int i = 0; i < 200; i++) {
            assertThat(Ledigport.ny()).isBetween(Ledigport.FRA, kortlevdeFra - 1);
        }
    }

    @Test
    void should_keep_a_configured_port() throws Exception {
        assertThat(Ledigport.ellerNy(61616)).isEqualTo(61616);
    }
}
