package no.kommune.esb.platform.embedded;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Starts the embedded infrastructure before the application context exists, so that the ordinary
 * connection settings ({@code spring.datasource.url}, {@code spring.artemis.broker-url}, Kafka brokers, SFTP port,
 * SMTP host and port) can point at it exactly as they would at external servers in production. Ports of 0 are chosen freely.
 * The five servers start side by side (they do not depend on each other). Everything is stopped last when the context closes. Each embedded component logs a warning: none of them
 * belongs in production.
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
        if (env.getProperty("platform.embedded.random-server-port", Boolean.class, false)) {
            try {
                props.put("server.port", Ledigport.ny());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("no free port for the web server", e);
            }
        }
        List<AutoCloseable> started = java.util.Collections.synchronizedList(new ArrayList<>());
        EmbeddedSmtpServer[] smtpServer = new EmbeddedSmtpServer[1];
        // the five servers do not depend on each other: started side by side, start-up waits for the slowest
        // (PostgreSQL's initdb on a fresh folder) instead of the sum of all five
        ExecutorService starter = Executors.newFixedThreadPool(5, r -> {
            Thread t = new Thread(r, "embedded-start");
            t.setDaemon(true);
            return t;
        });
        try {
            Files.createDirectories(dataDir);
            log.warn("Embedded infrastructure is ON (platform.embedded.enabled=true), data under " + dataDir
                    + ": for development and tests only, never production");

            Future<EmbeddedPostgresServer> postgresStart = starter.submit(() -> startet(started, EmbeddedPostgresServer.start(dataDir.resolve("postgres"),
                    env.getProperty("platform.embedded.postgres.port", Integer.class, 0))));
            String artemisUser = env.getProperty("platform.embedded.artemis.user", "esb");
            String artemisPassword = env.getProperty("platform.embedded.artemis.password", "esb-local");
            EmbeddedArtemisServer.Redelivery redelivery = Binder.get(env).bind("platform.embedded.artemis.redelivery", Bindable.of(EmbeddedArtemisServer.Redelivery.class))
                    .orElse(EmbeddedArtemisServer.Redelivery.DEFAULT);
            List<EmbeddedArtemisServer.FagsystemUser> fagsystemUsers = Binder.get(env).bind("platform.embedded.artemis.fagsystemer", Bindable.listOf(EmbeddedArtemisServer.FagsystemUser.class))
                    .orElse(List.of());
            Future<EmbeddedArtemisServer> artemisStart = starter.submit(() -> startet(started, EmbeddedArtemisServer.start(dataDir.resolve("artemis"),
                    env.getProperty("platform.embedded.artemis.port", Integer.class, 0), artemisUser, artemisPassword, redelivery, fagsystemUsers)));
            Future<EmbeddedKafkaServer> kafkaStart = starter.submit(() -> startet(started, EmbeddedKafkaServer.start(dataDir.resolve("kafka"),
                    env.getProperty("platform.embedded.kafka.port", Integer.class, 0))));
            List<EmbeddedSftpServer.User> users = Binder.get(env)
                    .bind("platform.embedded.sftp.users", Bindable.listOf(EmbeddedSftpServer.User.class)).orElse(List.of());
            Future<EmbeddedSftpServer> sftpStart = starter.submit(() -> startet(started, EmbeddedSftpServer.start(dataDir.resolve("sftp"),
                    env.getProperty("platform.embedded.sftp.port", Integer.class, 0), users)));
            Future<EmbeddedSmtpServer> smtpStart = starter.submit(() -> startet(started, EmbeddedSmtpServer.start(
                    env.getProperty("platform.embedded.smtp.port", Integer.class, 0))));

            EmbeddedPostgresServer postgres = postgresStart.get();
            props.put("spring.datasource.url", postgres.jdbcUrl());
            props.put("spring.datasource.username", EmbeddedPostgresServer.USER);
            props.put("spring.datasource.password", "");
            log.warn("Embedded PostgreSQL on 127.0.0.1:" + postgres.port() + " with user 'postgres' and no password (local default, not for production)");

            EmbeddedArtemisServer artemis = artemisStart.get();
            props.put("spring.artemis.mode", "native");
            props.put("spring.artemis.broker-url", artemis.brokerUrl());
            props.put("spring.artemis.user", artemisUser);
            props.put("spring.artemis.password", artemisPassword);
            log.warn("Embedded ActiveMQ Artemis on " + artemis.brokerUrl() + " with a built-in platform user and local fagsystem users (local default, not for production)");

            EmbeddedKafkaServer kafka = kafkaStart.get();
            props.put("platform.kafka.bootstrap-servers", kafka.bootstrapServers());
            log.warn("Embedded Kafka (KRaft, single node, no TLS) on " + kafka.bootstrapServers()
                    + " (local default, not for production)");

            EmbeddedSftpServer sftp = sftpStart.get();
            props.put("platform.sftp.host", "127.0.0.1");
            props.put("platform.sftp.port", sftp.port());
            props.put("platform.sftp.root", sftp.root().toString());
            log.warn("Embedded SFTP server on 127.0.0.1:" + sftp.port() + " with an auto-generated host key and "
                    + users.size() + " local users with well-known passwords ("
                    + users.stream().map(EmbeddedSftpServer.User::username).collect(java.util.stream.Collectors.joining(", "))
                    + "; local default, not for production)");

            EmbeddedSmtpServer smtp = smtpStart.get();
            smtpServer[0] = smtp;
            props.put("varsel.epost.host", "127.0.0.1");
            props.put("varsel.epost.port", smtp.port());
            log.warn("Embedded SMTP server on 127.0.0.1:" + smtp.port() + " keeps every e-mail in memory, no login, no TLS"
                    + " (local default, not for production)");
        } catch (Exception e) {
            // the others may still be starting: let them finish, then close whatever did start
            starter.shutdown();
            awaitQuietly(starter);
            closeAll(started);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Could not start the embedded infrastructure: " + cause.getMessage(), cause);
        } finally {
            starter.shutdown();
        }
        // stopped in reverse order of this list: PostgreSQL last, as before
        started.sort(java.util.Comparator.comparingInt(EmbeddedInfrastructure::startOrder));
        env.getPropertySources().addFirst(new MapPropertySource("embeddedInfrastructure", props));
        // registered as the context's first disposable bean, so it is destroyed last: after Camel and every
        // client connection are closed, the servers stop
        application.addListeners((ApplicationListener<ApplicationPreparedEvent>) event -> {
            if (event.getApplicationContext().getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
                registry.registerDisposableBean("embeddedInfrastructure", () -> closeAll(started));
                // what arrived over SMTP, for tests
                registry.registerSingleton("embeddedSmtpServer", smtpServer[0]);
            }
        });
    }

    /** Records a started server, so it is stopped on a later failure and at shutdown. */
    private static <T extends AutoCloseable> T startet(List<AutoCloseable> started, T server) {
        started.add(server);
        return server;
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
