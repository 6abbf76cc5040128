package no.kommune.esb.uttrekk;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Delivers a finished extract file. SFTP: to the folder under its fixed name, written as {@code <name>.part} and
 * renamed, so the fagsystem never sees half a file; {@code fileExist=Ignore} makes a delivery repeated after a crash
 * (file renamed, but LEVERT not yet recorded) leave the delivered file alone instead of writing a second one. Kafka: one
 * record per row, keyed {@code <uttrekk id>:<row number>}, so a consumer can drop rows repeated after a crash.
 */
@Component
public class UttrekkLeverer {

    private final ProducerTemplate producer;
    private final String sftpBase;

    public UttrekkLeverer(ProducerTemplate producer,
                          @Value("${platform.sftp.host}") String sftpHost, @Value("${platform.sftp.port}") int sftpPort,
                          @Value("${platform.sftp.user}") String sftpUser, @Value("${platform.sftp.password:}") String sftpPassword,
                          @Value("${platform.sftp.strict-host-key-checking:yes}") String strict,
                          @Value("${platform.sftp.known-hosts-file:}") String knownHostsFile,
                          @Value("${platform.sftp.private-key-file:}") String privateKeyFile) {
        this.producer = producer;
        // the same login and host-key check as the platform's other SFTP routes
        this.sftpBase = "sftp://" + sftpHost + ":" + sftpPort + "/%s?username=" + enc(sftpUser)
                + (sftpPassword.isBlank() ? "" : "&password=RAW(" + sftpPassword + ")")
                + (privateKeyFile.isBlank() ? "" : "&privateKeyFile=" + enc(privateKeyFile))
                + (knownHostsFile.isBlank() ? "" : "&knownHostsFile=" + enc(knownHostsFile))
                + "&strictHostKeyChecking=" + strict + "&useUserKnownHostsFile=false&autoCreate=true"
                + "&tempFileName=${file:name}.part&fileExist=Ignore";
    }

    /** Puts {@code fil} into the fagsystem's SFTP folder as {@code filnavn}; the file is streamed, never held in memory. */
    public void sftp(String folder, String filnavn, Path fil) {
        producer.sendBodyAndHeader(String.format(sftpBase, folder), fil.toFile(), Exchange.FILE_NAME, filnavn);
    }

    /** Sends each line of {@code rader} (one JSON document each) as one record. */
    public void kafka(String topic, UUID id, Path rader) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(rader, StandardCharsets.UTF_8)) {
            String linje;
            long nr = 0;
            while ((linje = r.readLine()) != null) {
                nr++;
                producer.sendBodyAndHeaders("kafka:" + topic, linje,
                        Map.of(KafkaConstants.KEY, id + ":" + nr, "esb-uttrekk", id.toString()));
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
