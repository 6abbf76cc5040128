package no.kommune.esb.platform.embedded;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ActiveMQ Artemis with a persistent journal, a TCP acceptor (clients connect exactly as to an external broker),
 * dead-letter address {@code DLQ} and expiry address {@code ExpiryQueue} for every address, and redelivery with
 * exponential backoff. Access control by {@link BrokerUsers}: the platform user may do everything; each fagsystem
 * user only its own addresses (see {@link #fagsystemRoles}).
 */
final class EmbeddedArtemisServer implements AutoCloseable {

    static final String DEAD_LETTER_ADDRESS = "DLQ";
    static final String EXPIRY_ADDRESS = "ExpiryQueue";
    static final String PLATFORM_ROLE = "platform";

    /** A fagsystem's broker account (local profile and tests; in production the broker's own user store). */
    record FagsystemUser(String id, String password) {
    }

    /** Broker-side redelivery: delay, multiplier, max delay and attempts before the dead-letter address. */
    record Redelivery(long delayMs, double multiplier, long maxDelayMs, int maxDeliveryAttempts) {
        static final Redelivery DEFAULT = new Redelivery(1000, 2.0, 60_000, 5);
    }

    /**
     * When the broker stops taking messages for want of disk: below {@code minFreeBytes} usable on the journal's file
     * system, looked at every {@code scanPeriodMs}. Artemis' own default is a share of the disk (90 % used), which on a
     * large shared disk blocks every producer with many gigabytes still free, and a blocked producer waits without end
     * (AMQ212054): a whole test run hung so. A floor of free bytes says what the journal needs.
     */
    record Disk(long minFreeBytes, int scanPeriodMs) {
        static final Disk DEFAULT = new Disk(256L * 1024 * 1024, 5000);
    }

    private final EmbeddedActiveMQ broker;
    private final int port;
    private final BrokerUsers users;

    private EmbeddedArtemisServer(EmbeddedActiveMQ broker, int port, BrokerUsers users) {
        this.broker = broker;
        this.port = port;
        this.users = users;
    }

    static EmbeddedArtemisServer start(Path dataDir, int port, String user, String password, Redelivery redelivery,
                                       Disk disk, List<FagsystemUser> fagsystemer) throws Exception {
        int actualPort = Ledigport.ellerNy(port);
        Configuration config = new ConfigurationImpl()
                .setName("esb-embedded")
                .setPersistenceEnabled(true)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString())
                .setSecurityEnabled(true)
                .setJMXManagementEnabled(false)
                .setGracefulShutdownEnabled(false)
                // min-disk-free decides alone (max-disk-usage -1: Artemis would otherwise log that one overrides the other)
                .setMaxDiskUsage(-1)
                .setMinDiskFree(disk.minFreeBytes())
                .setDiskScanPeriod(disk.scanPeriodMs());
        config.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + actualPort);
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTER_ADDRESS))
                .setExpiryAddress(SimpleString.of(EXPIRY_ADDRESS))
                .setRedeliveryDelay(redelivery.delayMs())
                .setRedeliveryMultiplier(redelivery.multiplier())
                .setMaxRedeliveryDelay(redelivery.maxDelayMs())
                .setMaxDeliveryAttempts(redelivery.maxDeliveryAttempts())
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true));
        for (String address : new String[]{DEAD_LETTER_ADDRESS, EXPIRY_ADDRESS}) {
            config.addAddressConfiguration(new CoreAddressConfiguration().setName(address).addRoutingType(RoutingType.ANYCAST)
                    .addQueueConfiguration(QueueConfiguration.of(address).setRoutingType(RoutingType.ANYCAST)));
        }
        config.putSecurityRoles("#", Set.of(platformRole()));

        BrokerUsers users = new BrokerUsers();
        users.add(user, password, PLATFORM_ROLE);
        for (FagsystemUser fagsystem : fagsystemer) {
            fagsystemRoles(fagsystem.id()).forEach(config::putSecurityRoles);
            users.add(fagsystem.id(), fagsystem.password(), fagsystem.id());
        }
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(config).setSecurityManager(users);
        broker.start();
        return new EmbeddedArtemisServer(broker, actualPort, users);
    }

    private static Role platformRole() {
        return new Role(PLATFORM_ROLE, true, true, true, true, true, true, true, true, true, true, false, false);
    }

    /**
     * Security settings for one fagsystem (role = its id): everything under {@code fagsystem.<id>.} may be consumed
     * and browsed by it (answers, status changes, register events), and its letter intake queue
     * {@code fagsystem.<id>.forsendelse.inn} may only be sent to. The most specific match wins in Artemis, so each
     * setting names the platform role too. Another fagsystem's addresses, and every other address, are refused.
     */
    static Map<String, Set<Role>> fagsystemRoles(String id) {
        //                      name  send   consume createDQ deleteDQ createNDQ deleteNDQ manage browse createAddr deleteAddr view  edit
        Role eget = new Role(id, false, true, true, false, false, false, false, true, true, false, false, false);
        Role innlevering = new Role(id, true, false, true, false, false, false, false, false, true, false, false, false);
        return Map.of(
                "fagsystem." + id + ".#", Set.of(platformRole(), eget),
                "fagsystem." + id + ".forsendelse.inn", Set.of(platformRole(), innlevering));
    }

    static String brokerUrl(int port) {
        return "tcp://127.0.0.1:" + port;
    }

    /** Whether the broker holds producers back for want of disk (min-disk-free reached at the last scan). */
    boolean diskFull() {
        return broker.getActiveMQServer().getPagingManager().isDiskFull();
    }

    int maxDiskUsage() {
        return broker.getActiveMQServer().getConfiguration().getMaxDiskUsage();
    }

    int port() {
        return port;
    }

    BrokerUsers users() {
        return users;
    }

    @Override
    public void close() throws Exception {
        broker.stop();
    }

}
