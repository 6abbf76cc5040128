package no.kommune.esb.platform.sftp;

import com.jcraft.jsch.JSch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JschKexKontrollTest {

    @Test
    void should_check_only_the_key_exchanges_jsch_proposes_and_keep_every_proposed_one_it_checked_before() {
        List<String> foreslaatt = List.of(JSch.getConfig("kex").split(","));
        List<String> foer = List.of(JSch.getConfig("CheckKexes").split(","));

        JschKexKontroll.begrens();

        List<String> etter = List.of(JSch.getConfig("CheckKexes").split(","));
        assertThat(foreslaatt).containsAll(etter);
        assertThat(etter).containsExactlyElementsOf(foer.stream().filter(foreslaatt::contains).toList());
        // JSch's default checks sntrup761, which it does not propose: the costly key pair this class is about
        assertThat(etter).noneMatch(k -> k.startsWith("sntrup761"));
    }
}
