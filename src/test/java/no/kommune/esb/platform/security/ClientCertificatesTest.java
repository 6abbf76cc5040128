package no.kommune.esb.platform.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.security.auth.x500.X500Principal;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientCertificatesTest {

    static final Clock CLOCK = Clock.systemUTC();
    static final LocalCertificateAuthority KOMMUNE_CA = LocalCertificateAuthority.create(new X500Principal("CN=Kommune-CA, O=Bergen kommune"), CLOCK);
    static final LocalCertificateAuthority ANNEN_CA = LocalCertificateAuthority.create(new X500Principal("CN=Annen CA, O=Leverandør AS"), CLOCK);
    static final X509Certificate SKOLE_FRA_KOMMUNE = KOMMUNE_CA.issueClient(new X500Principal("CN=skole, O=Bergen kommune"), CLOCK).chain()[0];
    static final X509Certificate SKOLE_FRA_ANNEN = ANNEN_CA.issueClient(new X500Principal("CN=skole, O=Bergen kommune"), CLOCK).chain()[0];
    static final X509Certificate INTEGRASJON = KOMMUNE_CA.issueClient(new X500Principal("CN=integrasjon, OU=IT, O=Bergen kommune"), CLOCK).chain()[0];

    static final ClientCertificates REGISTERED = ClientCertificates.of(List.of(
            ClientCertificates.Registration.parse("CN=skole,O=Bergen kommune", "CN=Kommune-CA,O=Bergen kommune", "skole", null),
            ClientCertificates.Registration.parse("cn=integrasjon,ou=IT,o=Bergen kommune", "", "integrasjon", "esb:admin")));

    static Stream<Arguments> certificates() {
        return Stream.of(
                Arguments.of("registered subject and issuer", SKOLE_FRA_KOMMUNE, Optional.of("skole"), Optional.of("esb:forsendelse")),
                Arguments.of("registered subject from another CA than the registered one", SKOLE_FRA_ANNEN, Optional.empty(), Optional.empty()),
                Arguments.of("subject registered without issuer, case and spacing differ", INTEGRASJON, Optional.of("integrasjon"), Optional.of("esb:admin")),
                Arguments.of("subject nobody registered", KOMMUNE_CA.issueClient(new X500Principal("CN=ukjent, O=Bergen kommune"), CLOCK).chain()[0],
                        Optional.empty(), Optional.empty()),
                Arguments.of("same attributes in another order", KOMMUNE_CA.issueClient(new X500Principal("O=Bergen kommune, CN=skole"), CLOCK).chain()[0],
                        Optional.empty(), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("certificates")
    void should_find_the_fagsystem_and_scope_of_a_certificate_by_subject_and_issuer(String tilfelle, X509Certificate certificate,
                                                                                      Optional<String> fagsystem, Optional<String> scope) {
        Optional<ClientCertificates.Registration> found = REGISTERED.find(certificate);

        assertThat(found.map(ClientCertificates.Registration::fagsystem)).isEqualTo(fagsystem);
        assertThat(found.map(ClientCertificates.Registration::scope)).isEqualTo(scope);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("unknown scope", registrations(new String[]{"CN=a", null, "a", "esb:alt"}), "esb:alt"),
                Arguments.of("no fagsystem", registrations(new String[]{"CN=a", null, " ", null}), "no fagsystem"),
                Arguments.of("no subject", registrations(new String[]{null, null, "a", null}), "needs a subject"),
                Arguments.of("subject that is not an X.500 name", registrations(new String[]{"skole", null, "skole", null}), "not an X.500 name"),
                Arguments.of("same subject and issuer twice", registrations(new String[]{"CN=a,O=k", "CN=ca", "a", null},
                        new String[]{"cn=a, o=k", "CN=ca", "b", null}), "registered twice"),
                Arguments.of("one subject for any CA and for one CA", registrations(new String[]{"CN=a", "CN=ca", "a", null},
                        new String[]{"CN=a", null, "b", null}), "registered twice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void should_refuse_a_registration_that_is_incomplete_or_ambiguous(String tilfelle, ThrowingCallable registrations, String message) {
        assertThatThrownBy(registrations).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    /** Builds the registrations from (subject, issuer, fagsystem, scope) rows when called. */
    private static ThrowingCallable registrations(String[]... rows) {
        return () -> ClientCertificates.of(Stream.of(rows).map(r -> ClientCertificates.Registration.parse(r[0], r[1], r[2], r[3])).toList());
    }

    @Test
    void should_accept_one_subject_from_two_different_cas_as_two_callers() {
        ClientCertificates two = ClientCertificates.of(List.of(
                ClientCertificates.Registration.parse("CN=skole,O=Bergen kommune", "CN=Kommune-CA,O=Bergen kommune", "skole", null),
                ClientCertificates.Registration.parse("CN=skole,O=Bergen kommune", "CN=Annen CA,O=Leverandør AS", "skole-leverandor", null)));

        assertThat(two.find(SKOLE_FRA_KOMMUNE)).map(ClientCertificates.Registration::fagsystem).contains("skole");
        assertThat(two.find(SKOLE_FRA_ANNEN)).map(ClientCertificates.Registration::fagsystem).contains("skole-leverandor");
    }
}
