package no.kommune.esb.hendelser.flyt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.jms.ConnectionFactory;
import no.kommune.esb.SftpMedFullDisk;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Meldingsmappinger;
import no.kommune.esb.oppslag.Identnoekkel;
import no.kommune.esb.platform.sftp.SftpSkriving;
import org.apache.camel.impl.DefaultCamelContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import static org.mockito.Mockito.mock;

/**
 * The school's batch files written for real, for the batch-file tests: the embedded PostgreSQL with the platform's
 * migrations, an Apache MINA SFTP server ({@link SftpMedFullDisk}), a started Camel and a {@link HendelseLeverer} with the
 * shipped school registration and its mapping. One per test class.
 */
final class Skolebatch implements AutoCloseable {

    final MigrertDatabase database;
    final SftpMedFullDisk sftp;
    final DefaultCamelContext camel;
    final HendelseLeverer leverer;
    /** A minimised document the school's mapping takes (its golden example's input). */
    final String dokument;

    private Skolebatch(Path mappe, Function<DataSource, TransactionTemplate> transaksjoner) throws Exception {
        database = MigrertDatabase.start();
        TransactionTemplate tx = transaksjoner == null ? database.tx : transaksjoner.apply(database.jdbc.getDataSource());
        sftp = new SftpMedFullDisk(mappe);
        camel = new DefaultCamelContext();
        camel.start();
        Path fagsystemer = Files.createDirectories(mappe.resolve("fagsystemer"));
        Files.copy(Path.of("config/fagsystemer/skole.yaml"), fagsystemer.resolve("skole.yaml"));
        FagsystemRegistry registry = FagsystemRegistry.last(fagsystemer, Path.of("mappings"));
        dokument = Files.readString(Path.of("mappings/skole/examples/felles-foreldreansvar-delt-bosted/input.json"));
        @SuppressWarnings("unchecked")
        ObjectProvider<Meldingsmappinger> meldinger = mock(ObjectProvider.class);
        leverer = new HendelseLeverer(database.jdbc, tx, registry, meldinger, camel.createProducerTemplate(),
                new ObjectMapper(), new SimpleMeterRegistry(), new MockEnvironment(), mock(ConnectionFactory.class),
                new SftpSkriving("127.0.0.1", sftp.port(), SftpMedFullDisk.BRUKER, SftpMedFullDisk.PASSORD, "no", "", "",
                        Duration.ofSeconds(10), Duration.ofSeconds(30)), 500, 4, null,
                new Identnoekkel("en-noekkel-paa-minst-16-tegn"), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(1));
    }

    static Skolebatch start(Path mappe) throws Exception {
        return new Skolebatch(mappe, null);
    }

    /** With the deliverer's transactions made by {@code transaksjoner} over the database (a test's faults at commit). */
    static Skolebatch start(Path mappe, Function<DataSource, TransactionTemplate> transaksjoner) throws Exception {
        return new Skolebatch(mappe, transaksjoner);
    }

    @Override
    public void close() throws Exception {
        leverer.stopp();
        camel.stop();
        sftp.close();
        database.close();
    }
}
