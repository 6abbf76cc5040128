package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SftpManifestTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode manifest(String dokumenter) throws Exception {
        return JSON.readTree("{\"avsenderSystem\":\"skole\",\"dokumenter\":[" + dokumenter + "]}");
    }

    @Test
    void should_take_the_file_name_as_filnavn_when_the_manifest_leaves_it_out() throws Exception {
        SftpManifest m = SftpManifest.les(manifest("{\"fil\":\"vedtak.pdf\"},{\"fil\":\"v2.pdf\",\"filnavn\":\"Vedlegg.pdf\"}"), "brev.json");

        assertThat(m.feil()).isEmpty();
        assertThat(m.filer()).containsExactly("vedtak.pdf", "v2.pdf");
        assertThat(m.metadata().at("/dokumenter/0/filnavn").asText()).isEqualTo("vedtak.pdf");
        assertThat(m.metadata().at("/dokumenter/1/filnavn").asText()).isEqualTo("Vedlegg.pdf");
    }

    @Test
    void should_take_inline_base64_documents_as_the_jms_format_does() throws Exception {
        SftpManifest m = SftpManifest.les(manifest("{\"filnavn\":\"a.pdf\",\"innhold\":\"JVBERi0=\"}"), "brev.json");

        assertThat(m.feil()).isEmpty();
        assertThat(m.filer()).isEmpty();
        assertThat(new String(m.dokumenter().get(0).innhold())).isEqualTo("%PDF-");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a path into another folder     | {"fil":"../barnevern/x.pdf"}                   | /dokumenter/0/fil     | samme mappe
            a hidden file                  | {"fil":".behandlet"}                           | /dokumenter/0/fil     | ikke skjult
            the manifest itself            | {"fil":"brev.json"}                            | /dokumenter/0/fil     | ikke manifestet
            a backslash path               | {"fil":"a\\\\b.pdf"}                           | /dokumenter/0/fil     | samme mappe
            the same file twice            | {"fil":"a.pdf"},{"fil":"a.pdf"}                | /dokumenter/1/fil     | samme fil som dokument 1
            neither file nor content       | {"filnavn":"a.pdf"}                            | /dokumenter/0/fil     | eller innhold
            content that is not base64     | {"filnavn":"a.pdf","innhold":"A"}              | /dokumenter/0/innhold | ikke gyldig base64
            a name over 255 bytes          | {"fil":"%s.pdf"}                               | /dokumenter/0/fil     | høyst 255 byte
            """)
    void should_refuse_a_document_the_folder_cannot_give(String tilfelle, String dokumenter, String peker, String detalj) throws Exception {
        // the hostile-input run (issue #15, R5) found a 304-character name: every look at the folder failed, and the manifest was never answered
        SftpManifest m = SftpManifest.les(manifest(dokumenter.replace("%s", "a".repeat(300))), "brev.json");

        assertThat(m.feil()).singleElement().satisfies(f -> {
            assertThat(f.pointer()).isEqualTo(peker);
            assertThat(f.detail()).contains(detalj);
        });
        assertThat(m.avvisteDokumenter()).hasSize(1);
    }

    @Test
    void should_never_name_a_file_in_its_messages() throws Exception {
        SftpManifest m = SftpManifest.les(manifest("{\"fil\":\"Ola Nordmann.pdf\"},{\"fil\":\"Ola Nordmann.pdf\"}"), "brev.json");

        assertThat(m.feil()).isNotEmpty().allSatisfy(f -> assertThat(f.detail()).doesNotContain("Ola"));
    }

    @Test
    void should_leave_a_manifest_that_is_not_json_to_the_validator() {
        SftpManifest m = SftpManifest.les(null, "brev.json");

        assertThat(m.feil()).isEmpty();
        assertThat(m.dokumenter()).isEmpty();
    }
}
