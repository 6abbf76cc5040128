package no.kommune.esb.platform.sftp;

import no.kommune.esb.platform.Traader;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileProcessStrategy;
import org.apache.camel.component.file.remote.RemoteFileConsumer;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.apache.camel.component.file.remote.SftpComponent;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpConsumer;
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
 * the SSH layer still answered the keep-alives held the route without end ({@code SftpKomponentTest}). A download that
 * fails gives the file's read lock back as a failed attempt ({@link Konsument}).
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

    /**
     * Camel's SFTP endpoint, whose consumers ({@link Konsument}) and producers work through {@link BegrensetSftpOperasjoner}.
     */
    static final class Endepunkt extends SftpEndpoint {

        Endepunkt(String uri, SftpKomponent komponent, SftpConfiguration konfigurasjon) {
            super(uri, komponent, konfigurasjon);
        }

        @Override
        protected RemoteFileConsumer<SftpRemoteFile> buildConsumer(Processor processor) {
            return new Konsument(this, processor, createRemoteFileOperations(),
                    processStrategy != null ? processStrategy : createGenericFileStrategy());
        }

        @Override
        public RemoteFileOperations<SftpRemoteFile> createRemoteFileOperations() {
            SftpKomponent komponent = (SftpKomponent) getComponent();
            BegrensetSftpOperasjoner operasjoner = new BegrensetSftpOperasjoner(getProxy(), komponent.vaktmester, komponent.stans);
            operasjoner.setEndpoint(this);
            return operasjoner;
        }
    }

    /**
     * Camel's SFTP consumer, which gives a file's read lock back when its download fails. Camel's own (camel-file 4.18,
     * {@code GenericFileConsumer.tryRetrievingFile}) only logs the failure and takes the file off its in-progress list:
     * the read lock its {@code begin} took is never released, as neither the exchange's completion (it never runs) nor
     * the {@code abort} of a failed begin is called. A read lock that holds a claim then keeps it: the wash's ({@code
     * VaskLaas}, {@code VaskKrav}) stayed taken and renewed while the instance lived, so after a dropped connection or a
     * download ended by the time limit the file was never washed. Now the download's failure is the attempt's failure:
     * the process strategy's {@code rollback} releases the lock ({@code releaseExclusiveReadLockOnRollback}; the wash
     * marks its claim failed and takes the file again after {@code vask.krav-vent-foerste}), before Camel reports the
     * failure as it did. The file itself stays where it is (no route here has {@code moveFailed}).
     */
    static final class Konsument extends SftpConsumer {

        Konsument(RemoteFileEndpoint<SftpRemoteFile> endepunkt, Processor processor, RemoteFileOperations<SftpRemoteFile> operasjoner,
                  GenericFileProcessStrategy<SftpRemoteFile> strategi) {
            super(endepunkt, processor, operasjoner, strategi);
        }

        /**
         * Called by Camel when a file's download failed (with its exchange), and when a folder could not be listed
         * (without one): only the first has a read lock to release.
         */
        @Override
        protected boolean ignoreCannotRetrieveFile(String name, Exchange exchange, Exception cause) {
            boolean ignorer = super.ignoreCannotRetrieveFile(name, exchange, cause);
            if (exchange != null) {
                // the read lock's release reads why the attempt failed (the wash keeps it in words for a file it gives up)
                if (exchange.getException() == null && exchange.getProperty(Exchange.EXCEPTION_CAUGHT) == null) {
                    exchange.setProperty(Exchange.EXCEPTION_CAUGHT, cause);
                }
                slippLaas(exchange);
            }
            return ignorer;
        }

        @SuppressWarnings("unchecked")
        private void slippLaas(Exchange exchange) {
            GenericFile<SftpRemoteFile> fil = exchange.getProperty(FileComponent.FILE_EXCHANGE_FILE, GenericFile.class);
            if (fil == null) {
                return;
            }
            try {
                processStrategy.rollback(operations, endpoint, exchange, fil);
            } catch (Exception e) {
                // the endpoint's exceptionHandler (SftpUnntakslogg on the route files' consumers) masks the path
                handleException("The read lock of a file whose download failed could not be released", exchange, e);
            }
        }
    }
}
