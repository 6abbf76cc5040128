package no.kommune.esb.platform.logg;

import no.kommune.esb.EndToEndTest;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.uttrekk.format.Testidenter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The log's safety net as logback-spring.xml wires it: what the console writes, message and exception alike. */
@ExtendWith(OutputCaptureExtension.class)
class LoggmaskeringEndToEndTest extends EndToEndTest {

    @Test
    void should_mask_an_identity_number_in_a_camel_loggers_message_and_exception_and_keep_ids_whole(CapturedOutput output) {
        String fnr = Testidenter.syntetisk(LocalDate.of(1977, 7, 7), 40).value();
        String uuid = UUID.randomUUID().toString();
        String exchangeId = "4E90F02C38BF533-00000000000001AE";
        // as Camel's error handler writes a failed answer write: the SFTP producer's exception names the file
        LoggerFactory.getLogger("org.apache.camel.processor.errorhandler.DefaultErrorHandler").warn(
                "Failed delivery for (MessageId: {} on ExchangeId: {}). On delivery attempt: 0 caught: "
                        + "GenericFileOperationFailedException: Cannot store file: lonn/vask/ut/vask-{}-svar-20261206-101010123-1a2b3c4d.csv ({})",
                exchangeId, exchangeId, fnr, uuid);
        LoggerFactory.getLogger("org.apache.camel.component.file.remote.RemoteFileProducer").warn("Writing file failed",
                new IllegalStateException("File already exist: lonn/vask/ut/vask-" + fnr + ".csv. Cannot write new file."));

        String maskert = Identitetsnummer.mask(fnr);
        assertThat(output.getAll()).doesNotContain(fnr)
                .contains("Cannot store file: lonn/vask/ut/vask-" + maskert + "-svar-20261206-101010123-1a2b3c4d.csv (" + uuid + ")")
                .contains("ExchangeId: " + exchangeId)
                .contains("java.lang.IllegalStateException: File already exist: lonn/vask/ut/vask-" + maskert + ".csv");
    }
}
