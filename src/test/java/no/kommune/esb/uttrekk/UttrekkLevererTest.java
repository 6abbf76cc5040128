package no.kommune.esb.uttrekk;

import no.kommune.esb.SftpMedFullDisk;
import no.kommune.esb.forsendelse.mottak.SftpTilgang;
import no.kommune.esb.platform.sftp.SftpSkriving;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An extract file's SFTP delivery ({@link UttrekkLeverer#sftp}) to a server whose disk fills up while the file is
 * written: the delivery fails, and the half file the write left under {@code <name>.part} is deleted, so a run that ends
 * {@code FEILET} leaves none of its rows in the fagsystem's folder. Before, it stayed there for good. Real SFTP (Apache
 * MINA) and Camel; the platform's look-ups in the folder ({@link SftpTilgang}) read the server's disk directly here.
 */
class UttrekkLevererTest {

    @TempDir
    static Path mappe;
    static SftpMedFullDisk server;
    static DefaultCamelContext camel;
    static UttrekkLeverer leverer;

    @BeforeAll
    static void start() throws Exception {
        server = new SftpMedFullDisk(mappe);
        camel = new DefaultCamelContext();
        camel.start();
        leverer = new UttrekkLeverer(camel.createProducerTemplate(), new Disktilgang(server.rot()),
                new SftpSkriving("127.0.0.1", server.port(), SftpMedFullDisk.BRUKER, SftpMedFullDisk.PASSORD, "no", "", "", Duration.ofSeconds(10), Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stopp() throws Exception {
        camel.stop();
        server.close();
    }

    @Test
    void should_fail_the_delivery_and_leave_no_half_file_when_the_disk_fills_up_during_the_write() throws Exception {
        Path fil = uttrekksfil("skolestart-20270301-aaaaaaaa.csv");
        server.diskenErFull(true);
        try {
            assertThatThrownBy(() -> leverer.sftp("skole/uttrekk", "skolestart-20270301-aaaaaaaa.csv", fil)).isInstanceOf(RuntimeException.class);
        } finally {
            server.diskenErFull(false);
        }
        assertThat(server.filer("skole/uttrekk")).as("the folder after the failed write").isEmpty();
    }

    @Test
    void should_write_the_file_whole_under_its_name_when_the_disk_has_room() throws Exception {
        Path fil = uttrekksfil("skolestart-20270301-bbbbbbbb.csv");
        leverer.sftp("skole/uttrekk2", "skolestart-20270301-bbbbbbbb.csv", fil);
        assertThat(server.filer("skole/uttrekk2")).containsExactly("skolestart-20270301-bbbbbbbb.csv");
        assertThat(Files.readAllBytes(server.rot().resolve("skole/uttrekk2/skolestart-20270301-bbbbbbbb.csv"))).isEqualTo(Files.readAllBytes(fil));
    }

    private static Path uttrekksfil(String navn) throws IOException {
        StringBuilder csv = new StringBuilder("elev_fnr;elev_navn\r\n");
        for (int i = 0; i < 200; i++) {
            csv.append("0101201").append(String.format("%04d", i)).append(";Elev ").append(i).append("\r\n");
        }
        return Files.writeString(Files.createDirectories(mappe.resolve("lokalt")).resolve(navn), csv);
    }

    /** The look-ups the delivery makes in the folder, on the server's disk itself. */
    private record Disktilgang(Path rot) implements SftpTilgang {

        @Override
        public Okt aapne() {
            return new Okt() {
                @Override
                public Long stoerrelse(String sti) throws IOException {
                    Path p = rot.resolve(sti);
                    return Files.isRegularFile(p) ? Files.size(p) : null;
                }

                @Override
                public boolean finnes(String sti) {
                    return Files.exists(rot.resolve(sti));
                }

                @Override
                public byte[] les(String sti) throws IOException {
                    return Files.readAllBytes(rot.resolve(sti));
                }

                @Override
                public InputStream lesStroem(String sti) throws IOException {
                    return Files.newInputStream(rot.resolve(sti));
                }

                @Override
                public boolean flytt(String fra, String til) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public boolean flyttUtenAaErstatte(String fra, String til) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void skriv(String sti, byte[] innhold) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void lagMappe(String sti) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public boolean lagNyMappe(String sti) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void settEndret(String sti, Instant tid) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public List<Oppfoering> liste(String mappe) throws IOException {
                    Path p = rot.resolve(mappe);
                    if (!Files.isDirectory(p)) {
                        return List.of();
                    }
                    try (Stream<Path> s = Files.list(p)) {
                        return s.map(f -> new Oppfoering(f.getFileName().toString(), Files.isDirectory(f), Instant.now())).toList();
                    }
                }

                @Override
                public void slett(String sti) throws IOException {
                    Files.delete(rot.resolve(sti));
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
