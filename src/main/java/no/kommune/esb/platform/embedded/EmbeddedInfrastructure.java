package no.kommune.esb.platform.embedded;

import no.kommune.esb.platform.Traader;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.unit.DataSize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Starts the embedded infrastructure as the application starts, so that the ordinary connection settings
 * ({@code spring.datasource.url}, {@code spring.artemis.broker-url}, Kafka brokers, SFTP port, SMTP host and port) can
 * point at it exactly as they would at external servers in production. Ports of 0 are chosen freely, before any server
 * starts, so the settings are known at once. The servers start side by side (they do not depend on each other) on
 * threads of their own while the context is built; the context waits where it first needs one ({@link Oppstart}).
 * Everything is stopped last when the context closes. Each embedded component logs a warning: none of them belongs in
 * production.
 */
public class EmbeddedInfrastructure implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    public EmbeddedInfrastructure(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedInfrastructure.class);
    }

    @Override
    public int getOrder() {
        // after the config files are read (ConfigDataEnvironmentPostProcessor is HIGHEST_PRECEDENCE + 10)
        return Ordered.LOWEST_PRECEDENCE - 10;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (!env.getProperty("platform.embedded.enabled", Boolean.class, false)) {
            return;
        }
        Path dataDir = Path.of(env.getProperty("platform.data-dir", "data")).toAbsolutePath().normalize();
        Map<String, Object> props = new LinkedHashMap<>();
        // resolved once: the setting may hold ${random.uuid} for tests
        props.put("platform.data-dir", dataDir.toString());
        Oppstart oppstart = new Oppstart();
        if (env.getProperty("platform.embedded.delete-data-on-stop", Boolean.class, false)) {
            // a benchmark's data folder (a gigabyte and more of journals, logs and tables) goes once it is done
            oppstart.slettVedStopp = dataDir;
        }
        try {
            if (env.getProperty("platform.embedded.random-server-port", Boolean.class, false)) {
                props.put("server.port", Ledigport.ny());
            }
            Files.createDirectories(dataDir);
            log.warn("Embedded infrastructure is ON (platform.embedded.enabled=true), data under " + dataDir
                    + ": for development and tests only, never production");
            // every port is chosen now, so the connection settings are known before the servers are up: the context
            // is built while they start, and waits only where it first needs one (Oppstart)
            int postgresPort = Ledigport.ellerNy(env.getProperty("platform.embedded.postgres.port", Integer.class, 0));
            // server settings for diagnosis, e.g. shared_preload_libraries=pg_stat_statements (docs/benchmarks.md); none by default
            Map<String, String> postgresInnstillinger = Binder.get(env).bind("platform.embedded.postgres.server-config",
                    Bindable.mapOf(String.class, String.class)).orElse(Map.of());
            oppstart.postgres = oppstart.start(() -> EmbeddedPostgresServer.start(dataDir.resolve("postgres"), postgresPort, postgresInnstillinger));
            props.put("spring.datasource.url", EmbeddedPostgresServer.jdbcUrl(postgresPort));
            props.put("spring.datasource.username", EmbeddedPostgresServer.USER);
            props.put("spring.datasource.password", "");
            log.warn("Embedded PostgreSQL on 127.0.0.1:" + postgresPort + " with user 'postgres' and no password (local default, not for production)");

            String artemisUser = env.getProperty("platform.embedded.artemis.user", "esb");
            String artemisPassword = env.getProperty("platform.embedded.artemis.password", "esb-local");
            EmbeddedArtemisServer.Redelivery redelivery = Binder.get(env).bind("platform.embedded.artemis.redelivery", Bindable.of(EmbeddedArtemisServer.Redelivery.class))
                    .orElse(EmbeddedArtemisServer.Redelivery.DEFAULT);
            EmbeddedArtemisServer.Disk disk = new EmbeddedArtemisServer.Disk(
                    Binder.get(env).bind("platform.embedded.artemis.min-disk-free", DataSize.class)
                            .map(DataSize::toBytes).orElse(EmbeddedArtemisServer.Disk.DEFAULT.minFreeBytes()),
                    EmbeddedArtemisServer.Disk.DEFAULT.scanPeriodMs());
            List<EmbeddedArtemisServer.FagsystemUser> fagsystemUsers = Binder.get(env).bind("platform.embedded.artemis.fagsystemer", Bindable.listOf(EmbeddedArtemisServer.FagsystemUser.class))
                    .orElse(List.of());
            int artemisPort = Ledigport.ellerNy(env.getProperty("platform.embedded.artemis.port", Integer.class, 0));
            oppstart.artemis = oppstart.start(() -> EmbeddedArtemisServer.start(dataDir.resolve("artemis"), artemisPort, artemisUser, artemisPassword, redelivery, disk, fagsystemUsers));
            props.put("spring.artemis.mode", "native");
            props.put("spring.artemis.broker-url", EmbeddedArtemisServer.brokerUrl(artemisPort));
            props.put("spring.artemis.user", artemisUser);
            props.put("spring.artemis.password", artemisPassword);
            log.warn("Embedded ActiveMQ Artemis on " + EmbeddedArtemisServer.brokerUrl(artemisPort) + " with a built-in platform user and local fagsystem users (local default, not for production)");

            int kafkaPort = Ledigport.ellerNy(env.getProperty("platform.embedded.kafka.port", Integer.class, 0));
            oppstart.kafka = oppstart.start(() -> EmbeddedKafkaServer.start(dataDir.resolve("kafka"), kafkaPort));
            props.put("platform.kafka.bootstrap-servers", EmbeddedKafkaServer.bootstrapServers(kafkaPort));
            log.warn("Embedded Kafka (KRaft, single node, no TLS) on " + EmbeddedKafkaServer.bootstrapServers(kafkaPort)
                    + " (local default, not for production)");

            List<EmbeddedSftpServer.User> users = Binder.get(env)
                    .bind("platform.embedded.sftp.users", Bindable.listOf(EmbeddedSftpServer.User.class)).orElse(List.of());
            int sftpPort = Ledigport.ellerNy(env.getProperty("platform.embedded.sftp.port", Integer.class, 0));
            Path sftpRoot = dataDir.resolve("sftp");
            oppstart.sftp = oppstart.start(() -> EmbeddedSftpServer.start(sftpRoot, sftpPort, users));
            props.put("platform.sftp.host", "127.0.0.1");
            props.put("platform.sftp.port", sftpPort);
            props.put("platform.sftp.root", sftpRoot.toString());
            log.warn("Embedded SFTP server on 127.0.0.1:" + sftpPort + " with an auto-generated host key and "
                    + users.size() + " local users with well-known passwords ("
                    + users.stream().map(EmbeddedSftpServer.User::username).collect(java.util.stream.Collectors.joining(", "))
                    + "; local default, not for production)");

            // in memory and quick: waited for here, as tests read what arrived from its bean
            EmbeddedSmtpServer smtp = oppstart.startet(EmbeddedSmtpServer.start(env.getProperty("platform.embedded.smtp.port", Integer.class, 0)));
            oppstart.smtp = smtp;
            props.put("varsel.epost.host", "127.0.0.1");
            props.put("varsel.epost.port", smtp.port());
            log.warn("Embedded SMTP server on 127.0.0.1:" + smtp.port() + " keeps every e-mail in memory, no login, no TLS"
                    + " (local default, not for production)");
        } catch (Exception e) {
            oppstart.close();
            throw new IllegalStateException("Could not start the embedded infrastructure: " + e.getMessage(), e);
        }
        env.getPropertySources().addFirst(new MapPropertySource("embeddedInfrastructure", props));
        application.addListeners((ApplicationListener<ApplicationPreparedEvent>) event -> {
            if (event.getApplicationContext().getBeanFactory() instanceof DefaultListableBeanFactory registry) {
                // registered as the context's first disposable bean, so it is destroyed last: after Camel and every
                // client connection are closed, the servers stop
                registry.registerDisposableBean("embeddedInfrastructure", oppstart::close);
                // what arrived over SMTP, for tests
                registry.registerSingleton("embeddedSmtpServer", oppstart.smtp);
                registry.addBeanPostProcessor(oppstart.ventepunkt());
                registry.registerSingleton("embeddedInfrastructureOppe", oppstart.foerLivssyklus());
            }
        });
        // a context that fails before it is prepared has no disposable bean to stop the servers
        application.addListeners((ApplicationListener<ApplicationFailedEvent>) event -> oppstart.close());
    }

    /**
     * The servers starting side by side on threads of their own, while the context is built. Whoever first needs one
     * waits for it: the data source's initialisation for PostgreSQL, a JMS connection factory's for Artemis, and the
     * first lifecycle phase (before Tomcat, JMS listeners and Camel's routes start) for all of them. A server that
     * failed to start fails the context there, with its reason.
     */
    private final class Oppstart implements AutoCloseable {

        /** Each server once started, in start order; stopped the other way, PostgreSQL last. */
        private final List<AutoCloseable> started = java.util.Collections.synchronizedList(new ArrayList<>());
        private final ExecutorService starter = Executors.newFixedThreadPool(4, Traader.daemon("embedded-start"));
        private Future<EmbeddedPostgresServer> postgres;
        private Future<EmbeddedArtemisServer> artemis;
        private Future<EmbeddedKafkaServer> kafka;
        private Future<EmbeddedSftpServer> sftp;
        private EmbeddedSmtpServer smtp;
        /** Deleted once every server has stopped (platform.embedded.delete-data-on-stop); null keeps it. */
        private Path slettVedStopp;

        <T extends AutoCloseable> Future<T> start(Callable<T> server) {
            return starter.submit(() -> startet(server.call()));
        }

        /** Records a started server, so it is stopped on a later failure and at shutdown. */
        <T extends AutoCloseable> T startet(T server) {
            started.add(server);
            return server;
        }

        void vent(Future<?> server) {
            try {
                server.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the embedded infrastructure started", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new IllegalStateException("Could not start the embedded infrastructure: " + cause.getMessage(), cause);
            }
        }

        void ventAlle() {
            for (Future<?> server : java.util.Arrays.asList(postgres, artemis, kafka, sftp)) {
                if (server != null) {
                    vent(server);
                }
            }
        }

        BeanPostProcessor ventepunkt() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessBeforeInitialization(Object bean, String beanName) {
                    if (bean instanceof javax.sql.DataSource) {
                        vent(postgres);
                    } else if (bean instanceof jakarta.jms.ConnectionFactory) {
                        vent(artemis);
                    }
                    return bean;
                }
            };
        }

        /** Started in the first lifecycle phase: nothing that connects or listens starts before every server is up. */
        SmartLifecycle foerLivssyklus() {
            return new SmartLifecycle() {
                private volatile boolean running;

                @Override
                public void start() {
                    ventAlle();
                    running = true;
                }

                @Override
                public void stop() {
                    running = false;
                }

                @Override
                public boolean isRunning() {
                    return running;
                }

                @Override
                public int getPhase() {
                    return Integer.MIN_VALUE;
                }
            };
        }

        /** Lets starts still under way finish, then stops whatever did start; a second call finds nothing left. */
        @Override
        public void close() {
            starter.shutdown();
            awaitQuietly(starter);
            synchronized (started) {
                started.sort(java.util.Comparator.comparingInt(EmbeddedInfrastructure::startOrder));
                closeAll(started);
            }
            if (slettVedStopp != null) {
                try {
                    FileSystemUtils.deleteRecursively(slettVedStopp);
                } catch (java.io.IOException e) {
                    log.warn("Could not delete the embedded data folder " + slettVedStopp + ": " + e.getMessage());
                }
                slettVedStopp = null;
            }
        }
    }

    /** The order the servers were started in before they started side by side; stopping goes the other way. */
    private static int startOrder(AutoCloseable server) {
        return List.of(EmbeddedPostgresServer.class, EmbeddedArtemisServer.class, EmbeddedKafkaServer.class,
                EmbeddedSftpServer.class, EmbeddedSmtpServer.class).indexOf(server.getClass());
    }

    private static void awaitQuietly(ExecutorService starter) {
        try {
            starter.awaitTermination(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("Stopping " + started.get(i).getClass().getSimpleName() + " failed: " + e.getMessage());
            }
        }
        started.clear();
    }
}
