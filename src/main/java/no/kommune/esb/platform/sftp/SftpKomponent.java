package no.kommune.esb.platform.sftp;

import no.kommune.esb.platform.Traader;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.apache.camel.component.file.remote.SftpComponent;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The platform's {@code sftp:} component: Camel's own, with a time limit on each SFTP operation of its endpoints
 * ({@link BegrensetSftpOperasjoner}: twice {@code platform.sftp.tidsgrense.svar} without progress). It is put in
 * Camel's context as the component {@code sftp} before any route is made, so every {@code sftp:} endpoint of a route file (the wash reader and its answer write, the SFTP letter
 * intake, the diagnostics ping) and of the platform's own writes ({@code SftpSkriving}) takes it with no change to the
 * route: the route files keep Camel's options as they are. Before, a poll or write whose SFTP subsystem stalled while
 * the SSH layer still answered the keep-alives held the route without end ({@code SftpKomponentTest}).
 */
@Component
// Camel finds the endpoint options' configurer by this name (sftp-endpoint): without it no option could be set
@org.apache.camel.spi.annotations.Component("sftp")
public class SftpKomponent extends SftpComponent implements CamelContextConfiguration {

    private final Duration stans;
    private final ScheduledExecutorService vaktmester = Executors.newSingleThreadScheduledExecutor(Traader.daemon("sftp-rute-vakt"));

    public SftpKomponent(@Value("${platform.sftp.tidsgrense.svar:PT30S}") Duration svar) {
        this.stans = svar.multipliedBy(2);
    }

    /** The component {@code sftp} of the platform's Camel context (the bean named sftp is the health indicator). */
    @Override
    public void beforeApplicationStart(CamelContext camel) {
        camel.addComponent("sftp", this);
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing: in place before the routes
    }

    /** How long one SFTP operation may make no progress before it is ended. */
    public Duration stans() {
        return stans;
    }

    @Override
    protected GenericFileEndpoint<SftpRemoteFile> buildFileEndpoint(String uri, String remaining, Map<String, Object> parameters)
            throws Exception {
        SftpEndpoint camels = (SftpEndpoint) super.buildFileEndpoint(uri, remaining, parameters);
        return new Endepunkt(uri, this, camels.getConfiguration());
    }

    /** Camel's SFTP endpoint, whose consumers and producers work through {@link BegrensetSftpOperasjoner}. */
    static final class Endepunkt extends SftpEndpoint {

        Endepunkt(String uri, SftpKomponent komponent, SftpConfiguration konfigurasjon) {
            super(uri, komponent, konfigurasjon);
        }

        @Override
        public RemoteFileOperations<SftpRemoteFile> createRemoteFileOperations() {
            SftpKomponent komponent = (SftpKomponent) getComponent();
            BegrensetSftpOperasjoner operasjoner = new BegrensetSftpOperasjoner(getProxy(), komponent.vaktmester, komponent.stans);
            operasjoner.setEndpoint(this);
            return operasjoner;
        }
    }
}
